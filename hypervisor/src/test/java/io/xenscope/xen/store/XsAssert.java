package io.xenscope.xen.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

final class XsAssert {
    private XsAssert() {
    }

    /** The reply is of {@code type} with exactly this payload ("\0" spelled out). */
    static void assertReply(int type, String payload, XsMessage m) {
        assertNotNull(m, "no reply");
        assertEquals(XsWire.typeName(type) + " " + payload.replace("\0", "\\0"),
                XsWire.typeName(m.type()) + " " + m.payloadText());
    }

    static void assertOk(int type, XsMessage m) {
        assertReply(type, "OK\0", m);
    }

    /** An XS_ERROR reply whose payload is the errno name and a NUL, as xenstored sends it. */
    static void assertError(String errno, XsMessage m) {
        assertReply(XsWire.XS_ERROR, errno + "\0", m);
    }
}
