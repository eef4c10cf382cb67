package io.xenscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code xenscope run}: BIOS screen lines ("[bios] ") interleaved with console lines, never splitting one. */
class RunCommandScreenLinesTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    /** A boot disk that puts each character of {@code text} on the screen (int 10h AH=0Eh), then on port 0xE9, then exits. */
    private String echoingDisk(String text) throws IOException {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        for (char ch : text.toCharArray()) {
            code.writeBytes(new byte[] {(byte) 0xb4, 0x0e, (byte) 0xb0, (byte) ch, (byte) 0xcd, 0x10, // int 10h teletype
                    (byte) 0xb0, (byte) ch, (byte) 0xe6, (byte) 0xe9}); // out %al, $0xe9
        }
        code.writeBytes(new byte[] {(byte) 0xb0, 0x00, (byte) 0xe6, (byte) 0xf4}); // isa-debug-exit
        byte[] disk = new byte[512];
        System.arraycopy(code.toByteArray(), 0, disk, 0, code.size());
        disk[510] = 0x55;
        disk[511] = (byte) 0xaa;
        Path p = dir.resolve("disk.img");
        Files.write(p, disk);
        return p.toString();
    }

    private String run(String image) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        cli.execute("run", image);
        return out.toString();
    }

    @Test
    void aLineEchoedToScreenAndConsoleShowsTheConsoleLineThenTheScreenLineWithNoBlankLine() throws IOException {
        String text = run(echoingDisk("ok\r\nyes\r\n"));
        assertTrue(text.startsWith("ok\r\n[bios] ok\nyes\r\n[bios] yes\n\n---- xenscope:"), text);
    }

    @Test
    void aScreenLineLeftOpenAtTheEndFollowsTheConsolesOpenLine() throws IOException {
        String text = run(echoingDisk("ok"));
        assertEquals(true, text.startsWith("ok\n[bios] ok\n\n---- xenscope:"), text);
    }
}
