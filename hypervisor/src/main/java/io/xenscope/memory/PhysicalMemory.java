package io.xenscope.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Guest physical memory: RAM as sparse 4 KiB frames allocated on first touch (a 1 GiB guest that
 * touches 10 MiB holds about 10 MiB of heap), plus memory-mapped I/O regions.
 *
 * <p>It also knows which bytes hold translated code, in 64-byte chunks (one bit each, one long per
 * frame): a write that touches such a chunk (through this class or through an MMU slow path) tells
 * the {@link CodeWriteListener}, so translated blocks are dropped and self-modifying code works,
 * while data that merely shares a page with code (a kernel's .data after .text) costs no
 * retranslation. The MMU never caches a writable mapping of a frame holding code.
 */
public final class PhysicalMemory {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final long PAGE_MASK = PAGE_SIZE - 1;

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Notified when a frame holding translated code is written. */
    public interface CodeWriteListener {
        void codeFrameWritten(long pfn);
    }

    /** Notified when a frame starts holding translated code (MMUs drop their writable mappings of it). */
    public interface CodeMarkListener {
        void codeFrameMarked(long pfn);
    }

    private record MmioRegion(long base, long size, MmioHandler handler) {
    }

    private final long ramBytes;
    private final byte[][] frames;
    /** Per frame: bit i set = bytes 64i..64i+63 hold translated code. */
    private final long[] codeChunks;
    private final List<MmioRegion> mmio = new ArrayList<>();
    private final List<CodeWriteListener> codeListeners = new ArrayList<>();
    private final List<CodeMarkListener> markListeners = new ArrayList<>();
    private int allocatedFrames;

    public PhysicalMemory(long ramBytes) {
        if (ramBytes <= 0 || (ramBytes & PAGE_MASK) != 0 || ramBytes > (1L << 40)) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB up to 1 TiB: " + ramBytes);
        }
        this.ramBytes = ramBytes;
        int n = Math.toIntExact(ramBytes >>> PAGE_SHIFT);
        this.frames = new byte[n][];
        this.codeChunks = new long[n];
    }

    public long ramBytes() {
        return ramBytes;
    }

    public long frameCount() {
        return frames.length;
    }

    /** Bytes of heap actually holding guest frames. */
    public long touchedBytes() {
        return (long) allocatedFrames * PAGE_SIZE;
    }

    public boolean isRam(long physicalAddress) {
        return physicalAddress >= 0 && physicalAddress < ramBytes && findMmio(physicalAddress) == null;
    }

    /**
     * The backing array of RAM frame {@code pfn}, allocated on first use; null when the frame is not
     * RAM (beyond the end of RAM, or shadowed by an MMIO region). The MMU caches these arrays.
     */
    public byte[] frame(long pfn) {
        if (pfn < 0 || pfn >= frames.length) {
            return null;
        }
        byte[] f = frames[(int) pfn];
        if (f == null) {
            if (!mmio.isEmpty() && findMmio(pfn << PAGE_SHIFT) != null) {
                return null;
            }
            f = new byte[PAGE_SIZE];
            frames[(int) pfn] = f;
            allocatedFrames++;
        }
        return f;
    }

    /**
     * Makes frame {@code pfn} show the same bytes as frame {@code sourcePfn} (both addresses then
     * alias one frame): how a translated guest sees a Xen page placed in its physmap
     * (XENMEM_add_to_physmap). What {@code pfn} held before is dropped. Callers flush the TLBs.
     */
    public void aliasFrame(long pfn, long sourcePfn) {
        byte[] src = frame(sourcePfn);
        if (src == null || pfn < 0 || pfn >= frames.length) {
            throw new IllegalArgumentException(String.format("cannot alias frame 0x%x to 0x%x", pfn, sourcePfn));
        }
        if (frames[(int) pfn] == null) {
            allocatedFrames++;
        }
        frames[(int) pfn] = src;
    }

    public void mapMmio(long base, long size, MmioHandler handler) {
        mmio.add(new MmioRegion(base, size, handler));
    }

    private MmioRegion findMmio(long pa) {
        for (MmioRegion r : mmio) {
            if (pa >= r.base && pa - r.base < r.size) {
                return r;
            }
        }
        return null;
    }

    // ---- code tracking ----------------------------------------------------------------------------

    public void addCodeWriteListener(CodeWriteListener l) {
        codeListeners.add(l);
    }

    public void addCodeMarkListener(CodeMarkListener l) {
        markListeners.add(l);
    }

    /** Marks the byte at physical address {@code pa} as translated code. */
    public void markCode(long pa) {
        long pfn = pa >>> PAGE_SHIFT;
        if (pfn < 0 || pfn >= frames.length) {
            return;
        }
        long before = codeChunks[(int) pfn];
        codeChunks[(int) pfn] = before | 1L << ((pa & PAGE_MASK) >>> 6);
        if (before == 0) {
            for (CodeMarkListener l : markListeners) {
                l.codeFrameMarked(pfn);
            }
        }
    }

    public boolean isCode(long pfn) {
        return pfn >= 0 && pfn < frames.length && codeChunks[(int) pfn] != 0;
    }

    /**
     * Called before {@code length} bytes are written at {@code pa} (within one frame): drops the
     * translated code the write may change.
     */
    public void beforeWrite(long pa, int length) {
        long pfn = pa >>> PAGE_SHIFT;
        if (pfn < 0 || pfn >= frames.length) {
            return;
        }
        long chunks = codeChunks[(int) pfn];
        if (chunks == 0) {
            return;
        }
        int first = (int) ((pa & PAGE_MASK) >>> 6);
        int last = (int) (((pa & PAGE_MASK) + Math.max(length, 1) - 1) >>> 6);
        long touched = (last == 63 ? -1L : (1L << (last + 1)) - 1) & -(1L << first);
        if ((chunks & touched) != 0) {
            codeChunks[(int) pfn] = 0; // every block of the frame is dropped below
            for (CodeWriteListener l : codeListeners) {
                l.codeFrameWritten(pfn);
            }
        }
    }

    // ---- access by physical address ---------------------------------------------------------------

    public int read8(long pa) {
        byte[] f = frame(pa >>> PAGE_SHIFT);
        if (f == null) {
            return (int) mmioRead(pa, 1);
        }
        return f[(int) (pa & PAGE_MASK)] & 0xff;
    }

    public int read16(long pa) {
        if ((pa & PAGE_MASK) > PAGE_SIZE - 2) {
            return read8(pa) | read8(pa + 1) << 8;
        }
        byte[] f = frame(pa >>> PAGE_SHIFT);
        return f == null ? (int) mmioRead(pa, 2) : (short) I16.get(f, (int) (pa & PAGE_MASK)) & 0xffff;
    }

    public int read32(long pa) {
        if ((pa & PAGE_MASK) > PAGE_SIZE - 4) {
            return read16(pa) | read16(pa + 2) << 16;
        }
        byte[] f = frame(pa >>> PAGE_SHIFT);
        return f == null ? (int) mmioRead(pa, 4) : (int) I32.get(f, (int) (pa & PAGE_MASK));
    }

    public long read64(long pa) {
        if ((pa & PAGE_MASK) > PAGE_SIZE - 8) {
            return (read32(pa) & 0xffffffffL) | (long) read32(pa + 4) << 32;
        }
        byte[] f = frame(pa >>> PAGE_SHIFT);
        return f == null ? mmioRead(pa, 8) : (long) I64.get(f, (int) (pa & PAGE_MASK));
    }

    public void write8(long pa, int value) {
        byte[] f = frame(pa >>> PAGE_SHIFT);
        if (f == null) {
            mmioWrite(pa, 1, value);
            return;
        }
        beforeWrite(pa, 1);
        f[(int) (pa & PAGE_MASK)] = (byte) value;
    }

    public void write16(long pa, int value) {
        if ((pa & PAGE_MASK) > PAGE_SIZE - 2) {
            write8(pa, value);
            write8(pa + 1, value >>> 8);
            return;
        }
        byte[] f = frame(pa >>> PAGE_SHIFT);
        if (f == null) {
            mmioWrite(pa, 2, value);
            return;
        }
        beforeWrite(pa, 2);
        I16.set(f, (int) (pa & PAGE_MASK), (short) value);
    }

    public void write32(long pa, int value) {
        if ((pa & PAGE_MASK) > PAGE_SIZE - 4) {
            write16(pa, value);
            write16(pa + 2, value >>> 16);
            return;
        }
        byte[] f = frame(pa >>> PAGE_SHIFT);
        if (f == null) {
            mmioWrite(pa, 4, value);
            return;
        }
        beforeWrite(pa, 4);
        I32.set(f, (int) (pa & PAGE_MASK), value);
    }

    public void write64(long pa, long value) {
        if ((pa & PAGE_MASK) > PAGE_SIZE - 8) {
            write32(pa, (int) value);
            write32(pa + 4, (int) (value >>> 32));
            return;
        }
        byte[] f = frame(pa >>> PAGE_SHIFT);
        if (f == null) {
            mmioWrite(pa, 8, value);
            return;
        }
        beforeWrite(pa, 8);
        I64.set(f, (int) (pa & PAGE_MASK), value);
    }

    public void readBytes(long pa, byte[] dst, int offset, int length) {
        for (int i = 0; i < length; i++) {
            dst[offset + i] = (byte) read8(pa + i);
        }
    }

    public void writeBytes(long pa, byte[] src, int offset, int length) {
        int i = 0;
        while (i < length) {
            long addr = pa + i;
            byte[] f = frame(addr >>> PAGE_SHIFT);
            int inPage = (int) Math.min(length - i, PAGE_SIZE - (addr & PAGE_MASK));
            if (f == null) {
                for (int k = 0; k < inPage; k++) {
                    mmioWrite(addr + k, 1, src[offset + i + k]);
                }
            } else {
                beforeWrite(addr, inPage);
                System.arraycopy(src, offset + i, f, (int) (addr & PAGE_MASK), inPage);
            }
            i += inPage;
        }
    }

    public void fill(long pa, int value, long length) {
        byte[] chunk = new byte[PAGE_SIZE];
        Arrays.fill(chunk, (byte) value);
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(length - done, PAGE_SIZE - ((pa + done) & PAGE_MASK));
            writeBytes(pa + done, chunk, 0, n);
            done += n;
        }
    }

    /** Reads from a hole (no RAM, no device) return all ones; writes are dropped, as on a PC bus. */
    private long mmioRead(long pa, int size) {
        MmioRegion r = findMmio(pa);
        if (r == null) {
            return size == 8 ? -1L : (1L << (size * 8)) - 1;
        }
        return r.handler.read(pa - r.base, size);
    }

    private void mmioWrite(long pa, int size, long value) {
        MmioRegion r = findMmio(pa);
        if (r != null) {
            r.handler.write(pa - r.base, size, value);
        }
    }
}
