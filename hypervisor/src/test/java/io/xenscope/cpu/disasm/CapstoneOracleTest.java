package io.xenscope.cpu.disasm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import capstone.Capstone;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.CodeSource;
import io.xenscope.cpu.decoder.Decoder;
import io.xenscope.cpu.decoder.Instruction;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Capstone (Debian's libcapstone4 through its JNA binding) as a second, independent oracle: over the
 * same real code, instruction by instruction along our own walk, lengths and mnemonics must agree
 * (mnemonic spellings mapped by {@link CapstoneNames}), except for VEX/EVEX which we do not decode.
 * Needs {@code apt-get install -y libcapstone4}: fails (does not skip) without it.
 */
class CapstoneOracleTest {

    @Test
    void compiledCodeHasCapstonesLengthsAndMnemonics() {
        Capstone cs;
        try {
            cs = new Capstone(Capstone.CS_ARCH_X86, Capstone.CS_MODE_64);
        } catch (UnsatisfiedLinkError e) {
            throw new AssertionError("libcapstone not found: apt-get install -y libcapstone4", e);
        }
        int compared = 0;
        int agreed = 0;
        int vex = 0;
        Map<String, Integer> differences = new TreeMap<>();
        HostCode.Text text = HostCode.text(HostCode.LIBC, Integer.MAX_VALUE);
        byte[] code = text.bytes();
        CodeSource src = CodeSource.of(code, text.vma());
        long a = text.vma();
        long end = text.vma() + code.length - 16;
        while (a < end) {
            Instruction insn = Decoder.decode(src, a, CodeSize.BITS64);
            int off = (int) (a - text.vma());
            Capstone.CsInsn[] theirs = cs.disasm(Arrays.copyOfRange(code, off, off + 15), a, 1);
            compared++;
            boolean theyDecode = theirs != null && theirs.length == 1;
            if (!insn.isValid() && (!theyDecode || KnownDifferences.isVexOrEvex(insn, code, off))) {
                if (theyDecode) {
                    vex++;
                    a += theirs[0].size;
                } else {
                    agreed++;
                    a += 1;
                }
                continue;
            }
            String ours = CapstoneNames.ours(insn);
            String their = theyDecode ? CapstoneNames.theirs(theirs[0].mnemonic) : "(none)";
            int theirLen = theyDecode ? theirs[0].size : -1;
            if (theirLen == insn.length() && CapstoneNames.same(ours, their, insn)
                    || !theyDecode && CapstoneNames.UNKNOWN_TO_CAPSTONE.contains(insn.mnemonic())) {
                agreed++;
            } else {
                differences.merge(ours + " [len " + insn.length() + "] vs capstone " + their + " [len " + theirLen + "]",
                        1, Integer::sum);
            }
            a += insn.isValid() ? insn.length() : Math.max(1, theirLen);
        }
        cs.close();
        StringBuilder report = new StringBuilder("capstone oracle: compared " + compared + " instructions, agreed "
                + agreed + ", VEX/EVEX not decoded " + vex + ", other differences "
                + differences.values().stream().mapToInt(i -> i).sum() + "\n");
        differences.entrySet().stream().limit(60).forEach(e -> report.append("  ").append(e.getValue()).append(" x ")
                .append(e.getKey()).append('\n'));
        System.out.println(report);
        assertTrue(differences.isEmpty(), report.toString());
    }
}
