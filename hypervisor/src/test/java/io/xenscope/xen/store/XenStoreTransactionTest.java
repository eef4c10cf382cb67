package io.xenscope.xen.store;

import static io.xenscope.xen.store.GuestXenbus.z;
import static io.xenscope.xen.store.XsAssert.assertError;
import static io.xenscope.xen.store.XsAssert.assertOk;
import static io.xenscope.xen.store.XsAssert.assertReply;
import static io.xenscope.xen.store.XsWire.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class XenStoreTransactionTest {
    private final XsFixture f = new XsFixture();

    @Test
    void startReturnsTheIdAsADecimalString() {
        assertReply(XS_TRANSACTION_START, "1\0", f.guest.call(XS_TRANSACTION_START, 0, z("")));
        assertReply(XS_TRANSACTION_START, "2\0", f.guest.call(XS_TRANSACTION_START, 0, z("")));
    }

    @Test
    void repliesInATransactionEchoItsId() {
        int tx = f.transactionStart();
        assertEquals(tx, f.guest.call(XS_READ, tx, z("name")).txId());
    }

    @Test
    void writesAreInvisibleOutsideUntilCommit() {
        int tx = f.transactionStart();
        f.write(tx, "data/t", "in-tx");
        assertReply(XS_READ, "in-tx", f.guest.call(XS_READ, tx, z("data/t")));
        assertError("ENOENT", f.read("data/t"));
        assertOk(XS_TRANSACTION_END, f.transactionEnd(tx, true));
        assertReply(XS_READ, "in-tx", f.read("data/t"));
    }

    @Test
    void abortDiscardsWrites() {
        int tx = f.transactionStart();
        f.write(tx, "data/t", "x");
        assertOk(XS_TRANSACTION_END, f.transactionEnd(tx, false));
        assertError("ENOENT", f.read("data/t"));
    }

    @Test
    void concurrentChangeOfANodeReadInTheTransactionIsEAGAIN() {
        f.write("data/counter", "1");
        int tx = f.transactionStart();
        f.guest.call(XS_READ, tx, z("data/counter"));
        f.write("data/counter", "2");
        f.write(tx, "data/counter", "from-tx");
        assertError("EAGAIN", f.transactionEnd(tx, true));
        assertReply(XS_READ, "2", f.read("data/counter"));
    }

    @Test
    void concurrentCreationOfANodeTheTransactionSawMissingIsEAGAIN() {
        int tx = f.transactionStart();
        f.guest.call(XS_READ, tx, z("data/n"));
        f.write("data/n", "now");
        assertError("EAGAIN", f.transactionEnd(tx, true));
    }

    @Test
    void unrelatedConcurrentWriteDoesNotConflict() {
        int tx = f.transactionStart();
        f.write(tx, "data/mine", "1");
        f.write("memory-unrelated-ignored", "x"); // EACCES, changes nothing
        f.xs.write("/local/domain/1/device/other", "1");
        assertOk(XS_TRANSACTION_END, f.transactionEnd(tx, true));
    }

    @Test
    void transactionIsGoneAfterEAGAIN() {
        f.write("data/c", "1");
        int tx = f.transactionStart();
        f.guest.call(XS_READ, tx, z("data/c"));
        f.write("data/c", "2");
        f.transactionEnd(tx, true);
        assertError("ENOENT", f.guest.call(XS_READ, tx, z("data/c")));
    }

    @Test
    void endWithoutATransactionIsENOENT() {
        assertError("ENOENT", f.transactionEnd(0, true));
    }

    @Test
    void endWithAnArgumentOtherThanTOrFIsEINVAL() {
        int tx = f.transactionStart();
        assertError("EINVAL", f.guest.call(XS_TRANSACTION_END, tx, z("yes")));
    }

    @Test
    void startInsideATransactionIsEBUSY() {
        int tx = f.transactionStart();
        assertError("EBUSY", f.guest.call(XS_TRANSACTION_START, tx, z("")));
    }

    @Test
    void watchesFireAtCommitNotBefore() {
        f.watch("data", "t");
        f.events();
        int tx = f.transactionStart();
        f.write(tx, "data/w", "1");
        assertEquals(List.of(), f.events());
        f.transactionEnd(tx, true);
        assertEquals(List.of("data/w t"), f.events());
    }

    @Test
    void rmInATransactionAppliesAtCommit() {
        f.write("data/gone/x", "1");
        int tx = f.transactionStart();
        assertOk(XS_RM, f.guest.call(XS_RM, tx, z("data/gone")));
        assertReply(XS_READ, "1", f.read("data/gone/x"));
        f.transactionEnd(tx, true);
        assertError("ENOENT", f.read("data/gone/x"));
        assertReply(XS_DIRECTORY, "", f.directory("data"));
    }

    @Test
    void tooManyOpenTransactionsIsENOSPC() {
        for (int i = 0; i <= XenStore.QUOTA_TRANSACTIONS; i++) {
            f.transactionStart();
        }
        assertError("ENOSPC", f.guest.call(XS_TRANSACTION_START, 0, z("")));
    }
}
