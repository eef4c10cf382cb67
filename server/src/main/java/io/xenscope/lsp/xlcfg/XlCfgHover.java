package io.xenscope.lsp.xlcfg;

import io.xenscope.xl.XlCfgFile;
import io.xenscope.xl.XlCfgParser;
import io.xenscope.lsp.TextDocument;
import java.util.Optional;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;

/** Hover on an xl.cfg key (or on its value): the key's xl.cfg(5) documentation. */
public final class XlCfgHover {
    private XlCfgHover() {
    }

    public static Optional<Hover> hover(TextDocument doc, Position pos) {
        int off = doc.offsetAt(pos);
        for (XlCfgFile.Setting s : XlCfgParser.parse(doc.text()).settings()) {
            boolean onKey = off >= s.keyStart() && off <= s.keyEnd();
            boolean onValue = s.value() != null && off >= s.value().start() && off <= s.value().end();
            if (!onKey && !onValue) continue;
            Optional<KeySpec> k = XlCfgSchema.get(s.key());
            if (k.isEmpty()) continue;
            int start = onKey ? s.keyStart() : s.value().start(), end = onKey ? s.keyEnd() : s.value().end();
            return Optional.of(new Hover(new MarkupContent(MarkupKind.MARKDOWN, k.get().markdown()), doc.rangeOf(start, end)));
        }
        return Optional.empty();
    }
}
