package io.xenscope.cpu.isa.segment;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.SegmentRegister;

/**
 * Segment and gate descriptors in the GDT/LDT (SDM Vol. 3 §3.4.5, §3.5): where a selector's
 * descriptor lives, and its fields. A descriptor is the raw 8-byte value; 16-byte system
 * descriptors of IA-32e mode add a second quadword with bits 63..32 of the base or offset.
 */
public final class Descriptors {
    /** System descriptor types (S = 0; SDM Vol. 3 Table 3-2). */
    public static final int TSS16_AVAILABLE = 1, LDT = 2, TSS16_BUSY = 3, CALL_GATE16 = 4, TASK_GATE = 5,
            INTERRUPT_GATE16 = 6, TRAP_GATE16 = 7, TSS_AVAILABLE = 9, TSS_BUSY = 11, CALL_GATE = 12,
            INTERRUPT_GATE = 14, TRAP_GATE = 15;

    private Descriptors() {
    }

    /**
     * Linear address of the descriptor {@code selector} names, or -1 when its {@code bytes} lie
     * beyond the GDT or LDT limit (or the LDT is unusable).
     */
    /**
     * What {@link #address} returns for a selector beyond the table limit. Not -1 / a negative test:
     * descriptor tables in the upper canonical half (a 64-bit kernel's, Xen's per-domain GDT) have
     * negative addresses. 0x8000000000000000 is never canonical, so never a real table address.
     */
    public static final long NONE = Long.MIN_VALUE;

    public static long address(Cpu c, int selector, int bytes) {
        long index = selector & 0xfff8;
        if ((selector & 4) != 0) {
            SegmentRegister ldt = c.ldtr;
            if ((ldt.attributes & SegmentRegister.UNUSABLE) != 0 || (ldt.selector & 0xfffc) == 0
                    || index + bytes - 1 > ldt.limit) {
                return NONE;
            }
            return mask(c, ldt.base + index);
        }
        if (index + bytes - 1 > c.gdtrLimit) {
            return NONE;
        }
        return mask(c, c.gdtrBase + index);
    }

    private static long mask(Cpu c, long la) {
        return c.mode.isLongMode() ? la : la & 0xffffffffL;
    }

    /** Reads a descriptor (an implicit supervisor access, SDM Vol. 3 §4.6). */
    public static long read(Cpu c, long address) {
        return c.mmu.readSupervisor(address, 8);
    }

    /** Sets the accessed bit of a code or data descriptor in memory, as the processor does on a load. */
    public static void setAccessed(Cpu c, long address, long descriptor) {
        if ((descriptor & (1L << 40)) == 0) {
            c.mmu.writeSupervisor(address + 5, 1, ((descriptor >>> 40) & 0xff) | 1);
        }
    }

    public static int type(long d) {
        return (int) (d >>> 40) & 0xf;
    }

    /** S flag: 1 for code/data, 0 for system descriptors. */
    public static boolean isCodeOrData(long d) {
        return (d & (1L << 44)) != 0;
    }

    public static int dpl(long d) {
        return (int) (d >>> 45) & 3;
    }

    public static boolean present(long d) {
        return (d & (1L << 47)) != 0;
    }

    public static boolean isCode(long d) {
        return isCodeOrData(d) && (type(d) & 8) != 0;
    }

    public static boolean isData(long d) {
        return isCodeOrData(d) && (type(d) & 8) == 0;
    }

    public static boolean conforming(long d) {
        return isCode(d) && (type(d) & 4) != 0;
    }

    /** Readable code or any data segment. */
    public static boolean readable(long d) {
        return isData(d) || (type(d) & 2) != 0;
    }

    public static boolean writableData(long d) {
        return isData(d) && (type(d) & 2) != 0;
    }

    /** L flag: 64-bit code segment. */
    public static boolean longCode(long d) {
        return (d & (1L << 53)) != 0;
    }

    public static boolean defaultBig(long d) {
        return (d & (1L << 54)) != 0;
    }

    /** Base address bits 31..0. */
    public static long base(long d) {
        return ((d >>> 16) & 0xffffff) | ((d >>> 32) & 0xff000000L);
    }

    /** Byte-granular limit (the G flag applied). */
    public static long limit(long d) {
        long raw = (d & 0xffff) | ((d >>> 32) & 0xf0000);
        return (d & (1L << 55)) != 0 ? (raw << 12) | 0xfff : raw;
    }

    /** Gate: target code-segment selector. */
    public static int gateSelector(long d) {
        return (int) (d >>> 16) & 0xffff;
    }

    /** Gate: offset bits 31..0 (bits 15..0 for 16-bit gates). */
    public static long gateOffset(long d) {
        return (d & 0xffff) | ((d >>> 32) & 0xffff0000L);
    }

    /** Call gate: parameter count; interrupt gate in IA-32e mode: IST index. */
    public static int gateCount(long d) {
        return (int) (d >>> 32) & 0x1f;
    }

    /** Whether the gate types are the IA-32e ones (16-byte gates, no 16-bit or task gates). */
    static boolean longMode(Cpu c) {
        return c.mode.isLongMode();
    }

    static boolean is64(Cpu c) {
        return c.mode == CpuMode.LONG_64;
    }
}
