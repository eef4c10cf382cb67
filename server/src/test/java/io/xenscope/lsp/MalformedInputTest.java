package io.xenscope.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Malformed JSON-RPC (garbage bytes, bad Content-Length, invalid JSON, unknown methods, bad
 * params) is answered with errors where the protocol allows an answer, and the server keeps
 * serving: each case is followed by a request that must still get its normal answer.
 */
class MalformedInputTest {
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}}";

    private static void assertAlive(RawJsonRpc rpc, int id) throws Exception {
        rpc.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"file:///none.cfg\"},\"position\":{\"line\":0,\"character\":0}}}");
        JsonObject r = rpc.response(id);
        assertNotNull(r, "server stopped answering (request " + id + ")");
        assertTrue(r.has("result"), r.toString());
    }

    @Test
    void keepsServingThroughMalformedInput() throws Exception {
        try (RawJsonRpc rpc = new RawJsonRpc()) {
            rpc.send(INIT);
            JsonObject init = rpc.response(1);
            assertNotNull(init);
            assertTrue(init.getAsJsonObject("result").getAsJsonObject("capabilities").get("hoverProvider").getAsBoolean());

            // Unknown request: MethodNotFound (-32601).
            rpc.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"xenscope/noSuchMethod\",\"params\":{}}");
            JsonObject r = rpc.response(2);
            assertNotNull(r);
            assertEquals(-32601, r.getAsJsonObject("error").get("code").getAsInt(), r.toString());
            assertAlive(rpc, 3);

            // Unknown notification: ignored.
            rpc.send("{\"jsonrpc\":\"2.0\",\"method\":\"xenscope/noSuchNotification\",\"params\":{}}");
            assertAlive(rpc, 4);

            // Invalid JSON body with a correct Content-Length.
            rpc.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":");
            assertAlive(rpc, 6);

            // Request with params of the wrong shape: an error answer, not silence.
            rpc.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":42,\"position\":\"x\"}}");
            r = rpc.response(7);
            assertNotNull(r, "no answer to a request with bad params");
            assertTrue(r.has("error") || r.has("result"), r.toString());
            assertAlive(rpc, 8);

            // Garbage bytes without any header, then a valid message.
            rpc.sendRaw(new byte[] {(byte) 0xff, 0, 1, 2, '\r', '\n', 'x', 'y', '\r', '\n', '\r', '\n'});
            assertNotNull(rpc.next(m -> m.has("error") && m.get("id").isJsonNull(), 5), "no error answer to garbage");
            assertAlive(rpc, 9);

            // A header that is not a number.
            rpc.sendRaw("Content-Length: banana\r\n\r\n{}");
            JsonObject err = rpc.next(m -> m.has("error") && m.get("id").isJsonNull(), 5);
            assertNotNull(err, "no error answer to a bad Content-Length");
            assertEquals(-32700, err.getAsJsonObject("error").get("code").getAsInt());
            assertTrue(err.getAsJsonObject("error").get("message").getAsString().contains("banana"), err.toString());
            assertAlive(rpc, 10);

            // Content-Length too small: the body is cut; the rest is garbage until the next header.
            rpc.sendRaw("Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"shutdown\"}");
            assertAlive(rpc, 12);

            // Valid JSON that is not a JSON-RPC message.
            rpc.send("[1,2,3]");
            assertAlive(rpc, 13);
            rpc.send("\"just a string\"");
            assertAlive(rpc, 14);

            // Then a clean shutdown and exit.
            rpc.send("{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"shutdown\"}");
            assertNotNull(rpc.response(15));
            rpc.send("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
            for (int i = 0; i < 100 && rpc.exitCode < 0; i++) Thread.sleep(20);
            assertEquals(0, rpc.exitCode);
        }
    }

    @Test
    void invalidJsonRequestIsAnsweredWithAParseError() throws Exception {
        try (RawJsonRpc rpc = new RawJsonRpc()) {
            rpc.send(INIT);
            assertNotNull(rpc.response(1));
            rpc.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/hover\",\"params\":{,,}}");
            JsonObject r = rpc.next(m -> m.has("error"), 5);
            assertNotNull(r, "no error answer to unparsable JSON");
            int code = r.getAsJsonObject("error").get("code").getAsInt();
            assertTrue(code == -32700 || code == -32600 || code == -32602, r.toString());
            assertAlive(rpc, 3);
        }
    }
}
