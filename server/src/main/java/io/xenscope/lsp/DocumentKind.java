package io.xenscope.lsp;

import java.util.Locale;

/** What the server knows how to analyse, decided by languageId first, then by file name. */
public enum DocumentKind {
    XL_CFG, C, ASM, OTHER;

    public static DocumentKind of(TextDocument doc) {
        return of(doc.languageId(), doc.fileName());
    }

    public static DocumentKind of(String languageId, String fileName) {
        String id = languageId == null ? "" : languageId.toLowerCase(Locale.ROOT);
        switch (id) {
            case "xl-cfg", "xlcfg", "xl.cfg": return XL_CFG;
            case "c", "cpp": return C;
            case "asm", "gas", "assembly", "s": return ASM;
            default: break;
        }
        String f = fileName == null ? "" : fileName;
        if (f.endsWith(".cfg") || f.endsWith(".xl") || f.equals("xl.cfg")) return XL_CFG;
        if (f.endsWith(".c") || f.endsWith(".h")) return C;
        if (f.endsWith(".s")) return ASM; // .S and .s (the name is lower-cased)
        return OTHER;
    }
}
