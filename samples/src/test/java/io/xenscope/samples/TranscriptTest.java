package io.xenscope.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The expected.txt format of samples/README.md, as the tests read it. */
class TranscriptTest {
    @TempDir
    Path dir;

    private Transcript transcript(String text) throws IOException {
        return Transcript.read(Files.writeString(dir.resolve("expected.txt"), text));
    }

    @Test
    void commentLinesAreNotConsoleLinesAndGiveTheShutdownReason() throws IOException {
        Transcript t = transcript("# a comment\n# shutdown: crash\nhello\n");
        assertEquals("crash", t.shutdownReason());
        assertTrue(t.mismatch("hello\n").isEmpty());
    }

    @Test
    void aValueWildcardMatchesAnyTextWithinTheLine() throws IOException {
        assertTrue(transcript("domid {{domid}}!\n").mismatch("domid 17!\n").isEmpty());
    }

    @Test
    void aNameUsedTwiceMustMatchTheSameTextBothTimes() throws IOException {
        Transcript t = transcript("domid {{domid}}\n/local/domain/{{domid}}\n");
        assertTrue(t.mismatch("domid 1\n/local/domain/1\n").isEmpty());
        assertFalse(t.mismatch("domid 1\n/local/domain/2\n").isEmpty());
    }

    @Test
    void aLinesWildcardMatchesAnyNumberOfLinesIncludingNone() throws IOException {
        Transcript t = transcript("map:\n{{map...}}\nend\n");
        assertTrue(t.mismatch("map:\nend\n").isEmpty());
        assertTrue(t.mismatch("map:\na\nb\nc\nend\n").isEmpty());
        assertFalse(t.mismatch("map:\na\n").isEmpty());
    }

    @Test
    void withoutXenLinesDropsExactlyTheLinesPrintedBecauseXenWasFound() throws IOException {
        Transcript t = transcript("hello\nxen: Xen 4.17\nXen-free line\nbye\n").withoutXenLines();
        assertTrue(t.mismatch("hello\nXen-free line\nbye\n").isEmpty());
    }

    @Test
    void aSerialLineEndReadsAsANewline() throws IOException {
        assertTrue(transcript("a\nb\n").mismatch("a\r\nb\r\n").isEmpty());
    }

    @Test
    void extraOutputAfterTheTranscriptIsAMismatchNamingTheLine() throws IOException {
        String why = transcript("a\n").mismatch("a\nb\n").orElseThrow();
        assertTrue(why.startsWith("line 2: expected the end of the transcript, got «b»"), why);
    }
}
