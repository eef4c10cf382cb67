package io.xenscope.lsp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Base-protocol framing (Content-Length headers) in front of LSP4J, so that no byte sequence can
 * stop the server: garbage, a missing or non-numeric Content-Length, or an absurd one is answered
 * with a JSON-RPC error (id null, -32700) and the reader resynchronises on the next
 * "Content-Length:" it sees, even in the middle of a line. Well-formed frames pass unchanged.
 * LSP4J then handles what is inside a frame (invalid JSON, unknown methods, bad params).
 */
public final class FramingGuard {
    /** Bodies larger than this are refused (the frame is skipped, not buffered). */
    public static final int MAX_BODY = 64 << 20;
    private static final int MAX_LINE = 8192;

    private FramingGuard() {
    }

    /** An output stream whose flush() writes each thread's buffered bytes atomically. */
    public static final class AtomicOutput extends OutputStream {
        private final OutputStream out;
        private final ThreadLocal<ByteArrayOutputStream> buffers = ThreadLocal.withInitial(ByteArrayOutputStream::new);

        public AtomicOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            buffers.get().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffers.get().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            ByteArrayOutputStream b = buffers.get();
            synchronized (this) {
                b.writeTo(out);
                out.flush();
            }
            b.reset();
        }

        /** Writes one whole JSON-RPC message. */
        public void message(String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            write(body);
            flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Returns the stream LSP4J should read; a daemon thread pumps and checks {@code raw}. */
    public static InputStream guard(InputStream raw, AtomicOutput replies) throws IOException {
        PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream pipe = new PipedOutputStream(in);
        Thread t = new Thread(() -> pump(raw, pipe, replies), "xenscope-lsp-framing");
        t.setDaemon(true);
        t.start();
        return in;
    }

    private static void pump(InputStream raw, OutputStream pipe, AtomicOutput replies) {
        try (raw; pipe) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int length = -1;
            String problem = null;
            boolean sawSomething = false;
            while (true) {
                int c = raw.read();
                if (c < 0) return;
                if (c != '\n') {
                    if (line.size() < MAX_LINE) line.write(c);
                    else if (problem == null) problem = "header line too long";
                    continue;
                }
                String l = line.toString(StandardCharsets.ISO_8859_1);
                line.reset();
                if (l.endsWith("\r")) l = l.substring(0, l.length() - 1);
                if (l.isEmpty()) {
                    if (!sawSomething) continue;
                    if (length >= 0 && problem == null) {
                        byte[] body = raw.readNBytes(length);
                        if (body.length < length) return;
                        pipe.write(("Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        pipe.write(body);
                        pipe.flush();
                    } else {
                        reject(replies, problem != null ? problem : "missing Content-Length header");
                    }
                    length = -1;
                    problem = null;
                    sawSomething = false;
                    continue;
                }
                sawSomething = true;
                int at = l.toLowerCase(Locale.ROOT).indexOf("content-length:");
                if (at >= 0) {
                    if (at > 0) {
                        // Garbage (for example the rest of a cut body) before a header: resynchronise here.
                        reject(replies, "unexpected bytes before a header");
                    }
                    problem = null;
                    String v = l.substring(at + "content-length:".length()).trim();
                    try {
                        length = Integer.parseInt(v);
                        if (length < 0 || length > MAX_BODY) {
                            problem = "Content-Length out of range: " + v;
                        }
                    } catch (NumberFormatException e) {
                        problem = "Content-Length is not a number: " + (v.length() > 40 ? v.substring(0, 40) + "..." : v);
                        length = -1;
                    }
                } else if (!l.matches("[A-Za-z][A-Za-z0-9-]*:.*")) {
                    if (problem == null) problem = "not a header line";
                }
                // Other headers (Content-Type) are accepted and ignored.
            }
        } catch (IOException e) {
            // input closed or LSP4J went away: stop pumping
        }
    }

    private static void reject(AtomicOutput replies, String why) {
        try {
            replies.message("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error: "
                    + why.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", "?") + "\"}}");
        } catch (IOException e) {
            // the client is gone
        }
    }
}
