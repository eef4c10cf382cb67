package io.xenscope.xen.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One xenstore message: {@code struct xsd_sockmsg {u32 type; u32 req_id; u32 tx_id; u32 len;}}
 * followed by {@code len} payload bytes.
 */
public record XsMessage(int type, int reqId, int txId, byte[] payload) {

    public static XsMessage of(int type, int reqId, int txId, String payload) {
        return new XsMessage(type, reqId, txId, XsStrings.bytes(payload));
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(XsWire.HEADER_SIZE + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(reqId).putInt(txId).putInt(payload.length).put(payload);
        return b.array();
    }

    /** The payload with NULs shown as '\0' and other non-printables escaped, for transcripts. */
    public String payloadText() {
        StringBuilder sb = new StringBuilder();
        for (byte x : payload) {
            int c = x & 0xff;
            if (c == 0) {
                sb.append("\\0");
            } else if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return XsWire.typeName(type) + " req_id=" + Integer.toUnsignedString(reqId) + " tx_id="
                + Integer.toUnsignedString(txId) + " \"" + payloadText() + "\"";
    }
}
