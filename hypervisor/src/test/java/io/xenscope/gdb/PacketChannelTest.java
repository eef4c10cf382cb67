package io.xenscope.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RSP framing: checksums, acks, escapes, interrupts. */
class PacketChannelTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private PacketChannel channel(String input) {
        return new PacketChannel(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)), out);
    }

    private String sent() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aValidPacketIsAckedAndReturned() throws Exception {
        PacketChannel c = channel("$g#67");
        assertEquals("g", c.read());
        assertEquals("+", sent());
    }

    @Test
    void aBadChecksumIsNackedAndDropped() throws Exception {
        PacketChannel c = channel("$g#00$?#3f");
        assertEquals("?", c.read());
        assertEquals("-+", sent());
    }

    @Test
    void acksAndNoiseBetweenPacketsAreIgnored() throws Exception {
        PacketChannel c = channel("++xyz$?#3f");
        assertEquals("?", c.read());
    }

    @Test
    void anInterruptByteBetweenPacketsIsReported() throws Exception {
        PacketChannel c = channel("\u0003");
        assertEquals(PacketChannel.INTERRUPT, c.read());
    }

    @Test
    void endOfStreamIsNull() throws Exception {
        assertNull(channel("$g#6").read());
        assertNull(channel("").read());
    }

    @Test
    void escapedBytesAreUnescapedAndCountInTheChecksum() throws Exception {
        // X payload "a}\x03" i.e. '}' escapes '#'^0x20 = 0x03
        String body = "a}\u0003";
        int sum = 0;
        for (char ch : body.toCharArray()) {
            sum += ch;
        }
        PacketChannel c = channel("$" + body + "#" + String.format("%02x", sum & 0xff));
        assertEquals("a#", c.read());
    }

    @Test
    void sentPacketsCarryTheirChecksum() throws Exception {
        channel("").send("OK");
        assertEquals("$OK#9a", sent());
    }

    @Test
    void specialCharactersAreEscapedWhenSent() throws Exception {
        channel("").send("a$b");
        assertEquals("$a}\u0004b#" + String.format("%02x", ('a' + '}' + 4 + 'b') & 0xff), sent());
    }

    @Test
    void aNackResendsTheLastPacket() throws Exception {
        PacketChannel c = channel("-$?#3f");
        c.send("OK");
        out.reset();
        c.read();
        assertTrue(sent().startsWith("$OK#9a"), sent());
    }

    @Test
    void noAckModeSendsNoAcks() throws Exception {
        PacketChannel c = channel("$g#67");
        c.setNoAck(true);
        assertEquals("g", c.read());
        assertEquals("", sent());
    }
}
