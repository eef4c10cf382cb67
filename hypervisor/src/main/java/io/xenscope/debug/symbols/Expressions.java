package io.xenscope.debug.symbols;

/** Describes small DWARF location expressions (DW_AT_frame_base) in words. */
final class Expressions {
    private Expressions() {
    }

    static final String[] REGS = {"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11",
        "r12", "r13", "r14", "r15", "rip"};

    static String reg(int n) {
        return n >= 0 && n < REGS.length ? REGS[n] : "r" + n;
    }

    static String describe(byte[] expr) {
        StringBuilder sb = new StringBuilder();
        DwarfReader r = new DwarfReader("expression", expr);
        try {
            while (!r.atEnd()) {
                int op = r.u8();
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                if (op == 0x9c) {
                    sb.append("DW_OP_call_frame_cfa");
                } else if (op >= 0x50 && op <= 0x6f) {
                    sb.append("DW_OP_reg").append(op - 0x50).append(" (").append(reg(op - 0x50)).append(')');
                } else if (op >= 0x70 && op <= 0x8f) {
                    long off = r.sleb();
                    sb.append("DW_OP_breg").append(op - 0x70).append(" (").append(reg(op - 0x70)).append(") ")
                            .append(off >= 0 ? "+" : "").append(off);
                } else if (op == 0x91) {
                    sb.append("DW_OP_fbreg ").append(r.sleb());
                } else {
                    sb.append(String.format("DW_OP_0x%02x", op));
                    break;
                }
            }
        } catch (DwarfFormatException e) {
            sb.append(" <truncated>");
        }
        return sb.toString();
    }
}
