package io.xenscope.lsp.xlcfg;

import io.xenscope.xl.XlCfgFile;
import io.xenscope.xl.XlCfgParser;
import io.xenscope.lsp.TextDocument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Completion in xl.cfg: keys at the start of a line (a snippet {@code key = "..."} with the key's
 * documentation; keys already set and keys for other guest types are ranked last), and the allowed
 * values after {@code key =} for enumerated keys.
 */
public final class XlCfgCompletion {
    private static final Pattern KEY_PREFIX = Pattern.compile("^\\s*([a-z_0-9]*)$");
    private static final Pattern VALUE_PREFIX = Pattern.compile("^\\s*([a-z_0-9]+)\\s*\\+?=\\s*([\"']?)([A-Za-z0-9_-]*)$");

    private XlCfgCompletion() {
    }

    public static List<CompletionItem> complete(TextDocument doc, Position pos) {
        int line = pos.getLine();
        if (line >= doc.lineCount()) return List.of();
        String text = doc.lineText(line);
        int col = Math.min(pos.getCharacter(), text.length());
        String before = text.substring(0, col);
        if (before.indexOf('#') >= 0) return List.of();
        Matcher m = KEY_PREFIX.matcher(before);
        if (m.matches()) return keys(doc, line, col - m.group(1).length(), col, text.substring(col));
        m = VALUE_PREFIX.matcher(before);
        if (m.matches()) return values(m.group(1), m.group(2), line, col - m.group(3).length(), col, text.substring(col));
        return specKeywords(doc, pos);
    }

    /** KEY=VALUE words of the device spec strings (xl-disk-configuration(5), xl-network-configuration(5), ...). */
    static final java.util.Map<String, List<String>> SPEC_KEYWORDS = java.util.Map.of(
            "disk", List.of("target=", "format=", "vdev=", "access=", "devtype=", "backend=", "backendtype=", "script=",
                    "direct-io-safe", "discard", "no-discard", "trusted", "untrusted", "colo", "specification="),
            "vif", List.of("mac=", "bridge=", "ip=", "type=", "model=", "vifname=", "script=", "backend=", "rate=", "mtu=",
                    "gatewaydev=", "devid=", "trusted", "untrusted"),
            "channel", List.of("backend=", "name=", "connection=", "path="),
            "vfb", List.of("vnc=", "vnclisten=", "vncdisplay=", "vncunused=", "vncpasswd=", "sdl=", "display=", "xauthority=", "keymap="),
            "p9", List.of("tag=", "security_model=", "path=", "backend=", "type="),
            "vtpm", List.of("backend=", "uuid="),
            "usbctrl", List.of("type=", "version=", "ports="),
            "usbdev", List.of("type=", "hostbus=", "hostaddr=", "controller=", "port="));

    private static List<CompletionItem> specKeywords(TextDocument doc, Position pos) {
        int off = doc.offsetAt(pos);
        for (XlCfgFile.Setting s : XlCfgParser.parse(doc.text()).settings()) {
            List<String> words = SPEC_KEYWORDS.get(s.key());
            if (words == null || !(s.value() instanceof XlCfgFile.ListValue l)) continue;
            for (XlCfgFile.Value item : l.items()) {
                if (!(item instanceof XlCfgFile.Str) || off <= item.start() || off >= item.end()) continue;
                int from = off;
                while (from > item.start() + 1 && Character.isLetterOrDigit(doc.text().charAt(from - 1))
                        || from > item.start() + 1 && "-_".indexOf(doc.text().charAt(from - 1)) >= 0) from--;
                Range range = doc.rangeOf(from, off);
                List<CompletionItem> items = new ArrayList<>();
                for (String w : words) {
                    CompletionItem it = new CompletionItem(w);
                    it.setKind(CompletionItemKind.Keyword);
                    it.setDetail(s.key() + " spec");
                    it.setTextEdit(Either.forLeft(new TextEdit(range, w)));
                    items.add(it);
                }
                return items;
            }
        }
        return List.of();
    }

    private static List<CompletionItem> keys(TextDocument doc, int line, int from, int to, String after) {
        XlCfgFile cfg = XlCfgParser.parse(doc.text());
        String guest = XlCfgDiagnostics.guestType(cfg);
        Set<String> present = new HashSet<>();
        for (XlCfgFile.Setting s : cfg.settings()) {
            if (doc.positionAt(s.keyStart()).getLine() != line) present.add(s.key());
        }
        // Replace the rest of the word too, and do not add "= value" if the line already has it.
        int end = to;
        while (end - to < after.length() && Character.isLetterOrDigit(after.charAt(end - to)) || end - to < after.length() && after.charAt(end - to) == '_') end++;
        boolean hasValue = after.substring(end - to).trim().startsWith("=");
        Range range = new Range(new Position(line, from), new Position(line, end));
        List<CompletionItem> items = new ArrayList<>();
        for (KeySpec k : XlCfgSchema.all()) {
            CompletionItem it = new CompletionItem(k.name());
            it.setKind(CompletionItemKind.Property);
            it.setDetail(k.type().label() + (k.unit() != null ? " (" + k.unit() + ")" : "")
                    + (k.guests().equals("all") ? "" : " — " + k.guests().replace("|", "/")));
            it.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, k.markdown()));
            String insert = hasValue ? k.name() : k.snippet();
            it.setInsertTextFormat(hasValue ? InsertTextFormat.PlainText : InsertTextFormat.Snippet);
            it.setTextEdit(Either.forLeft(new TextEdit(range, insert)));
            int rank = present.contains(k.name()) ? 3 : k.deprecated() != null ? 2 : k.appliesTo(guest) ? 0 : 1;
            it.setSortText(rank + k.name());
            if (k.deprecated() != null) it.setTags(List.of(org.eclipse.lsp4j.CompletionItemTag.Deprecated));
            items.add(it);
        }
        return items;
    }

    private static List<CompletionItem> values(String key, String quote, int line, int from, int to, String after) {
        Optional<KeySpec> spec = XlCfgSchema.get(key);
        if (spec.isEmpty() || spec.get().values().isEmpty()) return List.of();
        boolean closed = !quote.isEmpty() && after.startsWith(quote);
        int end = to;
        List<CompletionItem> items = new ArrayList<>();
        for (String v : spec.get().values()) {
            CompletionItem it = new CompletionItem(v);
            it.setKind(CompletionItemKind.EnumMember);
            it.setDetail(key + " value");
            it.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, spec.get().markdown()));
            String insert = quote.isEmpty() ? "\"" + v + "\"" : closed ? v : v + quote;
            it.setTextEdit(Either.forLeft(new TextEdit(new Range(new Position(line, from), new Position(line, end)), insert)));
            it.setFilterText(v);
            items.add(it);
        }
        return items;
    }
}
