package io.xenscope.cpu.exec;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.StackSegmentFault;

/**
 * Effective address → linear address (SDM Vol. 3 §3.4, §5.3): segment base, limit and type checks
 * outside 64-bit mode; in 64-bit mode only FS and GS have a base and the address must be canonical
 * (§3.3.7.1). Violations raise #GP(0), or #SS(0) for SS-relative accesses.
 */
public final class Segmentation {
    private Segmentation() {
    }

    /** Linear address of a 64-bit mode access; checks canonicality. */
    public static long linear64(Cpu c, int segment, long ea) {
        long la = segment >= Cpu.FS ? ea + c.seg[segment].base : ea;
        if ((la << 16) >> 16 != la) {
            throw nonCanonical(segment, la);
        }
        return la;
    }

    /** Linear address of a 16/32-bit mode access of {@code size} bytes, with limit and type checks. */
    public static long linearLegacy(Cpu c, int segment, long ea, int size, boolean write) {
        SegmentRegister s = c.seg[segment];
        int attr = s.attributes;
        if (c.mode.isProtected()) {
            if ((attr & SegmentRegister.UNUSABLE) != 0 || (attr & SegmentRegister.P) == 0 && segment != Cpu.CS) {
                throw fault(segment, "segment " + segName(segment) + " is not usable (null selector)");
            }
            boolean code = (attr & SegmentRegister.TYPE_CODE) != 0;
            if (write ? code || (attr & SegmentRegister.TYPE_RW) == 0 : code && (attr & SegmentRegister.TYPE_RW) == 0) {
                throw fault(segment, (write ? "write to " : "read from ") + "a segment that forbids it: " + segName(segment));
            }
            if (!code && (attr & SegmentRegister.TYPE_DC) != 0) {
                // expand-down: valid offsets are limit+1 .. 0xffff or 0xffffffff (SDM §3.4.5.1)
                long top = (attr & SegmentRegister.DB) != 0 ? 0xffffffffL : 0xffffL;
                if (ea <= s.limit || ea + size - 1 > top) {
                    throw fault(segment, "outside expand-down segment " + segName(segment));
                }
                return (s.base + ea) & 0xffffffffL;
            }
        }
        if (ea + size - 1 > s.limit) {
            throw fault(segment, String.format("offset 0x%x beyond the limit 0x%x of %s", ea, s.limit, segName(segment)));
        }
        return c.mode.isLongMode() ? s.base + ea & 0xffffffffL : (s.base + ea) & 0xffffffffL;
    }

    /** Linear address for the current mode (used by slow paths that do not know the mode at translation time). */
    public static long linear(Cpu c, int segment, long ea, int size, boolean write) {
        return c.mode == io.xenscope.cpu.CpuMode.LONG_64 ? linear64(c, segment, ea) : linearLegacy(c, segment, ea, size, write);
    }

    private static RuntimeException nonCanonical(int segment, long la) {
        String d = String.format("non-canonical address 0x%x", la);
        return segment == Cpu.SS ? new StackSegmentFault(0, d) : new GeneralProtection(0, d);
    }

    private static RuntimeException fault(int segment, String detail) {
        return segment == Cpu.SS ? new StackSegmentFault(0, detail) : new GeneralProtection(0, detail);
    }

    static String segName(int segment) {
        return new String[] {"ES", "CS", "SS", "DS", "FS", "GS"}[segment];
    }
}
