package io.xenscope.dap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Malformed protocol input is answered or skipped; the adapter keeps serving. */
class MalformedInputTest {
    @Test
    void garbageThenAValidRequestStillGetsAnAnswer() throws Exception {
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        PipedOutputStream toServer = new PipedOutputStream(serverIn);
        PipedInputStream fromServer = new PipedInputStream(1 << 16);
        PipedOutputStream serverOut = new PipedOutputStream(fromServer);
        new XenDebugAdapter().start(serverIn, serverOut);
        send(toServer, "{ this is not json");
        send(toServer, "{\"seq\":1,\"type\":\"request\",\"command\":\"launch\",\"arguments\":{\"program\":42}}");
        send(toServer, "{\"seq\":2,\"type\":\"request\",\"command\":\"noSuchCommand\"}");
        send(toServer, "{\"seq\":3,\"type\":\"request\",\"command\":\"initialize\",\"arguments\":{\"adapterID\":\"xen\"}}");
        String all = readUntil(fromServer, "supportsConfigurationDoneRequest");
        assertTrue(all.contains("\"request_seq\": 3") || all.contains("\"request_seq\":3"), all);
        assertTrue(all.contains("program"), "launch with a bad program answered with an error: " + all);
    }

    @Test
    void customRequestsWithoutOrWithBadArgumentsAreAnsweredWithErrors() throws Exception {
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        PipedOutputStream toServer = new PipedOutputStream(serverIn);
        PipedInputStream fromServer = new PipedInputStream(1 << 16);
        PipedOutputStream serverOut = new PipedOutputStream(fromServer);
        new XenDebugAdapter().start(serverIn, serverOut);
        send(toServer, "{\"seq\":1,\"type\":\"request\",\"command\":\"xenscope/machineSummary\"}");
        send(toServer, "{\"seq\":2,\"type\":\"request\",\"command\":\"xenscope/translate\",\"arguments\":[1,2]}");
        send(toServer, "{\"seq\":3,\"type\":\"request\",\"command\":\"xenscope/pageTables\",\"arguments\":{\"vcpu\":{}}}");
        send(toServer, "{\"seq\":4,\"type\":\"request\",\"command\":\"initialize\",\"arguments\":{\"adapterID\":\"xen\"}}");
        String all = readUntil(fromServer, "supportsConfigurationDoneRequest").replace(" ", "");
        for (int seq = 1; seq <= 3; seq++) {
            assertTrue(all.contains("\"request_seq\":" + seq), seq + ": " + all);
        }
        assertTrue(all.contains("\"command\":\"xenscope/machineSummary\",\"success\":false"), all);
    }

    private static void send(PipedOutputStream out, String json) throws Exception {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        out.write(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    private static String readUntil(InputStream in, String marker) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (in.available() > 0) {
                buf.write(in.read());
                if (buf.toString(StandardCharsets.UTF_8).contains(marker)) {
                    Thread.sleep(200);
                    while (in.available() > 0) {
                        buf.write(in.read());
                    }
                    return buf.toString(StandardCharsets.UTF_8);
                }
            } else {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("no '" + marker + "' in: " + buf.toString(StandardCharsets.UTF_8));
    }
}
