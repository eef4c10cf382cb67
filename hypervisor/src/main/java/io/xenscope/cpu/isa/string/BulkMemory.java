package io.xenscope.cpu.isa.string;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.fault.GuestFault;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.mmu.AccessType;
import java.util.Arrays;

/**
 * The fast path of rep movs and rep stos (DF = 0) on ordinary RAM: up to one page of elements at a
 * time, bounded by the source and destination page ends, the address-size wrap and the iteration
 * budget. Each chunk is translated and segment-checked before anything is written, so a fault is
 * raised exactly at the first element of the chunk with all earlier chunks committed; anything
 * unusual (MMIO, an element straddling a page, overlap closer than the copy runs, a segment limit
 * inside the chunk, a page under a data breakpoint) returns 0 and the caller does one element the
 * slow, exact way.
 */
final class BulkMemory {
    /** Below this many bytes the per-element path through the TLB is as fast. */
    static final int MIN_BYTES = 64;

    private BulkMemory() {
    }

    /** Copies up to {@code max} elements for rep movs; returns how many (registers updated), or 0. */
    static long movs(Cpu c, Shape s, long max) {
        if ((c.rflags & Flags.DF) != 0) {
            return 0;
        }
        long si = s.si(c), di = s.di(c);
        long srcLa, dstLa;
        try {
            srcLa = s.linear(c, s.sourceSegment(), si, s.size(), false);
            dstLa = s.linear(c, Cpu.ES, di, s.size(), true);
        } catch (GuestFault f) {
            return 0;
        }
        long n = Math.min(max, Math.min(s.beforeWrap(si), s.beforeWrap(di)));
        n = Math.min(n, Math.min(inPage(srcLa, s.size()), inPage(dstLa, s.size())));
        int bytes = (int) n * s.size();
        if (bytes < MIN_BYTES || !withinSegment(c, s, s.sourceSegment(), si, bytes, false)
                || !withinSegment(c, s, Cpu.ES, di, bytes, true)) {
            return 0;
        }
        long srcPa = c.mmu.translate(srcLa, AccessType.READ);
        long dstPa = c.mmu.translate(dstLa, AccessType.WRITE);
        if (watched(c, srcLa, srcPa, false) || watched(c, dstLa, dstPa, true)) {
            return 0;
        }
        byte[] src = c.memory.frame(srcPa >>> PhysicalMemory.PAGE_SHIFT);
        byte[] dst = c.memory.frame(dstPa >>> PhysicalMemory.PAGE_SHIFT);
        if (src == null || dst == null) {
            return 0;
        }
        int so = (int) (srcPa & PhysicalMemory.PAGE_MASK), dof = (int) (dstPa & PhysicalMemory.PAGE_MASK);
        if (src == dst && dof > so && dof < so + bytes) {
            return 0; // a forward copy onto itself replicates: keep the element-by-element semantics
        }
        c.memory.beforeWrite(dstPa, bytes);
        System.arraycopy(src, so, dst, dof, bytes);
        s.advanceSi(c, bytes);
        s.advanceDi(c, bytes);
        return n;
    }

    /** Fills up to {@code max} elements for rep stos; returns how many (rDI updated), or 0. */
    static long stos(Cpu c, Shape s, long max, long value) {
        if ((c.rflags & Flags.DF) != 0) {
            return 0;
        }
        long di = s.di(c);
        long dstLa;
        try {
            dstLa = s.linear(c, Cpu.ES, di, s.size(), true);
        } catch (GuestFault f) {
            return 0;
        }
        long n = Math.min(Math.min(max, s.beforeWrap(di)), inPage(dstLa, s.size()));
        int bytes = (int) n * s.size();
        if (bytes < MIN_BYTES || !withinSegment(c, s, Cpu.ES, di, bytes, true)) {
            return 0;
        }
        long dstPa = c.mmu.translate(dstLa, AccessType.WRITE);
        if (watched(c, dstLa, dstPa, true)) {
            return 0;
        }
        byte[] dst = c.memory.frame(dstPa >>> PhysicalMemory.PAGE_SHIFT);
        if (dst == null) {
            return 0;
        }
        c.memory.beforeWrite(dstPa, bytes);
        int off = (int) (dstPa & PhysicalMemory.PAGE_MASK);
        if (s.size() == 1) {
            Arrays.fill(dst, off, off + bytes, (byte) value);
        } else {
            for (int i = 0; i < bytes; i++) {
                dst[off + i] = (byte) (value >>> ((i & (s.size() - 1)) << 3));
            }
        }
        s.advanceDi(c, bytes);
        return n;
    }

    /** A page under a data breakpoint goes element by element through the MMU, which checks each access. */
    private static boolean watched(Cpu c, long linear, long physical, boolean write) {
        return !c.mmu.watchpoints().isEmpty() && c.mmu.watchpoints().watchesPage(linear, physical, write);
    }

    private static long inPage(long linear, int size) {
        return (PhysicalMemory.PAGE_SIZE - (linear & PhysicalMemory.PAGE_MASK)) / size;
    }

    private static boolean withinSegment(Cpu c, Shape s, int segment, long offset, int bytes, boolean write) {
        if (s.longMode()) {
            return true; // within one page: canonical like its first byte
        }
        try {
            s.linear(c, segment, offset, bytes, write);
            return true;
        } catch (GuestFault f) {
            return false;
        }
    }
}
