package io.xenscope.xen.store;

import static io.xenscope.xen.store.GuestXenbus.raw;
import static io.xenscope.xen.store.GuestXenbus.z;

import io.xenscope.memory.PhysicalMemory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A xenstored with domain 1 ("guest") booted as libxl would, connected through a ring page. */
class XsFixture {
    static final long PAGE = 0x5000;
    static final long PAGE2 = 0x9000;

    final PhysicalMemory mem = new PhysicalMemory(1 << 20);
    final XenStore xs = new XenStore();
    final List<String> transcript = new ArrayList<>();
    final List<String> ignored = new ArrayList<>();
    int guestNotifications;
    final XsDomainRing ring;
    final GuestXenbus guest;

    XsFixture() {
        new DomainBootNodes().domid(1).name("guest").memoryKiB(65536).console(0x1234, 2).store(0x1235, 1).writeTo(xs);
        xs.addListener(new XsListener() {
            @Override
            public void request(int domid, XsMessage m) {
                transcript.add("d" + domid + " > " + m);
            }

            @Override
            public void sent(int domid, XsMessage m) {
                transcript.add("d" + domid + " < " + m);
            }

            @Override
            public void connectionIgnored(int domid, int error, String reason) {
                ignored.add("d" + domid + " error " + error + ": " + reason);
            }
        });
        ring = xs.attachRing(1, mem, PAGE, () -> guestNotifications++);
        guest = new GuestXenbus(mem, PAGE, ring::onGuestNotify);
    }

    /** A second domU (domid 2) with its own ring. */
    GuestXenbus secondGuest() {
        new DomainBootNodes().domid(2).name("other").writeTo(xs);
        XsDomainRing r2 = xs.attachRing(2, mem, PAGE2, () -> { });
        return new GuestXenbus(mem, PAGE2, r2::onGuestNotify);
    }

    XsMessage read(String path) {
        return guest.call(XsWire.XS_READ, 0, z(path));
    }

    XsMessage write(String path, String value) {
        return guest.call(XsWire.XS_WRITE, 0, z(path), raw(value));
    }

    XsMessage write(int tx, String path, String value) {
        return guest.call(XsWire.XS_WRITE, tx, z(path), raw(value));
    }

    XsMessage mkdir(String path) {
        return guest.call(XsWire.XS_MKDIR, 0, z(path));
    }

    XsMessage rm(String path) {
        return guest.call(XsWire.XS_RM, 0, z(path));
    }

    XsMessage directory(String path) {
        return guest.call(XsWire.XS_DIRECTORY, 0, z(path));
    }

    XsMessage getPerms(String path) {
        return guest.call(XsWire.XS_GET_PERMS, 0, z(path));
    }

    XsMessage setPerms(String path, String... perms) {
        byte[][] parts = new byte[perms.length + 1][];
        parts[0] = z(path);
        for (int i = 0; i < perms.length; i++) {
            parts[i + 1] = z(perms[i]);
        }
        return guest.call(XsWire.XS_SET_PERMS, 0, parts);
    }

    XsMessage watch(String path, String token) {
        return guest.call(XsWire.XS_WATCH, 0, z(path), z(token));
    }

    XsMessage unwatch(String path, String token) {
        return guest.call(XsWire.XS_UNWATCH, 0, z(path), z(token));
    }

    int transactionStart() {
        XsMessage m = guest.call(XsWire.XS_TRANSACTION_START, 0, z(""));
        String s = GuestXenbus.text(m);
        return Integer.parseInt(s.substring(0, s.length() - 1));
    }

    XsMessage transactionEnd(int tx, boolean commit) {
        return guest.call(XsWire.XS_TRANSACTION_END, tx, z(commit ? "T" : "F"));
    }

    /** Watch events as "path token" strings. */
    List<String> events() {
        List<String> out = new ArrayList<>();
        for (XsMessage m : guest.drainEvents()) {
            out.add(event(m));
        }
        return out;
    }

    static String event(XsMessage m) {
        String s = new String(m.payload(), StandardCharsets.ISO_8859_1);
        String[] parts = s.split("\0", -1);
        return parts[0] + " " + parts[1];
    }
}
