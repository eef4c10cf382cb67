package io.xenscope.cpu.isa.segment;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.cpu.fault.InvalidTss;

/**
 * Reading the current task-state segment (SDM Vol. 3 §8.2.1, §8.7): the inner-privilege stacks of
 * 16-bit, 32-bit and 64-bit TSSs and the IST pointers. Fields beyond the TSS limit raise #TS with
 * the TR selector.
 */
public final class TaskState {
    private TaskState() {
    }

    /** The stack for privilege level {@code dpl} from a 16/32-bit TSS: {selector, stack pointer}. */
    public static long[] legacyStack(Cpu c, int dpl, int ext) {
        SegmentRegister tr = c.tr;
        boolean tss32 = (tr.attributes & 8) != 0;
        int offset = tss32 ? 4 + dpl * 8 : 2 + dpl * 4;
        int width = tss32 ? 4 : 2;
        if (offset + width + 1 > tr.limit) {
            throw new InvalidTss((tr.selector & 0xfffc) | ext, "TSS too small for the privilege-" + dpl + " stack");
        }
        long sp = c.mmu.readSupervisor(tr.base + offset, width);
        long ss = c.mmu.readSupervisor(tr.base + offset + width, 2);
        return new long[] {ss, sp};
    }

    /** RSPn of the 64-bit TSS. */
    public static long rsp(Cpu c, int dpl, int ext) {
        return read64(c, 4 + dpl * 8, ext);
    }

    /** ISTn (1..7) of the 64-bit TSS. */
    public static long ist(Cpu c, int n, int ext) {
        return read64(c, 0x24 + (n - 1) * 8, ext);
    }

    private static long read64(Cpu c, int offset, int ext) {
        SegmentRegister tr = c.tr;
        if (offset + 7 > tr.limit) {
            throw new InvalidTss((tr.selector & 0xfffc) | ext, String.format("TSS offset 0x%x beyond its limit", offset));
        }
        return c.mmu.readSupervisor(tr.base + offset, 8);
    }
}
