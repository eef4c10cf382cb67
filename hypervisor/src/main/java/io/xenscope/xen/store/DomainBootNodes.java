package io.xenscope.xen.store;

import java.util.UUID;

/**
 * What the toolstack (libxl, as `xl create` runs it) writes into xenstore for a domU before it boots,
 * so a guest finds what it reads at start of day: its name and domid, memory target, the console and
 * store rings (ring-ref, port), and the writable directories (device, control, data, ...).
 *
 * <p>Permissions follow libxl__domain_make: the home and read-only nodes are owned by dom0 and
 * readable by the domain ({@code n0 rD}); the nodes the guest writes are owned by it ({@code nD}).
 */
public final class DomainBootNodes {
    private int domid = 1;
    private String name = "guest";
    private UUID uuid = new UUID(0, 1);
    private long memoryKiB = 32 * 1024;
    private long consoleRingRef;
    private int consolePort;
    private long storeRingRef;
    private int storePort;
    private boolean hvm;

    public DomainBootNodes domid(int d) {
        this.domid = d;
        return this;
    }

    public DomainBootNodes name(String n) {
        this.name = n;
        return this;
    }

    public DomainBootNodes uuid(UUID u) {
        this.uuid = u;
        return this;
    }

    public DomainBootNodes memoryKiB(long kib) {
        this.memoryKiB = kib;
        return this;
    }

    /** ring-ref is the console page's mfn for PV, its gfn for HVM/PVH. */
    public DomainBootNodes console(long ringRef, int port) {
        this.consoleRingRef = ringRef;
        this.consolePort = port;
        return this;
    }

    public DomainBootNodes store(long ringRef, int port) {
        this.storeRingRef = ringRef;
        this.storePort = port;
        return this;
    }

    public DomainBootNodes hvm(boolean h) {
        this.hvm = h;
        return this;
    }

    /** Writes the nodes (as dom0) into {@code xs}; fails loudly only on our own mistakes. */
    public void writeTo(XenStore xs) {
        String dom = "/local/domain/" + Integer.toUnsignedString(domid);
        String vm = "/vm/" + uuid;
        XsPermission[] ro = {XsPermission.none(0), XsPermission.read(domid)};
        XsPermission[] rw = {XsPermission.none(domid)};

        if (xs.read("/local/domain/0") == null) {
            xs.write("/local/domain/0/name", "Domain-0");
            xs.write("/local/domain/0/domid", "0");
        }
        xs.rm(dom);
        mk(xs, dom, ro);
        xs.rm(vm);
        mk(xs, vm, ro);
        xs.write(vm + "/uuid", uuid.toString());
        xs.write(vm + "/name", name);
        xs.write(dom + "/vm", vm);
        xs.write(dom + "/name", name);
        xs.write(dom + "/domid", Integer.toUnsignedString(domid));
        mk(xs, dom + "/cpu", ro);
        xs.write(dom + "/cpu/0/availability", "online");
        mk(xs, dom + "/memory", ro);
        xs.write(dom + "/memory/static-max", Long.toString(memoryKiB));
        xs.write(dom + "/memory/target", Long.toString(memoryKiB));
        xs.write(dom + "/memory/videoram", hvm ? "8192" : "-1");
        mk(xs, dom + "/device", ro);
        mk(xs, dom + "/device/suspend/event-channel", rw);
        mk(xs, dom + "/control", ro);
        mk(xs, dom + "/control/shutdown", rw);
        mk(xs, dom + "/control/feature-poweroff", rw);
        mk(xs, dom + "/control/feature-reboot", rw);
        mk(xs, dom + "/control/feature-suspend", rw);
        mk(xs, dom + "/control/sysrq", rw);
        xs.write(dom + "/control/platform-feature-multiprocessor-suspend", "1");
        xs.write(dom + "/control/platform-feature-xs_reset_watches", "1");
        for (String d : new String[] {"data", "drivers", "feature", "attr", "error"}) {
            mk(xs, dom + "/" + d, rw);
        }
        if (hvm) {
            mk(xs, dom + "/hvmloader", ro);
        }
        xs.write(dom + "/store/port", Integer.toString(storePort));
        xs.write(dom + "/store/ring-ref", Long.toString(storeRingRef));
        // The primary console: libxl writes the ring details read-only, the rest guest-writable.
        mk(xs, dom + "/console", rw);
        xs.write(dom + "/console/backend", "/local/domain/0/backend/console/" + domid + "/0");
        xs.write(dom + "/console/backend-id", "0");
        xs.write(dom + "/console/limit", "1048576");
        xs.write(dom + "/console/type", "xenconsoled");
        xs.write(dom + "/console/output", "pty");
        xs.write(dom + "/console/tty", "/dev/pts/0");
        xs.write(dom + "/console/port", Integer.toString(consolePort));
        xs.setPerms(dom + "/console/port", ro);
        xs.write(dom + "/console/ring-ref", Long.toString(consoleRingRef));
        xs.setPerms(dom + "/console/ring-ref", ro);
    }

    private static void mk(XenStore xs, String path, XsPermission[] perms) {
        xs.mkdir(path);
        xs.setPerms(path, perms);
    }
}
