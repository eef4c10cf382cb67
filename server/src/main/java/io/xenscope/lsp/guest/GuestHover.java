package io.xenscope.lsp.guest;

import io.xenscope.lsp.TextDocument;
import io.xenscope.lsp.guest.AbiKnowledgeBase.Constant;
import io.xenscope.lsp.guest.AbiKnowledgeBase.Field;
import io.xenscope.lsp.guest.AbiKnowledgeBase.Hypercall;
import io.xenscope.lsp.guest.AbiKnowledgeBase.Struct;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;

/**
 * Hover in C and assembly guest sources: Xen ABI documentation for hypercalls
 * (HYPERVISOR_x, __HYPERVISOR_x, do_x), constants (MMUEXT_*, EVTCHNOP_*, VIRQ_*, errno ...),
 * structs (start_info, shared_info, vcpu_info, mmu_update, mmuext_op ...) and their fields after
 * {@code ->} or {@code .}.
 */
public final class GuestHover {
    private GuestHover() {
    }

    public static Optional<Hover> hover(TextDocument doc, Position pos) {
        String text = doc.text();
        int off = doc.offsetAt(pos);
        int s = off, e = off;
        while (s > 0 && isIdent(text.charAt(s - 1))) s--;
        while (e < text.length() && isIdent(text.charAt(e))) e++;
        if (s == e) return Optional.empty();
        String word = text.substring(s, e);
        Optional<String> md = describe(word, memberAccess(text, s));
        var range = doc.rangeOf(s, e);
        return md.map(m -> new Hover(new MarkupContent(MarkupKind.MARKDOWN, m), range));
    }

    /** Markdown for a word; member = true when it follows "->" or ".". */
    public static Optional<String> describe(String word, boolean member) {
        AbiKnowledgeBase kb = AbiKnowledgeBase.get();
        if (member) {
            List<Field> fs = kb.fields(word);
            if (!fs.isEmpty()) return Optional.of(fields(fs));
        }
        Optional<Hypercall> h = kb.hypercall(word);
        if (h.isPresent()) return Optional.of(hypercall(h.get()));
        Optional<Constant> c = kb.constant(word);
        if (c.isPresent()) return Optional.of(constant(c.get()));
        Optional<Struct> st = kb.struct(word);
        if (st.isPresent()) return Optional.of(struct(st.get()));
        return Optional.empty();
    }

    private static boolean memberAccess(String text, int start) {
        int i = start - 1;
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i--;
        if (i >= 0 && text.charAt(i) == '.') return true;
        return i >= 1 && text.charAt(i) == '>' && text.charAt(i - 1) == '-';
    }

    private static boolean isIdent(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String hypercall(Hypercall h) {
        return "```c\n" + h.signature() + "\n```\n"
                + "**Hypercall " + h.name() + "** — `__HYPERVISOR_" + h.name() + "` = " + h.number()
                + " (hypercall page offset " + (h.number() * 32) + ")\n\n" + h.doc()
                + "\n\n**Returns**: " + h.returns()
                + "\n\n64-bit arguments in rdi, rsi, rdx, r10, r8; result in rax. *Header: `" + h.header() + "`*";
    }

    private static String constant(Constant c) {
        String value = c.value() >= 10 ? c.value() + " (0x" + Long.toHexString(c.value()) + ")" : String.valueOf(c.value());
        String head = "```c\n#define " + c.name() + " " + value.split(" ")[0] + "\n```\n";
        String body = c.doc().isEmpty() ? c.group().doc() : c.doc() + "\n\n" + c.group().doc();
        if (c.name().startsWith("XEN_E") || c.group().aliasPrefix() != null) {
            body += " Hypercalls return `-" + c.name().replaceFirst("^XEN_", "") + "` = -" + c.value() + ".";
        }
        return head + "**" + c.name() + "** = " + value + "\n\n" + body
                + "\n\nUsed with: " + c.group().usedWith() + "\n\n*Header: `" + c.group().header() + "`*";
    }

    private static String struct(Struct s) {
        StringBuilder b = new StringBuilder("**struct " + s.name() + "** — " + s.size() + " bytes\n\n" + s.doc() + "\n\n| offset | field | type |\n|---|---|---|\n");
        for (List<Object> f : s.fields()) {
            b.append("| ").append(((Number) f.get(2)).intValue()).append(" | `").append(f.get(0)).append("` | `").append(f.get(1)).append("` |\n");
        }
        return b.append("\n*Header: `").append(s.header()).append("`*").toString();
    }

    private static String fields(List<Field> fs) {
        StringBuilder b = new StringBuilder();
        for (Field f : fs) {
            if (b.length() > 0) b.append("\n\n---\n\n");
            b.append("```c\n").append(f.type()).append(' ').append(f.name()).append(";\n```\n")
                    .append("**").append(f.struct().name()).append('.').append(f.name()).append("** at offset ").append(f.offset())
                    .append(" (struct of ").append(f.struct().size()).append(" bytes)");
            if (!f.doc().isEmpty()) b.append("\n\n").append(f.doc());
            b.append("\n\n*Header: `").append(f.struct().header()).append("`*");
        }
        return b.toString();
    }
}
