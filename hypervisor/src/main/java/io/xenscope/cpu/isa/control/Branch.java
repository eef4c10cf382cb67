package io.xenscope.cpu.isa.control;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.fault.GeneralProtection;

/**
 * Rules every near transfer shares (SDM Vol. 2 JMP, CALL, RET, Jcc): the target is truncated to
 * the operand size (a 16-bit IP wraps); outside 64-bit mode a target beyond CS.limit raises #GP(0);
 * in 64-bit mode a non-canonical target raises #GP(0) at the branch, before anything changed.
 */
public final class Branch {
    private Branch() {
    }

    /** RIP of the next instruction, wrapped to the code size. */
    public static long nextRip(Instruction insn) {
        return insn.nextAddress() & ripMask(insn.codeSize());
    }

    public static long ripMask(CodeSize size) {
        return switch (size) {
            case BITS16 -> 0xffffL;
            case BITS32 -> 0xffffffffL;
            default -> -1L;
        };
    }

    public static boolean canonical(long address) {
        return (address << 16) >> 16 == address;
    }

    /** Checks a target: canonical in 64-bit mode, within CS.limit otherwise; returns it. */
    public static long check(Cpu c, long target, boolean longMode) {
        if (longMode) {
            if (!canonical(target)) {
                throw new GeneralProtection(0, String.format("branch to non-canonical address 0x%x", target));
            }
        } else if (target > c.seg[Cpu.CS].limit) {
            throw new GeneralProtection(0, String.format("branch to 0x%x beyond the CS limit 0x%x", target, c.seg[Cpu.CS].limit));
        }
        return target;
    }
}
