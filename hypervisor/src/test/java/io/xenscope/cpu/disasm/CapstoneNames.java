package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;

/** Maps between our mnemonics and Capstone's spellings (Capstone names string ops by size, drops prefixes into the mnemonic...). */
final class CapstoneNames {
    private CapstoneNames() {
    }

    static String ours(Instruction insn) {
        return IntelSyntax.mnemonic(insn);
    }

    /** Capstone's mnemonic without prefix words. */
    static String theirs(String mnemonic) {
        String[] w = mnemonic.trim().split("\\s+");
        return w[w.length - 1];
    }

    /** Same instruction, other spelling: ours -> Capstone's. */
    private static final java.util.Map<String, String> ALIASES = java.util.Map.of(
            "fwait", "wait", "xlat", "xlatb", "shl", "sal");

    /** Instructions Capstone 4.0.2 does not know (it returns nothing); we decode them per the SDM. */
    static final java.util.Set<Mnemonic> UNKNOWN_TO_CAPSTONE = java.util.EnumSet.of(Mnemonic.RDPKRU, Mnemonic.WRPKRU);

    static boolean same(String ours, String theirs, Instruction insn) {
        if (ours.equals(theirs) || theirs.equals(ALIASES.get(ours))) {
            return true;
        }
        if (insn.mnemonic() == Mnemonic.XCHG && insn.operands().size() == 2
                && insn.operand(0).equals(insn.operand(1)) && theirs.equals("nop")) {
            return true; // 66 90: Capstone calls xchg ax,ax "nop"
        }
        Mnemonic m = insn.mnemonic();
        if (StringOps.isString(m)) {
            return theirs.startsWith(ours) && theirs.length() == ours.length() + 1; // movsb, stosq...
        }
        return false;
    }
}
