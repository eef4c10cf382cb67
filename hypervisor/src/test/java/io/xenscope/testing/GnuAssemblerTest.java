package io.xenscope.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.testing.GnuAssembler.Mode;
import io.xenscope.testing.GnuAssembler.Syntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GnuAssemblerTest {
    private final GnuAssembler as = GnuAssembler.inTarget();

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void assemblesAttSyntaxIn64BitMode() {
        assertArrayEquals(hex("48 01 d8"), as.assemble64("add %rbx, %rax"));
    }

    @Test
    void assemblesIntelSyntax() {
        assertArrayEquals(hex("48 01 d8"), as.assemble(Mode.CODE64, Syntax.INTEL, "add rax, rbx"));
    }

    @Test
    void theModeSelectsOperandSizePrefixes() {
        assertArrayEquals(hex("01 d8"), as.assemble(Mode.CODE32, Syntax.ATT, "add %ebx, %eax"));
        assertArrayEquals(hex("66 01 d8"), as.assemble(Mode.CODE16, Syntax.ATT, "add %ebx, %eax"));
        assertArrayEquals(hex("01 d8"), as.assemble(Mode.CODE16, Syntax.ATT, "add %bx, %ax"));
    }

    @Test
    void aBatchGivesTheSameBytesAsSingleSnippetsAndKeepsLocalBranchesLocal() {
        List<String> sources = List.of("nop", "1: dec %ecx\n jnz 1b", "xor %eax, %eax\n ret");
        List<byte[]> batch = as.assembleAll(Mode.CODE64, Syntax.ATT, sources);
        assertArrayEquals(hex("90"), batch.get(0));
        assertArrayEquals(hex("ff c9 75 fc"), batch.get(1));
        assertArrayEquals(hex("31 c0 c3"), batch.get(2));
    }

    @Test
    void resultsAreCachedOnDisk(@TempDir Path cache) throws Exception {
        GnuAssembler cached = new GnuAssembler(cache);
        cached.assemble64("inc %rax");
        try (var files = Files.walk(cache)) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".bin")), "a cache entry");
        }
        assertArrayEquals(hex("48 ff c0"), cached.assemble64("inc %rax"));
    }

    @Test
    void anErrorInABatchNamesTheBadSnippet() {
        var e = assertThrows(GnuAssembler.AssemblyException.class,
                () -> as.assembleAll(Mode.CODE64, Syntax.ATT, List.of("nop", "frobnicate %rax")));
        assertTrue(e.getMessage().contains("frobnicate"), e.getMessage());
    }
}
