package io.xenscope.dap.scopes;

import io.xenscope.dap.VariableStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.lsp4j.debug.Variable;

/** Builds one level of the Variables view; groups are expanded lazily (their children built on request). */
final class Vars {
    private final VariableStore store;
    final List<Variable> list = new ArrayList<>();

    Vars(VariableStore store) {
        this.store = store;
    }

    Vars add(String name, String value) {
        Variable v = new Variable();
        v.setName(name);
        v.setValue(value);
        list.add(v);
        return this;
    }

    Vars hex(String name, long value) {
        return add(name, "0x" + Long.toHexString(value));
    }

    Vars dec(String name, long value) {
        return add(name, Long.toUnsignedString(value));
    }

    /** A child that expands into what {@code children} adds, when the user opens it. */
    Vars group(String name, String summary, Consumer<Vars> children) {
        Variable v = new Variable();
        v.setName(name);
        v.setValue(summary);
        v.setVariablesReference(store.add(() -> {
            Vars c = new Vars(store);
            children.accept(c);
            return c.list;
        }));
        list.add(v);
        return this;
    }

    /** Set bits of a bitmap as port ranges: "1-3, 7" (or "none"). */
    static String ranges(java.util.BitSet bits) {
        StringBuilder sb = new StringBuilder();
        for (int i = bits.nextSetBit(0); i >= 0; ) {
            int end = bits.nextClearBit(i) - 1;
            sb.append(sb.length() > 0 ? ", " : "").append(i).append(end > i ? "-" + end : "");
            i = bits.nextSetBit(end + 1);
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /** Bytes as a C string literal: printable ASCII as is, the rest escaped. */
    static String text(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0 -> sb.append("\\0");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        return sb.append('"').toString();
    }
}
