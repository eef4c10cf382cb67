package io.xenscope.xen.store;

import static io.xenscope.xen.store.GuestXenbus.raw;
import static io.xenscope.xen.store.GuestXenbus.z;
import static io.xenscope.xen.store.XsAssert.assertError;
import static io.xenscope.xen.store.XsAssert.assertOk;
import static io.xenscope.xen.store.XsAssert.assertReply;
import static io.xenscope.xen.store.XsWire.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class XenStoreOperationsTest {
    private final XsFixture f = new XsFixture();

    @Test
    void readReturnsTheValueWithoutNul() {
        assertReply(XS_READ, "guest", f.read("/local/domain/1/name"));
    }

    @Test
    void relativePathsResolveAgainstTheDomainHome() {
        assertReply(XS_READ, "65536", f.read("memory/target"));
    }

    @Test
    void readOfMissingNodeIsENOENT() {
        assertError("ENOENT", f.read("device/vif/0/state"));
    }

    @Test
    void readOfUnreadableNodeIsEACCES() {
        assertError("EACCES", f.read("/tool/xenstored"));
    }

    @Test
    void missingNodeUnderUnreadableParentIsEACCESNotENOENT() {
        assertError("EACCES", f.read("/tool/nothing/here"));
    }

    @Test
    void replyEchoesReqIdAndTxId() {
        f.guest.xbWrite(XS_READ, 0xdeadbeef, 0, z("name"));
        f.ring.onGuestNotify();
        XsMessage m = f.guest.readOne();
        assertEquals(0xdeadbeef, m.reqId());
        assertEquals(0, m.txId());
    }

    @Test
    void writeThenReadRoundTrips() {
        assertOk(XS_WRITE, f.write("data/greeting", "hello"));
        assertReply(XS_READ, "hello", f.read("data/greeting"));
    }

    @Test
    void writeMayCarryBinaryDataIncludingNuls() {
        assertOk(XS_WRITE, f.guest.call(XS_WRITE, 0, z("data/bin"), new byte[] {1, 0, 2}));
        assertReply(XS_READ, "\\x01\0\\x02", f.read("data/bin"));
    }

    @Test
    void writeCreatesMissingParentsOwnedByTheWriter() {
        assertOk(XS_WRITE, f.write("data/a/b/c", "1"));
        assertReply(XS_READ, "", f.read("data/a/b"));
        assertReply(XS_GET_PERMS, "n1\0", f.getPerms("data/a"));
    }

    @Test
    void createdNodesInheritTheParentsAclWithTheCreatorAsOwner() {
        f.write("data/shared", "");
        f.setPerms("data/shared", "n1", "r2");
        f.write("data/shared/child", "x");
        assertReply(XS_GET_PERMS, "n1\0r2\0", f.getPerms("data/shared/child"));
    }

    @Test
    void domainGrantedWriteOwnsWhatItCreatesUnderAForeignNode() {
        f.xs.mkdir("/local/domain/1/device/vif");
        f.xs.setPerms("/local/domain/1/device/vif", XsPermission.none(0), XsPermission.both(1));
        assertOk(XS_WRITE, f.write("device/vif/0", "x"));
        assertReply(XS_GET_PERMS, "n1\0b1\0", f.getPerms("device/vif/0"));
    }

    @Test
    void writeToReadOnlyNodeIsEACCES() {
        assertError("EACCES", f.write("name", "renamed"));
        assertReply(XS_READ, "guest", f.read("name"));
    }

    @Test
    void writeOutsideTheHomeIsEACCES() {
        assertError("EACCES", f.write("/evil", "x"));
    }

    @Test
    void guestMayAcknowledgeShutdownByWritingControlShutdown() {
        assertOk(XS_WRITE, f.write("control/shutdown", ""));
    }

    @Test
    void nodeLargerThanTheNodeSizeQuotaIsENOSPC() {
        assertError("ENOSPC", f.write("data/big", "x".repeat(2100)));
    }

    @Test
    void mkdirOfExistingNodeSucceeds() {
        assertOk(XS_MKDIR, f.mkdir("data"));
    }

    @Test
    void mkdirCreatesAnEmptyNode() {
        assertOk(XS_MKDIR, f.mkdir("data/dir"));
        assertReply(XS_READ, "", f.read("data/dir"));
    }

    @Test
    void directoryListsChildrenEachNulTerminatedInCreationOrder() {
        f.write("data/x/b", "");
        f.write("data/x/a", "");
        assertReply(XS_DIRECTORY, "b\0a\0", f.directory("data/x"));
    }

    @Test
    void directoryOfLeafIsEmpty() {
        assertReply(XS_DIRECTORY, "", f.directory("name"));
    }

    @Test
    void directoryPartReturnsGenerationChildrenAndTerminator() {
        f.write("data/p/one", "");
        f.write("data/p/two", "");
        XsMessage m = f.guest.call(XS_DIRECTORY_PART, 0, z("data/p"), z("0"));
        String s = GuestXenbus.text(m);
        assertTrue(s.matches("\\d+\0one\0two\0\0"), m.payloadText());
    }

    @Test
    void directoryPartPastTheEndIsGenerationAndEmptyString() {
        f.write("data/p/one", "");
        String s = GuestXenbus.text(f.guest.call(XS_DIRECTORY_PART, 0, z("data/p"), z("99")));
        assertTrue(s.matches("\\d+\0\0"), s);
    }

    @Test
    void rmRemovesTheSubtree() {
        f.write("data/t/u/v", "1");
        assertOk(XS_RM, f.rm("data/t"));
        assertError("ENOENT", f.read("data/t/u/v"));
        assertReply(XS_DIRECTORY, "", f.directory("data"));
    }

    @Test
    void rmOfMissingNodeWithExistingParentSucceeds() {
        assertOk(XS_RM, f.rm("data/never"));
    }

    @Test
    void rmOfMissingNodeWithMissingParentIsENOENT() {
        assertError("ENOENT", f.rm("data/never/ever"));
    }

    @Test
    void rmOfReadOnlyNodeIsEACCES() {
        assertError("EACCES", f.rm("name"));
    }

    @Test
    void getPermsListsOwnerThenAcl() {
        assertReply(XS_GET_PERMS, "n0\0r1\0", f.getPerms("/local/domain/1"));
    }

    @Test
    void ownerMaySetPermissions() {
        f.write("data/shared", "v");
        assertOk(XS_SET_PERMS, f.setPerms("data/shared", "n1", "r2"));
        assertReply(XS_GET_PERMS, "n1\0r2\0", f.getPerms("data/shared"));
    }

    @Test
    void setPermsOnSomeoneElsesNodeIsEACCES() {
        assertError("EACCES", f.setPerms("name", "b1"));
    }

    @Test
    void unprivilegedDomainMayNotGiveANodeAwayEPERM() {
        f.write("data/mine", "v");
        assertError("EPERM", f.setPerms("data/mine", "n0"));
    }

    @Test
    void setPermsWithUnknownLetterIsEINVAL() {
        f.write("data/mine", "v");
        assertError("EINVAL", f.setPerms("data/mine", "x1"));
    }

    @Test
    void setPermsWithoutAnyPermissionIsEINVAL() {
        assertError("EINVAL", f.setPerms("data"));
    }

    @Test
    void moreThanFivePermissionsIsENOSPC() {
        assertError("ENOSPC", f.setPerms("data", "n1", "r2", "r3", "r4", "r5", "r6"));
    }

    @Test
    void aclEntryGrantsAnotherDomainAccess() {
        GuestXenbus other = f.secondGuest();
        f.write("data/shared", "v");
        assertError("EACCES", other.call(XS_READ, 0, z("/local/domain/1/data/shared")));
        f.setPerms("data/shared", "n1", "r2");
        assertReply(XS_READ, "v", other.call(XS_READ, 0, z("/local/domain/1/data/shared")));
    }

    @Test
    void getDomainPathNamesTheHome() {
        assertReply(XS_GET_DOMAIN_PATH, "/local/domain/7\0", f.guest.call(XS_GET_DOMAIN_PATH, 0, z("7")));
    }

    @Test
    void getDomainPathParsesLikeAtoi() {
        assertReply(XS_GET_DOMAIN_PATH, "/local/domain/0\0", f.guest.call(XS_GET_DOMAIN_PATH, 0, z("junk")));
    }

    @Test
    void privilegedOperationsAreEACCESForADomU() {
        for (int type : new int[] {XS_CONTROL, XS_INTRODUCE, XS_RELEASE, XS_IS_DOMAIN_INTRODUCED, XS_RESUME,
                XS_SET_TARGET}) {
            assertError("EACCES", f.guest.call(type, 0, z("1")));
        }
    }

    @Test
    void unknownTypeIsENOSYS() {
        assertError("ENOSYS", f.guest.call(77, 0, z("x")));
    }

    @Test
    void replyOnlyTypesAsRequestsAreENOSYS() {
        assertError("ENOSYS", f.guest.call(XS_WATCH_EVENT, 0, z("x"), z("y")));
        assertError("ENOSYS", f.guest.call(XS_ERROR, 0, z("EINVAL")));
    }

    @Test
    void pathWithoutNulIsEINVAL() {
        assertError("EINVAL", f.guest.call(XS_READ, 0, raw("name")));
    }

    @Test
    void extraArgumentIsEINVAL() {
        assertError("EINVAL", f.guest.call(XS_READ, 0, z("name"), z("extra")));
    }

    @Test
    void invalidCharacterInPathIsEINVAL() {
        assertError("EINVAL", f.read("data/a b"));
    }

    @Test
    void trailingSlashIsEINVAL() {
        assertError("EINVAL", f.read("data/"));
    }

    @Test
    void doubleSlashIsEINVAL() {
        assertError("EINVAL", f.read("/local//domain"));
    }

    @Test
    void specialPathsAreEINVALForReads() {
        assertError("EINVAL", f.read("@introduceDomain"));
    }

    @Test
    void overlongPathIsEINVAL() {
        assertError("EINVAL", f.read("data/" + "a".repeat(2100)));
    }

    @Test
    void unknownTransactionIdIsENOENT() {
        assertError("ENOENT", f.guest.call(XS_READ, 42, z("name")));
    }

    @Test
    void resetWatchesDropsWatchesAndTransactions() {
        f.watch("data", "tok");
        f.events();
        int tx = f.transactionStart();
        assertOk(XS_RESET_WATCHES, f.guest.call(XS_RESET_WATCHES, 0, z("")));
        f.write("data/x", "1");
        assertEquals(java.util.List.of(), f.events());
        assertError("ENOENT", f.transactionEnd(tx, true));
    }

    @Test
    void transcriptRecordsRequestsAndReplies() {
        f.transcript.clear();
        f.read("name");
        assertEquals(java.util.List.of("d1 > READ req_id=1 tx_id=0 \"name\\0\"", "d1 < READ req_id=1 tx_id=0 \"guest\""),
                f.transcript);
    }

    @Test
    void guestIsNotifiedAfterItsRequestIsAnswered() {
        int before = f.guestNotifications;
        f.read("name");
        assertTrue(f.guestNotifications > before);
    }
}
