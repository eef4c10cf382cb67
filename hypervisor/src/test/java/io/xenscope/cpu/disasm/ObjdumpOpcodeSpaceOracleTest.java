package io.xenscope.cpu.disasm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.CodeSource;
import io.xenscope.cpu.decoder.Decoder;
import io.xenscope.cpu.decoder.Instruction;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every opcode of the one-, two- and three-byte maps, under prefixes and ModRM forms, in 16-, 32-
 * and 64-bit mode, disassembled by us and by GNU objdump (Intel syntax): lengths and text must agree
 * but for the documented categories in {@link KnownDifferences}.
 */
class ObjdumpOpcodeSpaceOracleTest {
    private static final int SLOT = 16;

    @ParameterizedTest
    @EnumSource(CodeSize.class)
    void everyOpcodeDisassemblesAsObjdumpDoesInIntelSyntax(CodeSize mode) {
        compare(mode, true);
    }

    /** AT&T in 64-bit mode only, to keep the suite short: operand syntax does not depend on the mode. */
    @org.junit.jupiter.api.Test
    void everyOpcodeDisassemblesAsObjdumpDoesInAttSyntax() {
        compare(CodeSize.BITS64, false);
    }

    private static void compare(CodeSize mode, boolean intelSyntax) {
        Disassembler intel = intelSyntax ? Disassembler.intel() : Disassembler.att();
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        List<Instruction> ours = new ArrayList<>();
        List<byte[]> ourBytes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (byte[] cand : OpcodeSpace.candidates(mode)) {
            Instruction insn = Decoder.decode(CodeSource.of(cand, 0), 0, mode);
            int len = insn.isValid() ? insn.length() : cand.length;
            byte[] b = java.util.Arrays.copyOf(cand, len);
            if (!seen.add(java.util.HexFormat.of().formatHex(b))) {
                continue;
            }
            long at = (long) ours.size() * SLOT;
            ours.add(Decoder.decode(CodeSource.of(b, at), at, mode));
            ourBytes.add(b);
            byte[] slot = new byte[SLOT];
            java.util.Arrays.fill(slot, (byte) 0x90);
            System.arraycopy(b, 0, slot, 0, b.length);
            image.writeBytes(slot);
        }
        List<Objdump.Line> lines = Objdump.disassemble(image.toByteArray(), 0, mode, intelSyntax);
        Map<Long, Integer> byAddress = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            byAddress.put(lines.get(i).address(), i);
        }
        OracleComparison cmp = new OracleComparison(intelSyntax ? KnownDifferences.INTEL : KnownDifferences.ATT);
        for (int i = 0; i < ours.size(); i++) {
            Instruction insn = ours.get(i);
            Integer li = byAddress.get(insn.address());
            String theirs = li == null ? "<objdump desynchronised>" : lines.get(li).text();
            int theirLen = li == null || li + 1 >= lines.size() ? -1 : (int) (lines.get(li + 1).address() - insn.address());
            String text = intel.format(insn, ourBytes.get(i));
            cmp.compare(new OracleComparison.Case(insn, ourBytes.get(i), text, theirs, theirLen));
        }
        System.out.println(cmp.report("objdump opcode-space oracle, " + (intelSyntax ? "Intel" : "AT&T") + ", " + mode));
        assertTrue(cmp.unexplained.isEmpty(), cmp.report("unexplained disagreements with objdump, " + mode));
    }
}
