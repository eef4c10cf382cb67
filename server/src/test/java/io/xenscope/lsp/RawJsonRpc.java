package io.xenscope.lsp;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The server in-process on pipes, spoken to with raw bytes (for malformed-input tests). */
final class RawJsonRpc implements AutoCloseable {
    private final PipedOutputStream toServer = new PipedOutputStream();
    private final BlockingQueue<JsonObject> fromServer = new LinkedBlockingQueue<>();
    final LspServerLauncher.Running running;
    volatile int exitCode = -1;

    RawJsonRpc() throws IOException {
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 20);
        PipedOutputStream serverOut = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 20);
        running = LspServerLauncher.start(serverIn, serverOut, code -> exitCode = code);
        Thread reader = new Thread(() -> readLoop(clientIn), "raw-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(InputStream in) {
        try {
            while (true) {
                int len = -1;
                StringBuilder line = new StringBuilder();
                while (true) {
                    int c = in.read();
                    if (c < 0) return;
                    if (c == '\n') {
                        String l = line.toString().trim();
                        line.setLength(0);
                        if (l.isEmpty()) break;
                        if (l.toLowerCase().startsWith("content-length:")) len = Integer.parseInt(l.substring(15).trim());
                    } else {
                        line.append((char) c);
                    }
                }
                byte[] body = in.readNBytes(len);
                fromServer.add(JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject());
            }
        } catch (IOException | RuntimeException e) {
            // pipe closed
        }
    }

    void sendRaw(byte[] bytes) throws IOException {
        toServer.write(bytes);
        toServer.flush();
    }

    void sendRaw(String s) throws IOException {
        sendRaw(s.getBytes(StandardCharsets.UTF_8));
    }

    void send(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        b.write(body);
        sendRaw(b.toByteArray());
    }

    /** Next message from the server that satisfies the filter (others are skipped), or null on timeout. */
    JsonObject next(java.util.function.Predicate<JsonObject> filter, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) return null;
            JsonObject m = fromServer.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) return null;
            if (filter.test(m)) return m;
        }
    }

    JsonObject response(int id) throws InterruptedException {
        return next(m -> m.has("id") && !m.get("id").isJsonNull() && m.get("id").getAsInt() == id && !m.has("method"), 10);
    }

    @Override
    public void close() throws IOException {
        toServer.close();
        running.executor().shutdownNow();
    }

    static OutputStream nowhere() {
        return OutputStream.nullOutputStream();
    }
}
