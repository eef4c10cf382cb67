package io.xenscope.xl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainConfigTest {
    @TempDir
    Path dir;
    private Path cfg;

    @BeforeEach
    void kernel() throws Exception {
        Files.createDirectories(dir.resolve("build"));
        Files.write(dir.resolve("build/kernel.elf"), new byte[] {0x7f, 'E', 'L', 'F'});
        cfg = dir.resolve("guest.cfg");
    }

    private DomainConfig read(String text) throws Exception {
        Files.writeString(cfg, text);
        return DomainConfig.read(cfg);
    }

    private String refusal(String text) throws Exception {
        Files.writeString(cfg, text);
        return assertThrows(XlCfgException.class, () -> DomainConfig.read(cfg)).getMessage();
    }

    @Test
    void readsTheBootSettingsWithTheKernelRelativeToTheFile() throws Exception {
        DomainConfig c = read("""
                name = "demo"
                type = "pvh"
                kernel = "build/kernel.elf"
                memory = 64
                vcpus = 1
                cmdline = "console=hvc0"
                """);
        assertEquals(dir.resolve("build/kernel.elf"), c.kernel());
        assertEquals("pvh", c.type());
        assertEquals(64L, c.memoryMiB());
        assertEquals("console=hvc0", c.cmdline());
        assertEquals("demo", c.name());
        assertEquals(1L, c.vcpus());
    }

    @Test
    void absentSettingsAreNullAndTheTypeDefaultsToPv() throws Exception {
        DomainConfig c = read("kernel = \"build/kernel.elf\"\n");
        assertEquals("pv", c.type());
        assertNull(c.memoryMiB());
        assertNull(c.cmdline());
        assertNull(c.name());
        assertNull(c.vcpus());
    }

    @Test
    void theLegacyBuilderHvmMeansHvm() throws Exception {
        assertEquals("hvm", read("kernel = \"build/kernel.elf\"\nbuilder = \"hvm\"\n").type());
    }

    @Test
    void withoutCmdlineTheCommandLineIsRootThenExtraAsXlBuildsIt() throws Exception {
        assertEquals("root=/dev/xvda1 quiet", read("kernel = \"build/kernel.elf\"\nroot = \"/dev/xvda1\"\nextra = \"quiet\"\n").cmdline());
        assertEquals("quiet", read("kernel = \"build/kernel.elf\"\nextra = \"quiet\"\n").cmdline());
        assertEquals("a", read("kernel = \"build/kernel.elf\"\ncmdline = \"a\"\nextra = \"quiet\"\n").cmdline());
    }

    @Test
    void aSyntaxErrorIsRefusedAtItsLine() throws Exception {
        assertEquals(cfg + ":2: missing value after '='", refusal("kernel = \"build/kernel.elf\"\nmemory =\n"));
    }

    @Test
    void aMissingKernelFileIsRefusedAtTheKernelLine() throws Exception {
        assertEquals(cfg + ":2: kernel 'nope.elf' not found (looked for " + dir.resolve("nope.elf") + ")",
                refusal("name = \"x\"\nkernel = \"nope.elf\"\n"));
    }

    @Test
    void noKernelSettingIsRefused() throws Exception {
        assertEquals(cfg + ": no kernel = \"...\" setting: the guest kernel to boot", refusal("name = \"x\"\n"));
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedAtItsLine() throws Exception {
        assertEquals(cfg + ":2: memory must be a number, not a string",
                refusal("kernel = \"build/kernel.elf\"\nmemory = \"64\"\n"));
        assertEquals(cfg + ":1: type must be \"pv\", \"pvh\" or \"hvm\", not \"hvm2\"",
                refusal("type = \"hvm2\"\nkernel = \"build/kernel.elf\"\n"));
    }
}
