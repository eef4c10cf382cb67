package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;
import io.xenscope.cpu.fault.InvalidOpcode;

/**
 * LAHF and SAHF (SDM Vol. 2): AH ↔ SF:ZF:0:AF:0:PF:1:CF. In 64-bit mode they exist only when
 * CPUID.80000001H:ECX.LAHF-SAHF[bit 0] is set, else #UD.
 */
final class FlagsByte {
    private static final long LOW_FLAGS = Flags.SF | Flags.ZF | Flags.AF | Flags.PF | Flags.CF;

    private FlagsByte() {
    }

    static Op lahf(Instruction insn, TranslationContext ctx) {
        return new Lahf(insn.codeSize() == CodeSize.BITS64);
    }

    static Op sahf(Instruction insn, TranslationContext ctx) {
        return new Sahf(insn.codeSize() == CodeSize.BITS64);
    }

    static void checkAvailable(Cpu c, boolean longMode) {
        if (longMode && (c.model.cpuid(0x80000001, 0)[2] & 1) == 0) {
            throw new InvalidOpcode("lahf/sahf in 64-bit mode without CPUID LAHF-SAHF");
        }
    }

    record Lahf(boolean longMode) implements Op {
        @Override
        public void execute(Cpu c) {
            checkAvailable(c, longMode);
            long ah = (Flags.read(c) & LOW_FLAGS) | Flags.FIXED;
            c.gpr[0] = (c.gpr[0] & ~0xff00L) | ah << 8;
        }
    }

    record Sahf(boolean longMode) implements Op {
        @Override
        public void execute(Cpu c) {
            checkAvailable(c, longMode);
            long ah = (c.gpr[0] >>> 8) & LOW_FLAGS;
            long f = Flags.read(c);
            Flags.write(c, (f & ~LOW_FLAGS) | ah);
        }
    }
}
