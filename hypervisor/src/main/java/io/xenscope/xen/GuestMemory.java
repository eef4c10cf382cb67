package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.fault.PageFault;
import io.xenscope.mmu.AccessType;
import io.xenscope.mmu.PageWalker;
import io.xenscope.mmu.WatchHit;
import io.xenscope.mmu.Watchpoint;

import java.nio.charset.StandardCharsets;

/**
 * copy_from_guest / copy_to_guest for a 64-bit PV vCPU: guest virtual addresses go through the
 * vCPU's current page tables with supervisor rights and CR0.WP set (Xen's own accesses), after
 * __addr_ok() (the address must not lie in Xen's reserved range 0xFFFF800000000000 -
 * 0xFFFF87FFFFFFFFFF, nor be non-canonical). A failure throws {@link GuestFaultOnCopy}; the
 * dispatcher turns it into -EFAULT.
 *
 * <p>Xen's accesses are checked against the armed data breakpoints ({@code Mmu.xenAccessHits}, free
 * when none is), so a watch catches a hypercall writing the guest's buffer; the hit names the
 * hypercall instruction. Accesses by machine address (vcpu_info, shared_info) are not guest copies
 * and are not checked.
 */
public final class GuestMemory {
    public static final long HYPERVISOR_VIRT_START = 0xFFFF_8000_0000_0000L;
    public static final long HYPERVISOR_VIRT_END = 0xFFFF_8800_0000_0000L;

    private final Cpu cpu;

    public GuestMemory(Cpu cpu) {
        this.cpu = cpu;
    }

    /** __addr_ok(): a guest (not Xen) address, canonical. */
    public static boolean addressOk(long va) {
        return Long.compareUnsigned(va, 1L << 47) < 0 || Long.compareUnsigned(va, HYPERVISOR_VIRT_END) >= 0;
    }

    /** Machine address of guest virtual {@code va} for an access of {@code type}. */
    public long translate(long va, int type) {
        if (!addressOk(va)) {
            throw new GuestFaultOnCopy(va, "not a guest address (Xen's range or non-canonical)");
        }
        try {
            return PageWalker.translate(cpu, cpu.memory, va, type, false).physical();
        } catch (PageFault pf) {
            throw new GuestFaultOnCopy(va, type == AccessType.WRITE ? "not mapped writable" : "not mapped");
        }
    }

    public long read(long va, int size) {
        if (((va + size - 1) ^ va) >>> 12 != 0) {
            long v = 0;
            for (int i = 0; i < size; i++) {
                v |= (long) read8(va + i) << (8 * i);
            }
            return v;
        }
        long pa = translate(va, AccessType.READ);
        long v = switch (size) {
            case 1 -> cpu.memory.read8(pa);
            case 2 -> cpu.memory.read16(pa);
            case 4 -> cpu.memory.read32(pa) & 0xffffffffL;
            default -> cpu.memory.read64(pa);
        };
        watchRead(va, pa, size, v);
        return v;
    }

    private void watchRead(long va, long pa, int size, long value) {
        Watchpoint w = cpu.mmu.xenAccessHits(va, pa, size, false);
        if (w != null) {
            cpu.mmu.recordWatchHit(new WatchHit(w, va, pa, size, false, value, value, true, -1));
        }
    }

    /** Bytes [pa, pa + n) of RAM as a little-endian value (at most 8). */
    private long peek(long pa, int n) {
        long v = 0;
        for (int k = 0; k < Math.min(n, 8); k++) {
            v |= (long) cpu.memory.read8(pa + k) << (8 * k);
        }
        return v;
    }

