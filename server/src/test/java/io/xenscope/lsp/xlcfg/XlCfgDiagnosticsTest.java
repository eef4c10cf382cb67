package io.xenscope.lsp.xlcfg;

import static io.xenscope.lsp.LspAssert.d;
import static io.xenscope.lsp.LspAssert.doc;
import static io.xenscope.lsp.LspAssert.testDiagnosticsFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.lsp.LspAssert.Expected;
import io.xenscope.lsp.TestElf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlCfgDiagnosticsTest {
    private static final XlCfgDiagnostics SOURCE = new XlCfgDiagnostics();
    private static final String HEAD = "name = \"g\"\nkernel = \"k\"\n";

    @TempDir
    Path dir;

    private static List<Diagnostic> check(String text, Expected... expected) {
        return testDiagnosticsFor(SOURCE, doc("untitled:guest.cfg", text), expected);
    }

    @Test
    void cleanFileHasNoDiagnostics() {
        check(HEAD + "type = \"pv\"\nmemory = 256\nmaxmem = 512\nvcpus = 2\non_crash = \"preserve\"\ndisk = [ 'phy:/dev/x,xvda,w' ]\n");
    }

    @Test
    void syntaxError() {
        check(HEAD + "memory = = 5\n", d(2, 9, 10, XlCfgDiagnostics.SYNTAX));
    }

    @Test
    void unknownKeyWithDidYouMean() {
        List<Diagnostic> ds = check(HEAD + "memroy = 256\n", d(2, 0, 6, XlCfgDiagnostics.UNKNOWN_KEY, "did you mean 'memory'?"));
        assertEquals("memory", ds.get(0).getData());
        check(HEAD + "frobnicate = 1\n", d(2, 0, 10, XlCfgDiagnostics.UNKNOWN_KEY));
    }

    @Test
    void wrongValueTypes() {
        check(HEAD + "disk = 'phy:/dev/x,xvda,w'\n", d(2, 7, 26, XlCfgDiagnostics.TYPE, "takes a list"));
        check(HEAD + "memory = \"512M\"\n", d(2, 9, 15, XlCfgDiagnostics.TYPE, "memory = 512"));
        check(HEAD + "vcpus = [ 1 ]\n", d(2, 8, 13, XlCfgDiagnostics.TYPE, "not a list"));
        check(HEAD + "memory = \"512\"\n", d(2, 9, 14, XlCfgDiagnostics.TYPE, "write memory = 512"));
    }

    @Test
    void ranges() {
        check(HEAD + "memory = 0\n", d(2, 9, 10, XlCfgDiagnostics.RANGE));
        check(HEAD + "vcpus = 5000\n", d(2, 8, 12, XlCfgDiagnostics.RANGE));
        check(HEAD + "memory = 1024\nmaxmem = 512\n", d(3, 9, 12, XlCfgDiagnostics.RANGE, "maxmem (512 MiB) is less than memory (1024 MiB)"));
        check(HEAD + "vcpus = 4\nmaxvcpus = 2\n", d(2, 8, 9, XlCfgDiagnostics.RANGE, "more than maxvcpus"));
        check(HEAD + "acpi = 2\ntype = \"hvm\"\n"); // xl.cfg(5): a BOOLEAN is any number, non-zero is true
        check(HEAD + "type = \"hvm\"\nmmio_hole = 128\n", d(3, 12, 15, XlCfgDiagnostics.RANGE, "256"));
    }

    @Test
    void enumValues() {
        check(HEAD + "type = \"pvhh\"\n", d(2, 7, 13, XlCfgDiagnostics.ENUM, "did you mean \"pvh\""));
        check(HEAD + "on_crash = \"explode\"\n", d(2, 11, 20, XlCfgDiagnostics.ENUM, "coredump-restart"));
        check(HEAD + "on_reboot = \"soft-reset\"\non_watchdog = \"rename-restart\"\n");
    }

    @Test
    void deprecatedBuilderSuggestsType() {
        List<Diagnostic> ds = check("name = \"g\"\nbuilder = \"hvm\"\n", d(1, 0, 15, XlCfgDiagnostics.DEPRECATED, "type = \"hvm\""));
        assertEquals("type = \"hvm\"", ds.get(0).getData());
    }

    @Test
    void keysForOtherGuestTypesAndMissingKernel() {
        check(HEAD + "type = \"pv\"\nboot = \"c\"\n", d(3, 0, 4, XlCfgDiagnostics.NOT_APPLICABLE, "hvm"));
        check("name = \"g\"\ntype = \"pvh\"\n", d(1, 0, 4, XlCfgDiagnostics.MISSING, "needs a 'kernel'"));
        check("memory = 5\nkernel = \"k\"\n", d(0, 0, 6, XlCfgDiagnostics.MISSING, "no 'name'"));
    }

    @Test
    void kernelRelativeToTheConfigFileMustExist() throws IOException {
        Path cfg = dir.resolve("guest.cfg");
        String text = "name = \"g\"\nkernel = \"build/kernel.elf\"\n";
        testDiagnosticsFor(SOURCE, doc(cfg.toUri().toString(), text),
                d(1, 9, 27, XlCfgDiagnostics.KERNEL_MISSING, dir.resolve("build/kernel.elf").toString()));
        Files.createDirectories(dir.resolve("build"));
        Files.write(dir.resolve("build/kernel.elf"), TestElf.elf(true));
        testDiagnosticsFor(SOURCE, doc(cfg.toUri().toString(), text + "type = \"hvm\"\n"));
    }

    @Test
    void kernelThatCannotBootAsTheChosenTypeSaysWhy() throws IOException {
        Files.write(dir.resolve("k.elf"), TestElf.elf(true));
        String uri = dir.resolve("xl.cfg").toUri().toString();
        List<Diagnostic> ds = testDiagnosticsFor(SOURCE, doc(uri, "name = \"g\"\nkernel = \"k.elf\"\ntype = \"pvh\"\n"),
                d(2, 7, 12, XlCfgDiagnostics.KERNEL_CANNOT_BOOT, "cannot boot as PVH"));
        assertEquals("\"hvm\"", ds.get(0).getData(), ds.get(0).getMessage());
        Files.write(dir.resolve("junk.elf"), new byte[] {1, 2, 3});
        testDiagnosticsFor(SOURCE, doc(uri, "name = \"g\"\nkernel = \"junk.elf\"\n"), d(1, 9, 19, XlCfgDiagnostics.KERNEL_UNREADABLE));
    }

    @Test
    void nestedListsAndFirmwarePaths() {
        check(HEAD + "type = \"hvm\"\nvnuma = [ [\"pnode=0\", \"size=512\"],\n          [\"pnode=1\", \"size=512\"] ]\nfirmware = \"/usr/lib/xen/boot/custom.bin\"\n");
        check(HEAD + "p2m_mode = \"hap\"\ntype = \"hvm\"\n", d(2, 0, 16, XlCfgDiagnostics.DEPRECATED, "use hap"));
    }

    @Test
    void duplicateKeys() {
        check(HEAD + "memory = 256\nmemory = 512\n", d(2, 0, 6, XlCfgDiagnostics.DUPLICATE, "xl uses the last value"));
    }
}
