package io.xenscope.cpu.decoder;

import java.util.HexFormat;

/** Test helper: decode instruction bytes written as hex ("48 89 e5"). */
final class Bytes {
    private Bytes() {
    }

    static final long AT = 0x1000;

    static Instruction decode(String hex, CodeSize mode) {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        return Decoder.decode(CodeSource.of(b, AT), AT, mode);
    }

    static Instruction d64(String hex) {
        return decode(hex, CodeSize.BITS64);
    }

    static Instruction d32(String hex) {
        return decode(hex, CodeSize.BITS32);
    }

    static Instruction d16(String hex) {
        return decode(hex, CodeSize.BITS16);
    }

    static Operand.Reg reg(Register r) {
        return new Operand.Reg(r);
    }

    static Operand.Imm imm(long v, int size) {
        return new Operand.Imm(v, size);
    }
}
