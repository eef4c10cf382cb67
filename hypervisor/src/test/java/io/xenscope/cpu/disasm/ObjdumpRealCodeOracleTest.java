package io.xenscope.cpu.disasm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.CodeSource;
import io.xenscope.cpu.decoder.Decoder;
import io.xenscope.cpu.decoder.Instruction;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real compiled code (glibc, HotSpot) walked instruction by instruction along objdump's listing:
 * at every address objdump decodes, our length and Intel text must equal objdump's, except for
 * the documented categories of {@link KnownDifferences} (plus VEX/EVEX, which we do not decode yet).
 */
class ObjdumpRealCodeOracleTest {

    @Test
    void compiledCodeDisassemblesAsObjdumpDoesInIntelSyntax() {
        compare(true);
    }

    @Test
    void compiledCodeDisassemblesAsObjdumpDoesInAttSyntax() {
        compare(false);
    }

    private static void compare(boolean intelSyntax) {
        Disassembler intel = intelSyntax ? Disassembler.intel() : Disassembler.att();
        OracleComparison cmp = new OracleComparison(KnownDifferences.REAL_CODE);
        long bytes = 0;
        for (HostCode.Text text : HostCode.corpus()) {
            bytes += text.bytes().length;
            List<Objdump.Line> lines = Objdump.disassemble(text.bytes(), text.vma(), CodeSize.BITS64, intelSyntax);
            CodeSource src = CodeSource.of(text.bytes(), text.vma());
            for (int i = 0; i + 1 < lines.size(); i++) {
                Objdump.Line l = lines.get(i);
                int theirLen = (int) (lines.get(i + 1).address() - l.address());
                Instruction insn;
                try {
                    insn = Decoder.decode(src, l.address(), CodeSize.BITS64);
                } catch (CodeSource.CodeSourceExhausted e) {
                    continue;
                }
                int off = (int) (l.address() - text.vma());
                byte[] b = Arrays.copyOfRange(text.bytes(), off, off + insn.length());
                cmp.compare(new OracleComparison.Case(insn, b, intel.format(insn, b), l.text(), theirLen));
            }
        }
        System.out.println(cmp.report("objdump real-code oracle, " + (intelSyntax ? "Intel" : "AT&T") + " syntax (" + bytes + " bytes of x86-64 .text)"));
        assertTrue(bytes >= 1 << 20, "at least 1 MiB of code compared");
        assertTrue(cmp.unexplained.isEmpty(), cmp.report("unexplained disagreements with objdump on real code"));
    }
}
