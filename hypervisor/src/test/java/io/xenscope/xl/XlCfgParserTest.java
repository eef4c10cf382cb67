package io.xenscope.xl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.xl.XlCfgFile.ListValue;
import io.xenscope.xl.XlCfgFile.Num;
import io.xenscope.xl.XlCfgFile.Str;
import java.util.List;
import org.junit.jupiter.api.Test;

class XlCfgParserTest {
    @Test
    void parsesTheXlSyntax() {
        XlCfgFile f = XlCfgParser.parse("""
                # a PV guest
                name = "hello"   # trailing comment
                memory = 0x80; vcpus = 2
                disk = [ 'phy:/dev/vg/a,xvda,w',
                         "file:/b.img,xvdb,r", ]
                extra = "console=hvc0 \\"quoted\\" \\x41"
                cpus += "3"
                """);
        assertEquals(List.of(), f.errors());
        assertEquals(List.of("name", "memory", "vcpus", "disk", "extra", "cpus"), f.settings().stream().map(XlCfgFile.Setting::key).toList());
        assertEquals("hello", f.string("name").orElseThrow());
        assertEquals(128L, f.number("memory").orElseThrow());
        assertEquals(2L, f.number("vcpus").orElseThrow());
        ListValue disk = assertInstanceOf(ListValue.class, f.get("disk").orElseThrow().value());
        assertEquals(2, disk.items().size());
        assertEquals("file:/b.img,xvdb,r", ((Str) disk.items().get(1)).value());
        assertEquals("console=hvc0 \"quoted\" A", f.string("extra").orElseThrow());
        assertTrue(f.get("cpus").orElseThrow().append());
        assertEquals("it's", XlCfgParser.parse("x = 'it\\'s'").string("x").orElseThrow(), "escapes work in single quotes too");
    }

    @Test
    void recoversAfterABadLineWithPreciseRanges() {
        String text = "name = \"a\"\nmemory = = 5\nvcpus = 2\n";
        XlCfgFile f = XlCfgParser.parse(text);
        assertEquals(1, f.errors().size(), f.errors().toString());
        XlCfgFile.SyntaxError e = f.errors().get(0);
        assertEquals("=", text.substring(e.start(), e.end()));
        assertEquals(2L, f.number("vcpus").orElseThrow(), "the line after the error is still parsed");
    }

    @Test
    void unquotedStringUnterminatedStringAndUnclosedList() {
        String text = "type = pv\nname = \"oops\nvif = [ 'a'\nmemory = 512\n";
        XlCfgFile f = XlCfgParser.parse(text);
        assertEquals(3, f.errors().size(), f.errors().toString());
        assertEquals("pv", text.substring(f.errors().get(0).start(), f.errors().get(0).end()));
        assertEquals("\"pv\"", f.errors().get(0).fix());
        assertTrue(f.errors().get(1).message().contains("unterminated"));
        assertTrue(f.errors().get(2).message().contains("missing ']'"));
        assertEquals(512L, f.number("memory").orElseThrow());
        assertEquals("pv", f.string("type").orElseThrow());
    }

    @Test
    void numbersWithUnitsAreErrorsButKeepTheSetting() {
        XlCfgFile f = XlCfgParser.parse("memory = 512M\n");
        assertEquals(1, f.errors().size());
        Num n = assertInstanceOf(Num.class, f.get("memory").orElseThrow().value());
        assertEquals(null, n.value());
    }

    @Test
    void garbageNeverThrows() {
        java.util.Random r = new java.util.Random(42);
        String alphabet = "abc_=[]\"',;#\n 0x9+-\\";
        for (int i = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(60); k > 0; k--) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            XlCfgFile f = XlCfgParser.parse(b.toString());
            for (XlCfgFile.SyntaxError e : f.errors()) {
                assertTrue(e.start() >= 0 && e.start() <= e.end() && e.end() <= b.length(), b + " " + e);
            }
        }
    }
}
