package io.xenscope.xen.store;

import static io.xenscope.xen.store.GuestXenbus.z;
import static io.xenscope.xen.store.XsAssert.assertError;
import static io.xenscope.xen.store.XsAssert.assertOk;
import static io.xenscope.xen.store.XsWire.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class XenStoreWatchTest {
    private final XsFixture f = new XsFixture();

    @Test
    void watchIsAcknowledgedThenFiresOnceUpFront() {
        assertOk(XS_WATCH, f.watch("/local/domain/1/data", "tok"));
        assertEquals(List.of("/local/domain/1/data tok"), f.events());
    }

    @Test
    void initialEventFiresEvenForAMissingNode() {
        f.watch("/local/domain/1/data/later", "t");
        assertEquals(List.of("/local/domain/1/data/later t"), f.events());
    }

    @Test
    void writeFiresTheWatchOnTheNodeItself() {
        f.watch("/local/domain/1/data/x", "t");
        f.events();
        f.write("data/x", "1");
        assertEquals(List.of("/local/domain/1/data/x t"), f.events());
    }

    @Test
    void writeBelowAWatchedNodeReportsTheChangedPath() {
        f.watch("/local/domain/1/data", "t");
        f.events();
        f.write("data/a/b", "1");
        assertEquals(List.of("/local/domain/1/data/a/b t"), f.events());
    }

    @Test
    void writeOfAParentOrSiblingDoesNotFire() {
        f.watch("/local/domain/1/data/a/b", "t");
        f.events();
        f.write("data/a", "1");
        f.write("data/c", "1");
        assertEquals(List.of(), f.events());
    }

    @Test
    void relativeWatchReportsRelativePaths() {
        f.watch("data", "rel");
        assertEquals(List.of("data rel"), f.events());
        f.write("data/q", "1");
        assertEquals(List.of("data/q rel"), f.events());
    }

    @Test
    void watchOnRootSeesEverythingReadable() {
        f.watch("/", "all");
        f.events();
        f.write("data/z", "1");
        assertEquals(List.of("/local/domain/1/data/z all"), f.events());
    }

    @Test
    void eventForTheWritersOwnWatchComesBeforeTheReply() {
        f.watch("data", "t");
        f.events();
        f.guest.xbWrite(XS_WRITE, 9, 0, GuestXenbus.concat(z("data/o"), GuestXenbus.raw("1")));
        f.ring.onGuestNotify();
        assertEquals(XS_WATCH_EVENT, f.guest.readOne().type());
        assertEquals(XS_WRITE, f.guest.readOne().type());
    }

    @Test
    void duplicateWatchIsEEXIST() {
        f.watch("data", "t");
        assertError("EEXIST", f.watch("data", "t"));
    }

    @Test
    void sameNodeWithAnotherTokenIsASecondWatch() {
        f.watch("data", "t1");
        assertOk(XS_WATCH, f.watch("data", "t2"));
    }

    @Test
    void watchWithOneArgumentIsEINVAL() {
        assertError("EINVAL", f.guest.call(XS_WATCH, 0, z("data")));
    }

    @Test
    void watchOnInvalidPathIsEINVAL() {
        assertError("EINVAL", f.watch("data/", "t"));
    }

    @Test
    void specialWatchPathsAreAccepted() {
        assertOk(XS_WATCH, f.watch("@releaseDomain", "r"));
        assertEquals(List.of("@releaseDomain r"), f.events());
    }

    @Test
    void unwatchStopsEvents() {
        f.watch("data", "t");
        f.events();
        assertOk(XS_UNWATCH, f.unwatch("data", "t"));
        f.write("data/x", "1");
        assertEquals(List.of(), f.events());
    }

    @Test
    void unwatchOfUnknownWatchIsENOENT() {
        assertError("ENOENT", f.unwatch("data", "nope"));
    }

    @Test
    void rmFiresWatchesOnRemovedDescendantsWithTheirOwnPath() {
        f.write("data/r/s", "1");
        f.watch("/local/domain/1/data/r/s", "deep");
        f.watch("/local/domain/1/data", "top");
        f.events();
        f.rm("data/r");
        assertEquals(List.of("/local/domain/1/data/r/s deep", "/local/domain/1/data/r top"), f.events());
    }

    @Test
    void toolstackWriteFiresTheGuestsWatch() {
        f.watch("control/shutdown", "shutdown");
        f.events();
        f.xs.write("/local/domain/1/control/shutdown", "poweroff");
        assertEquals(List.of("control/shutdown shutdown"), f.events());
    }

    @Test
    void watchOnANodeTheWatcherCannotReadDoesNotFire() {
        GuestXenbus other = f.secondGuest();
        other.call(XS_WATCH, 0, z("/local/domain/1/data/secret"), z("spy"));
        other.drainEvents();
        f.write("data/secret", "s3cr3t");
        assertEquals(List.of(), other.drainEvents());
    }

    @Test
    void watchFiresForAnotherDomainGrantedRead() {
        GuestXenbus other = f.secondGuest();
        f.write("data/pub", "1");
        f.setPerms("data/pub", "n1", "r2");
        other.call(XS_WATCH, 0, z("/local/domain/1/data/pub"), z("w"));
        other.drainEvents();
        f.write("data/pub", "2");
        assertEquals(List.of("/local/domain/1/data/pub w"), other.drainEvents().stream().map(XsFixture::event).toList());
    }

    @Test
    void setPermsFiresTheWatch() {
        f.write("data/p", "1");
        f.watch("data/p", "t");
        f.events();
        f.setPerms("data/p", "n1", "r0");
        assertEquals(List.of("data/p t"), f.events());
    }

    @Test
    void watchesAreNotCountedAsTransactional() {
        // XS_WATCH ignores tx_id (XS_FLAG_NOTID): an unknown transaction id is not an error here.
        assertOk(XS_WATCH, f.guest.call(XS_WATCH, 1234, z("data"), z("t")));
    }
}
