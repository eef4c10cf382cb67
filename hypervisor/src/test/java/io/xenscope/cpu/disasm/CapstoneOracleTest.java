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
 * same real code, instruction by instruction along Capstone's walk, lengths and mnemonics must agree
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
        for (HostCode.Text text : java.util.List.of(HostCode.text(HostCode.LIBC, Integer.MAX_VALUE))) { // glibc: ~340k instructions
            byte[] code = text.bytes();
            CodeSource src = CodeSource.of(code, text.vma());
            long a = text.vma();
            long end = text.vma() + code.length - 16;
            while (a < end) {
                int off = (int) (a - text.vma());
                Capstone.CsInsn[] batch = cs.disasm(Arrays.copyOfRange(code, off, Math.min(code.length, off + 8192)), a, 1024);
                int n = batch == null ? 0 : batch.length;
                for (int k = 0; k < n && a < end; k++) {
                    Capstone.CsInsn theirs = batch[k];
                    Instruction insn = Decoder.decode(src, a, CodeSize.BITS64);
                    compared++;
                    if (!insn.isValid() && KnownDifferences.isVexOrEvex(insn, code, (int) (a - text.vma()))) {
                        vex++;
                    } else if (theirs.size == insn.length()
                            && CapstoneNames.same(CapstoneNames.ours(insn), CapstoneNames.theirs(theirs.mnemonic), insn)) {
                        agreed++;
                    } else {
                        differences.merge(CapstoneNames.ours(insn) + " [len " + insn.length() + "] vs capstone "
                                + theirs.mnemonic + " [len " + theirs.size + "]", 1, Integer::sum);
                    }
                    a += theirs.size;
                }
                if (n < 1024 && a < end && (batch == null || sumSize(batch) < 8192 - 15)) { // Capstone stopped: it finds no instruction here
                    Instruction insn = Decoder.decode(src, a, CodeSize.BITS64);
                    compared++;
                    if (!insn.isValid() || CapstoneNames.UNKNOWN_TO_CAPSTONE.contains(insn.mnemonic())) {
                        agreed++;
                    } else {
                        differences.merge(CapstoneNames.ours(insn) + " [len " + insn.length() + "] vs capstone (none)",
                                1, Integer::sum);
                    }
                    a += insn.isValid() ? insn.length() : 1;
                }
            }
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

    private static int sumSize(Capstone.CsInsn[] batch) {
        int n = 0;
        for (Capstone.CsInsn i : batch) {
            n += i.size;
        }
        return n;
    }
}
