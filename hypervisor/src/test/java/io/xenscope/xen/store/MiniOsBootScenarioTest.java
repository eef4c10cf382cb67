package io.xenscope.xen.store;

import static io.xenscope.xen.store.GuestXenbus.raw;
import static io.xenscope.xen.store.GuestXenbus.z;
import static io.xenscope.xen.store.XsAssert.assertOk;
import static io.xenscope.xen.store.XsAssert.assertReply;
import static io.xenscope.xen.store.XsWire.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The xenstore conversation of a Mini-OS domU from boot to an `xl shutdown`, over the ring. */
class MiniOsBootScenarioTest {
    private final XsFixture f = new XsFixture();

    @Test
    void bootThenToolstackRequestedPoweroff() {
        // xenbus_get_self_id, then the shutdown thread's watch.
        assertReply(XS_READ, "1", f.read("domid"));
        assertOk(XS_WATCH, f.watch("control/shutdown", "control/shutdown"));
        assertEquals(List.of("control/shutdown control/shutdown"), f.events());
        assertReply(XS_READ, "", f.read("control/shutdown"));

        // `xl shutdown`: libxl writes the request as dom0.
        f.xs.write("/local/domain/1/control/shutdown", "poweroff");
        assertEquals(List.of("control/shutdown control/shutdown"), f.events());
        assertReply(XS_READ, "poweroff", f.read("control/shutdown"));

        // The guest acknowledges by clearing the node, which fires its own watch once more.
        assertOk(XS_WRITE, f.guest.call(XS_WRITE, 0, z("control/shutdown"), raw("")));
        assertEquals(List.of("control/shutdown control/shutdown"), f.events());
    }

    @Test
    void frontendHandshakeInATransactionRetriedOnEAGAIN() {
        f.xs.mkdir("/local/domain/1/device/vif/0");
        f.xs.setPerms("/local/domain/1/device/vif/0", XsPermission.none(1), XsPermission.read(0));
        int tx = f.transactionStart();
        f.write(tx, "device/vif/0/tx-ring-ref", "8");
        f.xs.write("/local/domain/1/device/vif/0/state", "1"); // the toolstack touches the directory
        // Creating tx-ring-ref read and changed device/vif/0, which the toolstack changed meanwhile.
        assertReply(XS_ERROR, "EAGAIN\0", f.transactionEnd(tx, true));
        tx = f.transactionStart();
        f.write(tx, "device/vif/0/tx-ring-ref", "8");
        XsMessage end = f.transactionEnd(tx, true);
        assertOk(XS_TRANSACTION_END, end);
        assertReply(XS_READ, "8", f.read("device/vif/0/tx-ring-ref"));
    }
}