    public void write(long va, int size, long value) {
        if (((va + size - 1) ^ va) >>> 12 != 0) {
            for (int i = 0; i < size; i++) {
                translate(va + i, AccessType.WRITE); // probe all before writing any
            }
            for (int i = 0; i < size; i++) {
                write8(va + i, (int) (value >>> (8 * i)));
            }
            return;
        }
        long pa = translate(va, AccessType.WRITE);
        Watchpoint w = cpu.mmu.xenAccessHits(va, pa, size, true);
        long old = w == null ? 0 : peek(pa, size);
        switch (size) {
            case 1 -> cpu.memory.write8(pa, (int) value);
            case 2 -> cpu.memory.write16(pa, (int) value);
            case 4 -> cpu.memory.write32(pa, (int) value);
            default -> cpu.memory.write64(pa, value);
        }
        if (w != null) {
            cpu.mmu.recordWatchHit(new WatchHit(w, va, pa, size, true, old, peek(pa, size), true, -1));
        }
    }

    public int read8(long va) {
        long pa = translate(va, AccessType.READ);
        int v = cpu.memory.read8(pa);
        watchRead(va, pa, 1, v);
        return v;
    }

    public int read16(long va) {
        return (int) read(va, 2);
    }

    public int read32(long va) {
        return (int) read(va, 4);
    }

    public long read64(long va) {
        return read(va, 8);
    }

    public void write8(long va, int v) {
        write(va, 1, v);
    }

    public void write16(long va, int v) {
        write(va, 2, v);
    }

    public void write32(long va, int v) {
        write(va, 4, v);
    }

    public void write64(long va, long v) {
        write(va, 8, v);
    }

    public byte[] readBytes(long va, int length) {
        byte[] b = new byte[length];
        int i = 0;
        while (i < length) {
            long pa = translate(va + i, AccessType.READ);
            int n = (int) Math.min(length - i, 4096 - ((va + i) & 0xfff));
            cpu.memory.readBytes(pa, b, i, n);
            Watchpoint w = cpu.mmu.xenAccessHits(va + i, pa, n, false);
            if (w != null) {
                int from = firstWatched(w, va + i, pa, n);
                long v = peek(pa + from, n - from);
                cpu.mmu.recordWatchHit(new WatchHit(w, va + i + from, pa + from, Math.min(n - from, 8), false, v, v, true, -1));
            }
            i += n;
        }
        return b;
    }

    public void writeBytes(long va, byte[] src) {
        int i = 0;
        while (i < src.length) {
            translate(va + i, AccessType.WRITE);
            i += (int) Math.min(src.length - i, 4096 - ((va + i) & 0xfff));
        }
        i = 0;
        while (i < src.length) {
            long pa = translate(va + i, AccessType.WRITE);
            int n = (int) Math.min(src.length - i, 4096 - ((va + i) & 0xfff));
            Watchpoint w = cpu.mmu.xenAccessHits(va + i, pa, n, true);
            int from = w == null ? 0 : firstWatched(w, va + i, pa, n);
            long old = w == null ? 0 : peek(pa + from, n - from);
            cpu.memory.writeBytes(pa, src, i, n);
            if (w != null) {
                cpu.mmu.recordWatchHit(new WatchHit(w, va + i + from, pa + from, Math.min(n - from, 8), true, old,
                        peek(pa + from, n - from), true, -1));
            }
            i += n;
        }
    }

    /** Offset of the first byte of [va, va + n) (physical pa) that {@code w} watches. */
    private static int firstWatched(Watchpoint w, long va, long pa, int n) {
        long start = w.space() == Watchpoint.Space.LINEAR ? va : pa;
        return (int) Math.max(0, Math.min(n - 1, w.address() - start));
    }

    /** A NUL-terminated string of at most {@code max} bytes (strncpy_from_guest-like). */
    public String readCString(long va, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < max; i++) {
            int c = read8(va + i);
            if (c == 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    /** Writes {@code s} NUL-padded into a fixed-size field of {@code size} bytes (truncated to size-1). */
    public void writeFixedString(long va, String s, int size) {
        byte[] b = new byte[size];
        byte[] src = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(src, 0, b, 0, Math.min(src.length, size - 1));
        writeBytes(va, b);
    }
}
