package io.xenscope.mmu;

import io.xenscope.cpu.Cpu;
import io.xenscope.memory.PhysicalMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One vCPU's view of memory by linear address: a direct-mapped software TLB in front of the
 * {@link PageWalker}. A TLB entry holds the host byte array of a guest frame, so a hit is one tag
 * compare and one array access. Separate read, write and fetch TLBs encode the access rights
 * already checked; the tag's low bit says whether the entry was filled for a user (CPL 3) access.
 * A writable entry is filled only after the walk has set the dirty bit, and never for frames that
 * hold translated code or MMIO (those always take the slow path).
 *
 * <p>Data breakpoints ({@link Watchpoints}) cost nothing while none is armed: no page holding a
 * watched byte ever enters the read or write TLB (for the direction the watch triggers on), so only
 * accesses to those pages take the slow path, which checks the linear and the translated physical
 * address. A hit lets the access complete, is kept as {@link #watchHit()} and tells the listener
 * (the engine ends the running block after the accessing instruction).
 */
public final class Mmu implements PhysicalMemory.CodeMarkListener {
    private static final int TLB_BITS = 10;
    private static final int TLB_SIZE = 1 << TLB_BITS;
    private static final int TLB_MASK = TLB_SIZE - 1;
    private static final long INVALID = -1L;
    private static final long PAGE_MASK = PhysicalMemory.PAGE_MASK;

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Cpu cpu;
    private final PhysicalMemory memory;

    private final long[] readTag = new long[TLB_SIZE];
    private final byte[][] readPage = new byte[TLB_SIZE][];
    private final long[] writeTag = new long[TLB_SIZE];
    private final byte[][] writePage = new byte[TLB_SIZE][];
    /**
     * Translations of pages that hold code, for writes: they stay on the slow path (so the write
     * is checked against the translated code) but skip the page walk.
     */
    private final long[] codeWriteTag = new long[TLB_SIZE];
    private final long[] codeWriteFrame = new long[TLB_SIZE];
    private final long[] fetchTag = new long[TLB_SIZE];
    private final long[] fetchFrame = new long[TLB_SIZE];
    /** Entries that came from global pages survive a CR3 write with CR4.PGE set (SDM Vol. 3 §4.10.2.4). */
    private final boolean[] global = new boolean[TLB_SIZE];
    /** Set when any entry came from a large page: invlpg then flushes everything (allowed: SDM §4.10.4.1). */
    private boolean holdsLargePages;
    /** Bumped whenever translations may have changed, so cached linear→physical facts can be revalidated. */
    private int generation;

    private Watchpoints watches = Watchpoints.NONE;
    private WatchHit watchHit;
    private Runnable watchListener = () -> { };

    public Mmu(Cpu cpu, PhysicalMemory memory) {
        this.cpu = cpu;
        this.memory = memory;
        memory.addCodeMarkListener(this);
        flushAll();
    }

    public PhysicalMemory memory() {
        return memory;
    }

    // ---- TLB maintenance -------------------------------------------------------------------------

    /** Changes whenever any translation may have changed (flushes, invlpg). */
    public int generation() {
        return generation;
    }

    public void flushAll() {
        generation++;
        Arrays.fill(readTag, INVALID);
        Arrays.fill(writeTag, INVALID);
        Arrays.fill(codeWriteTag, INVALID);
        Arrays.fill(fetchTag, INVALID);
        Arrays.fill(readPage, null);
        Arrays.fill(writePage, null);
        Arrays.fill(global, false);
        holdsLargePages = false;
    }

    /** A CR3 write with CR4.PGE set: global entries stay. */
    public void flushNonGlobal() {
        generation++;
        for (int i = 0; i < TLB_SIZE; i++) {
            if (!global[i]) {
                readTag[i] = writeTag[i] = codeWriteTag[i] = fetchTag[i] = INVALID;
                readPage[i] = writePage[i] = null;
            }
        }
    }

    /** invlpg: drops the translation of the page holding {@code linear}, global or not. */
    public void invlpg(long linear) {
        generation++;
        if (holdsLargePages) {
            flushAll();
            return;
        }
        int i = index(linear);
        readTag[i] = writeTag[i] = codeWriteTag[i] = fetchTag[i] = INVALID;
        readPage[i] = writePage[i] = null;
    }

    @Override
    public void codeFrameMarked(long pfn) {
        byte[] frame = memory.frame(pfn);
        for (int i = 0; i < TLB_SIZE; i++) {
            if (writePage[i] == frame) {
                writeTag[i] = INVALID;
                writePage[i] = null;
            }
        }
    }

    private static int index(long linear) {
        return (int) (linear >>> 12) & TLB_MASK;
    }

    private long tag(long linear) {
        return (linear >>> 12) << 1 | (cpu.cpl == 3 ? 1 : 0);
    }

    // ---- translation -----------------------------------------------------------------------------

    /** Translates with the current CPL's rights; throws a guest #PF. */
    public long translate(long linear, int type) {
        return translate(linear, type, cpu.cpl == 3);
    }

    public long translate(long linear, int type, boolean user) {
        return PageWalker.translate(cpu, memory, linear, type, user).physical();
    }

    /** Physical address of an instruction byte (execute access); fills the fetch TLB. */
    public long translateFetch(long linear) {
        int i = index(linear);
        long t = tag(linear);
        if (fetchTag[i] == t) {
            return fetchFrame[i] | (linear & PAGE_MASK);
        }
        PageWalker.Translation tr = PageWalker.translate(cpu, memory, linear, AccessType.EXECUTE, cpu.cpl == 3);
        fill(i, tr);
        fetchTag[i] = t;
        fetchFrame[i] = tr.physical() & ~PAGE_MASK;
        return tr.physical();
    }

    public int fetch8(long linear) {
        return memory.read8(translateFetch(linear));
    }

    private byte[] readFrame(long linear, boolean user) {
        int i = index(linear);
        PageWalker.Translation tr = PageWalker.translate(cpu, memory, linear, AccessType.READ, user);
        byte[] f = memory.frame(tr.physical() >>> 12);
        if (f != null && user == (cpu.cpl == 3) && !watches.watchesPage(linear, tr.physical(), false)) {
            fill(i, tr);
            readTag[i] = tag(linear);
            readPage[i] = f;
        }
        return f;
    }

    private void fill(int i, PageWalker.Translation tr) {
        global[i] = tr.global();
        if (tr.pageSize() > 4096) {
            holdsLargePages = true;
        }
    }

    // ---- data access by linear address (current privilege) -------------------------------------

    public int read8(long la) {
        int i = index(la);
        if (readTag[i] == tag(la)) {
            return readPage[i][(int) (la & PAGE_MASK)] & 0xff;
        }
        return (int) (slowRead(la, 1, cpu.cpl == 3) & 0xff);
    }

    public int read16(long la) {
        int i = index(la);
        if (readTag[i] == tag(la) && (la & PAGE_MASK) <= PAGE_MASK - 1) {
            return (short) I16.get(readPage[i], (int) (la & PAGE_MASK)) & 0xffff;
        }
        return (int) (slowRead(la, 2, cpu.cpl == 3) & 0xffff);
    }

    public int read32(long la) {
        int i = index(la);
        if (readTag[i] == tag(la) && (la & PAGE_MASK) <= PAGE_MASK - 3) {
            return (int) I32.get(readPage[i], (int) (la & PAGE_MASK));
        }
        return (int) slowRead(la, 4, cpu.cpl == 3);
    }

    public long read64(long la) {
        int i = index(la);
        if (readTag[i] == tag(la) && (la & PAGE_MASK) <= PAGE_MASK - 7) {
            return (long) I64.get(readPage[i], (int) (la & PAGE_MASK));
        }
        return slowRead(la, 8, cpu.cpl == 3);
    }

    public void write8(long la, int v) {
        int i = index(la);
        if (writeTag[i] == tag(la)) {
            writePage[i][(int) (la & PAGE_MASK)] = (byte) v;
            return;
        }
        slowWrite(la, 1, v, cpu.cpl == 3);
    }

    public void write16(long la, int v) {
        int i = index(la);
        if (writeTag[i] == tag(la) && (la & PAGE_MASK) <= PAGE_MASK - 1) {
            I16.set(writePage[i], (int) (la & PAGE_MASK), (short) v);
            return;
        }
        slowWrite(la, 2, v, cpu.cpl == 3);
    }

    public void write32(long la, int v) {
        int i = index(la);
        if (writeTag[i] == tag(la) && (la & PAGE_MASK) <= PAGE_MASK - 3) {
            I32.set(writePage[i], (int) (la & PAGE_MASK), v);
            return;
        }
        slowWrite(la, 4, v, cpu.cpl == 3);
    }

    public void write64(long la, long v) {
        int i = index(la);
        if (writeTag[i] == tag(la) && (la & PAGE_MASK) <= PAGE_MASK - 7) {
            I64.set(writePage[i], (int) (la & PAGE_MASK), v);
            return;
        }
        slowWrite(la, 8, v, cpu.cpl == 3);
    }

    /** Reads {@code size} bytes (1, 2, 4, 8) as a zero-extended value. */
    public long read(long la, int size) {
        return switch (size) {
            case 1 -> read8(la);
            case 2 -> read16(la);
            case 4 -> read32(la) & 0xffffffffL;
            default -> read64(la);
        };
    }

    public void write(long la, int size, long v) {
        switch (size) {
            case 1 -> write8(la, (int) v);
            case 2 -> write16(la, (int) v);
            case 4 -> write32(la, (int) v);
            default -> write64(la, v);
        }
    }

    // ---- implicit supervisor accesses (descriptor tables, TSS, IDT: SDM Vol. 3 §4.6) -----------

    public long readSupervisor(long la, int size) {
        return slowRead(la, size, false) & (size == 8 ? -1L : (1L << (size * 8)) - 1);
    }

    public void writeSupervisor(long la, int size, long v) {
        slowWrite(la, size, v, false);
    }

    /** Checks that {@code size} bytes at {@code la} are writable without writing (for instructions that must not fault halfway). */
    public void probeWrite(long la, int size) {
        boolean user = cpu.cpl == 3;
        translate(la, AccessType.WRITE, user);
        if (((la + size - 1) ^ la) >>> 12 != 0) {
            translate(la + size - 1, AccessType.WRITE, user);
        }
    }

    // ---- slow paths ------------------------------------------------------------------------------

    private long slowRead(long la, int size, boolean user) {
        long v = plainSlowRead(la, size, user);
        if (!watches.isEmpty()) {
            Watchpoint w = watchHitBy(la, size, AccessType.READ, user);
            if (w != null) {
                recordWatchHit(new WatchHit(w, la, translate(la, AccessType.READ, user), size, false, v, v, false, -1));
            }
        }
        return v;
    }

    private void slowWrite(long la, int size, long v, boolean user) {
        if (watches.isEmpty()) {
            plainSlowWrite(la, size, v, user);
            return;
        }
        Watchpoint w = watchHitBy(la, size, AccessType.WRITE, user); // faults here, before anything is written
        long old = w == null ? 0 : oldValue(la, size, user);
        plainSlowWrite(la, size, v, user);
        if (w != null) {
            long mask = size == 8 ? -1L : (1L << (size * 8)) - 1;
            recordWatchHit(new WatchHit(w, la, translate(la, AccessType.WRITE, user), size, true, old, v & mask, false, -1));
        }
    }

    /** The watch an access hits (an access crossing a page is checked in both), or null; translates (and may fault). */
    private Watchpoint watchHitBy(long la, int size, int type, boolean user) {
        boolean write = type == AccessType.WRITE;
        long second = (la | PAGE_MASK) + 1;
        int first = (int) Math.min(size, second - la);
        Watchpoint w = watches.hit(la, translate(la, type, user), first, write);
        if (w == null && first < size) {
            w = watches.hit(second, translate(second, type, user), size - first, write);
        }
        return w;
    }

    /** The bytes a write is about to replace, read from RAM without side effects (MMIO reads as 0). */
    private long oldValue(long la, int size, boolean user) {
        long v = 0;
        for (int k = 0; k < size; k++) {
            long pa = translate(la + k, AccessType.WRITE, user);
            if (memory.frame(pa >>> 12) != null) {
                v |= (long) memory.read8(pa) << (8 * k);
            }
        }
        return v;
    }

    // ---- data breakpoints ------------------------------------------------------------------------

    /** Arms {@code w} (replacing the set) and flushes the TLBs, so watched pages leave them. */
    public void setWatchpoints(Watchpoints w) {
        watches = w;
        watchHit = null;
        flushAll();
    }

    public Watchpoints watchpoints() {
        return watches;
    }

    /** Told once per hit, right after the access (the engine stops after the accessing instruction). */
    public void setWatchListener(Runnable listener) {
        watchListener = listener;
    }

    /** The first hit since the last {@link #clearWatchHit}, or null. */
    public WatchHit watchHit() {
        return watchHit;
    }

    public void clearWatchHit() {
        watchHit = null;
    }

    /** Records the RIP of the accessing instruction on the pending hit (if not known yet). */
    public void setWatchHitRip(long rip) {
        if (watchHit != null && watchHit.rip() == -1) {
            watchHit = watchHit.withRip(rip);
        }
    }

    /**
     * The watch an access by Xen on the guest's behalf (copy_to_guest / copy_from_guest, within one
     * page) hits, or null: nothing to check when no watch is armed.
     */
    public Watchpoint xenAccessHits(long linear, long physical, long size, boolean write) {
        return watches.isEmpty() ? null : watches.hit(linear, physical, size, write);
    }

    /** Keeps the first hit of the current instruction and tells the listener. */
    public void recordWatchHit(WatchHit hit) {
        if (watchHit == null) {
            watchHit = hit;
            watchListener.run();
        }
    }

    private long plainSlowRead(long la, int size, boolean user) {
        if ((la & PAGE_MASK) + size > PhysicalMemory.PAGE_SIZE) {
            // Crosses a page: translate both before reading, so a fault on the second page is clean.
            long second = (la | PAGE_MASK) + 1;
            long pa2 = translate(second, AccessType.READ, user);
            long pa1 = translate(la, AccessType.READ, user);
            int first = (int) (second - la);
            long v = 0;
            for (int k = 0; k < size; k++) {
                long pa = k < first ? pa1 + k : pa2 + (k - first);
                v |= (long) memory.read8(pa) << (8 * k);
            }
            return v;
        }
        byte[] f = readFrame(la, user);
        if (f == null) {
            long pa = translate(la, AccessType.READ, user);
            return switch (size) {
                case 1 -> memory.read8(pa);
                case 2 -> memory.read16(pa);
                case 4 -> memory.read32(pa) & 0xffffffffL;
                default -> memory.read64(pa);
            };
        }
        int o = (int) (la & PAGE_MASK);
        return switch (size) {
            case 1 -> f[o] & 0xff;
            case 2 -> (short) I16.get(f, o) & 0xffff;
            case 4 -> (int) I32.get(f, o) & 0xffffffffL;
            default -> (long) I64.get(f, o);
        };
    }

    private void plainSlowWrite(long la, int size, long v, boolean user) {
        if ((la & PAGE_MASK) + size > PhysicalMemory.PAGE_SIZE) {
            long second = (la | PAGE_MASK) + 1;
            long pa1 = translate(la, AccessType.WRITE, user);
            long pa2 = translate(second, AccessType.WRITE, user);
            int first = (int) (second - la);
            for (int k = 0; k < size; k++) {
                long pa = k < first ? pa1 + k : pa2 + (k - first);
                memory.write8(pa, (int) (v >>> (8 * k)));
            }
            return;
        }
        int i = index(la);
        long t = tag(la);
        boolean cacheable = user == (cpu.cpl == 3);
        long pa;
        if (codeWriteTag[i] == t && cacheable) {
            pa = codeWriteFrame[i] | (la & PAGE_MASK);
        } else {
            PageWalker.Translation tr = PageWalker.translate(cpu, memory, la, AccessType.WRITE, user);
            pa = tr.physical();
            if (cacheable) {
                fill(i, tr);
            }
        }
        long pfn = pa >>> 12;
        byte[] f = memory.frame(pfn);
        if (f != null && !memory.isCode(pfn)) {
            if (cacheable && !watches.watchesPage(la, pa, true)) {
                codeWriteTag[i] = INVALID;
                writeTag[i] = t;
                writePage[i] = f;
            }
        } else {
            if (f != null && cacheable) {
                codeWriteTag[i] = t;
                codeWriteFrame[i] = pa & ~PAGE_MASK;
            }
            switch (size) { // through PhysicalMemory: MMIO, or the check against translated code
                case 1 -> memory.write8(pa, (int) v);
                case 2 -> memory.write16(pa, (int) v);
                case 4 -> memory.write32(pa, (int) v);
                default -> memory.write64(pa, v);
            }
            return;
        }
        int o = (int) (la & PAGE_MASK);
        switch (size) {
            case 1 -> f[o] = (byte) v;
            case 2 -> I16.set(f, o, (short) v);
            case 4 -> I32.set(f, o, (int) v);
            default -> I64.set(f, o, v);
        }
    }
}
