package io.xenscope.gdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The framing layer of the GDB remote serial protocol: {@code $data#cc} packets with a modulo-256
 * checksum, '+'/'-' acknowledgements (until no-ack mode), '}' escapes, and the out-of-band Ctrl-C
 * (0x03) interrupt. A packet with a bad checksum is answered '-' and dropped.
 */
public final class PacketChannel {
    /** What {@link #read} returns for an interrupt byte received between packets. */
    public static final String INTERRUPT = "\u0003";

    private final InputStream in;
    private final OutputStream out;
    private boolean noAck;
    private byte[] lastSent;

    public PacketChannel(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    public void setNoAck(boolean noAck) {
        this.noAck = noAck;
    }

    /** The next packet's payload (escapes undone, as raw bytes in ISO-8859-1), INTERRUPT, or null at end of stream. */
    public String read() throws IOException {
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            if (c == 0x03) {
                return INTERRUPT;
            }
            if (c == '-' && lastSent != null && !noAck) {
                out.write(lastSent);
                out.flush();
                continue;
            }
            if (c != '$') {
                continue; // '+' acks and line noise
            }
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            int sum = 0;
            boolean ok = true;
            while (true) {
                c = in.read();
                if (c < 0) {
                    return null;
                }
                if (c == '#') {
                    break;
                }
                if (c == '$') { // a new packet started: drop the broken one
                    data.reset();
                    sum = 0;
                    continue;
                }
                sum += c;
                if (c == '}') {
                    int e = in.read();
                    if (e < 0) {
                        return null;
                    }
                    sum += e;
                    data.write(e ^ 0x20);
                } else {
                    data.write(c);
                }
            }
            int h = in.read();
            int l = in.read();
            if (h < 0 || l < 0) {
                return null;
            }
            int given = hex(h) << 4 | hex(l);
            if (hex(h) < 0 || hex(l) < 0 || given != (sum & 0xff)) {
                ok = false;
            }
            if (!noAck) {
                out.write(ok ? '+' : '-');
                out.flush();
            }
            if (ok) {
                return data.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** Sends a packet (binary-safe: '$', '#', '}' and '*' are escaped). */
    public void send(String payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length() + 4);
        b.write('$');
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) {
            int c = payload.charAt(i) & 0xff;
            if (c == '$' || c == '#' || c == '}' || c == '*') {
                b.write('}');
                sum += '}';
                c ^= 0x20;
            }
            b.write(c);
            sum += c;
        }
        b.write('#');
        b.write(HEX[(sum >> 4) & 0xf]);
        b.write(HEX[sum & 0xf]);
        lastSent = b.toByteArray();
        out.write(lastSent);
        out.flush();
    }

    /** True when a byte is waiting (used to poll for Ctrl-C while the guest runs). */
    public boolean interruptPending() throws IOException {
        while (in.available() > 0) {
            int c = in.read();
            if (c == 0x03) {
                return true;
            }
        }
        return false;
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static int hex(int c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
