package io.xenscope.xen.store;

import static io.xenscope.xen.store.XsAssert.assertError;
import static io.xenscope.xen.store.XsAssert.assertOk;
import static io.xenscope.xen.store.XsAssert.assertReply;
import static io.xenscope.xen.store.XsWire.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a domU reads and writes at boot finds what libxl would have written. */
class DomainBootNodesTest {
    private final XsFixture f = new XsFixture();

    @Test
    void guestReadsItsNameAndDomid() {
        assertReply(XS_READ, "guest", f.read("name"));
        assertReply(XS_READ, "1", f.read("domid"));
    }

    @Test
    void guestReadsItsMemoryTargetInKiB() {
        assertReply(XS_READ, "65536", f.read("memory/target"));
    }

    @Test
    void consoleAndStoreRingDetailsAreThere() {
        assertReply(XS_READ, String.valueOf(0x1234), f.read("console/ring-ref"));
        assertReply(XS_READ, "2", f.read("console/port"));
        assertReply(XS_READ, String.valueOf(0x1235), f.read("store/ring-ref"));
        assertReply(XS_READ, "1", f.read("store/port"));
        assertReply(XS_READ, "xenconsoled", f.read("console/type"));
    }

    @Test
    void consoleRingDetailsAreReadOnlyForTheGuest() {
        assertError("EACCES", f.write("console/ring-ref", "0"));
    }

    @Test
    void deviceDirectoryHoldsOnlyTheSuspendChannel() {
        assertReply(XS_DIRECTORY, "suspend\0", f.directory("device"));
        assertOk(XS_WRITE, f.write("device/suspend/event-channel", "5"));
    }

    @Test
    void guestMayWriteItsDataAndControlFeatureNodes() {
        assertOk(XS_WRITE, f.write("data/ip", "10.0.0.2"));
        assertOk(XS_WRITE, f.write("control/feature-poweroff", "1"));
    }

    @Test
    void guestMayNotCreateNodesDirectlyInItsHome() {
        assertError("EACCES", f.write("newnode", "x"));
    }

    @Test
    void homeIsOwnedByDom0AndReadableByTheGuest() {
        assertEquals(List.of(XsPermission.none(0), XsPermission.read(1)), f.xs.perms("/local/domain/1"));
    }

    @Test
    void homeListsTheLibxlDirectories() {
        List<String> children = f.xs.directory("/local/domain/1");
        for (String d : List.of("vm", "name", "cpu", "memory", "device", "control", "data", "domid", "store",
                "console")) {
            assertEquals(true, children.contains(d), d + " missing from " + children);
        }
    }

    @Test
    void inProcessClientsExchangeMessagesDirectly() {
        XsConnection debugger = f.xs.connect(0);
        debugger.send(XsMessage.of(XS_READ, 7, 0, "/local/domain/1/name\0"));
        assertReply(XS_READ, "guest", debugger.poll());
    }

    @Test
    void privilegedClientMayAskWhetherADomainIsIntroduced() {
        XsConnection dom0 = f.xs.connect(0);
        dom0.send(XsMessage.of(XS_IS_DOMAIN_INTRODUCED, 1, 0, "1\0"));
        assertReply(XS_IS_DOMAIN_INTRODUCED, "T\0", dom0.poll());
    }
}
