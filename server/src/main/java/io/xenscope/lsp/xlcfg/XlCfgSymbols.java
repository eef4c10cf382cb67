package io.xenscope.lsp.xlcfg;

import io.xenscope.xl.XlCfgFile;
import io.xenscope.xl.XlCfgParser;
import io.xenscope.lsp.TextDocument;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;

/** Document symbols: one per setting (lists get one child per element). */
public final class XlCfgSymbols {
    private XlCfgSymbols() {
    }

    public static List<DocumentSymbol> symbols(TextDocument doc) {
        List<DocumentSymbol> out = new ArrayList<>();
        for (XlCfgFile.Setting s : XlCfgParser.parse(doc.text()).settings()) {
            XlCfgFile.Value v = s.value();
            String detail = v == null ? "" : doc.text().substring(v.start(), Math.min(v.end(), v.start() + 80)).replaceAll("\\s+", " ");
            SymbolKind kind = v instanceof XlCfgFile.ListValue ? SymbolKind.Array
                    : v instanceof XlCfgFile.Num ? SymbolKind.Number : SymbolKind.Property;
            DocumentSymbol sym = new DocumentSymbol(s.key(), kind, doc.rangeOf(s.start(), s.end()), doc.rangeOf(s.keyStart(), s.keyEnd()), detail);
            if (v instanceof XlCfgFile.ListValue l) {
                List<DocumentSymbol> kids = new ArrayList<>();
                int i = 0;
                for (XlCfgFile.Value item : l.items()) {
                    String text = item instanceof XlCfgFile.Str str ? str.value() : doc.text().substring(item.start(), item.end());
                    kids.add(new DocumentSymbol(s.key() + "[" + i++ + "]", SymbolKind.String,
                            doc.rangeOf(item.start(), item.end()), doc.rangeOf(item.start(), item.end()), text));
                }
                sym.setChildren(kids);
            }
            out.add(sym);
        }
        return out;
    }
}
