package io.xenscope.lsp.xlcfg;

import static io.xenscope.lsp.LspAssert.assertEqualsRange;
import static io.xenscope.lsp.LspAssert.assertHover;
import static io.xenscope.lsp.LspAssert.doc;
import static io.xenscope.lsp.LspAssert.testCompletionFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.lsp.TextDocument;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

class XlCfgFeaturesTest {
    private static final String URI = "untitled:guest.cfg";

    @Test
    void completesKeysWithSnippetsAndDocs() {
        List<CompletionItem> items = testCompletionFor("name = \"a\"\nmem|", "memory", "maxmem", "on_crash");
        CompletionItem memory = items.stream().filter(i -> i.getLabel().equals("memory")).findFirst().orElseThrow();
        assertEquals(InsertTextFormat.Snippet, memory.getInsertTextFormat());
        TextEdit edit = memory.getTextEdit().getLeft();
        assertEquals("memory = ${1:1}", edit.getNewText());
        assertEqualsRange(edit.getRange(), 1, 0, 3);
        assertTrue(memory.getDocumentation().getRight().getValue().contains("MiB"));
        CompletionItem type = items.stream().filter(i -> i.getLabel().equals("type")).findFirst().orElseThrow();
        assertEquals("type = \"${1|pv,pvh,hvm|}\"", type.getTextEdit().getLeft().getNewText());
    }

    @Test
    void keysAlreadySetRankLast() {
        List<CompletionItem> items = testCompletionFor("name = \"a\"\n|");
        String nameSort = items.stream().filter(i -> i.getLabel().equals("name")).findFirst().orElseThrow().getSortText();
        String memSort = items.stream().filter(i -> i.getLabel().equals("memory")).findFirst().orElseThrow().getSortText();
        assertTrue(memSort.compareTo(nameSort) < 0);
    }

    @Test
    void completesEnumValues() {
        List<CompletionItem> items = testCompletionFor("type = \"p|\"", "pv", "pvh", "hvm");
        assertEquals("pv", items.get(0).getTextEdit().getLeft().getNewText(), "closing quote already there");
        items = testCompletionFor("on_crash = |", "preserve", "coredump-destroy", "soft-reset");
        assertEquals("\"destroy\"", items.get(0).getTextEdit().getLeft().getNewText());
        assertEquals(List.of(), testCompletionFor("name = |"));
        assertEquals(List.of(), testCompletionFor("# memory |"));
    }

    @Test
    void completesDeviceSpecKeywordsInsideListStrings() {
        List<CompletionItem> items = testCompletionFor("disk = [ 'format=raw, vd|' ]", "vdev=", "access=", "target=");
        TextEdit e = items.stream().filter(i -> i.getLabel().equals("vdev=")).findFirst().orElseThrow().getTextEdit().getLeft();
        assertEqualsRange(e.getRange(), 0, 22, 24);
        testCompletionFor("vif = [ \"mac=00:16:3e:00:00:01,|\" ]", "bridge=", "model=");
        assertEquals(List.of(), testCompletionFor("name = [ 'x|' ]"));
    }

    @Test
    void hoverOnKeysAndValues() {
        assertHover(URI, "mem|ory = 512", "**memory**", "MiB");
        assertHover(URI, "type = \"p|vh\"", "PHYS32_ENTRY");
        assertHover(URI, "builder = \"h|vm\"", "Deprecated");
        assertHover(URI, "frob|nicate = 1");
    }

    @Test
    void documentSymbols() {
        TextDocument d = doc(URI, "name = \"a\"\nmemory = 512\ndisk = [ 'x', 'y' ]\n");
        List<DocumentSymbol> s = XlCfgSymbols.symbols(d);
        assertEquals(List.of("name", "memory", "disk"), s.stream().map(DocumentSymbol::getName).toList());
        assertEquals(2, s.get(2).getChildren().size());
        assertEquals("512", s.get(1).getDetail());
        assertEqualsRange(s.get(1).getSelectionRange(), 1, 0, 6);
    }

    @Test
    void quickFixesFromDiagnostics() {
        TextDocument d = doc(URI, "name = \"a\"\nkernel = \"/dev/null\"\nmemroy = 5\nbuilder = \"hvm\"\n");
        List<Diagnostic> ds = new XlCfgDiagnostics().diagnose(d);
        List<CodeAction> actions = XlCfgCodeActions.quickFixes(URI, ds);
        List<String> titles = actions.stream().map(CodeAction::getTitle).toList();
        assertTrue(titles.contains("Change to 'memory'"), titles.toString());
        assertTrue(titles.contains("Replace with type = \"hvm\""), titles.toString());
        // data comes back from a client as JSON
        Diagnostic fromClient = ds.stream().filter(x -> x.getData() != null).findFirst().orElseThrow();
        fromClient.setData(new com.google.gson.JsonPrimitive((String) fromClient.getData()));
        assertEquals(1, XlCfgCodeActions.quickFixes(URI, List.of(fromClient)).size());
    }

    @Test
    void schemaCoversTheBriefAndSuggestions() {
        for (String k : List.of("name", "type", "builder", "kernel", "ramdisk", "cmdline", "extra", "root", "memory", "maxmem", "vcpus",
                "maxvcpus", "cpus", "on_poweroff", "on_reboot", "on_crash", "on_watchdog", "disk", "vif", "serial", "boot", "firmware",
                "bios", "device_model_version", "pvh", "acpi", "viridian", "hap", "nestedhvm", "shadow_memory", "max_grant_frames",
                "max_maptrack_frames", "uuid", "seclabel", "pool", "driver_domain", "p2m_mode")) {
            assertTrue(XlCfgSchema.get(k).isPresent(), k);
        }
        assertEquals(List.of("vcpus"), XlCfgSchema.suggestions("vpcus"));
        assertEquals(List.of("on_crash"), XlCfgSchema.suggestions("oncrash"));
        assertEquals(2, EditDistance.of("kitten", "sitten") + 1);
    }
}
