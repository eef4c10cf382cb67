package io.xenscope.lsp.xlcfg;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Quick fixes for xl.cfg diagnostics that carry a replacement in {@code data}: "did you mean" key
 * renames, builder → type, unquoted strings, "512M" → 512, list brackets, enum spelling.
 */
public final class XlCfgCodeActions {
    private XlCfgCodeActions() {
    }

    public static List<CodeAction> quickFixes(String uri, List<Diagnostic> diagnostics) {
        List<CodeAction> out = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            if (!XlCfgDiagnostics.SOURCE.equals(d.getSource())) continue;
            String fix = replacement(d.getData());
            if (fix == null) continue;
            String code = d.getCode() != null && d.getCode().isLeft() ? d.getCode().getLeft() : "";
            String title = switch (code) {
                case XlCfgDiagnostics.UNKNOWN_KEY -> "Change to '" + fix + "'";
                case XlCfgDiagnostics.DEPRECATED -> "Replace with " + fix;
                default -> "Replace with " + fix;
            };
            CodeAction a = new CodeAction(title);
            a.setKind(CodeActionKind.QuickFix);
            a.setDiagnostics(List.of(d));
            a.setIsPreferred(true);
            a.setEdit(new WorkspaceEdit(Map.of(uri, List.of(new TextEdit(d.getRange(), fix)))));
            out.add(a);
        }
        return out;
    }

    /** data arrives as a String from our own code and as a JSON element from a client. */
    private static String replacement(Object data) {
        if (data instanceof String s) return s;
        if (data instanceof JsonPrimitive p && p.isString()) return p.getAsString();
        if (data instanceof JsonElement e && e.isJsonPrimitive()) return e.getAsString();
        return null;
    }
}
