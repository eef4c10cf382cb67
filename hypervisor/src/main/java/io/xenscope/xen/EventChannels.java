package io.xenscope.xen;

import io.xenscope.xen.mm.Errno;

/**
 * A domain's event channels with the 2-level ABI (xen/common/event_channel.c, event_2l.c): port
 * states and bindings, evtchn_pending/evtchn_mask in shared_info, evtchn_pending_sel and
 * evtchn_upcall_pending in the bound vCPU's vcpu_info. Dom0's ends of interdomain channels are the
 * in-process backends (console, xenstored), represented by a {@link Backend} callback.
 */
public final class EventChannels {
    /** EVTCHN_2L_NR_CHANNELS for a 64-bit guest: 64 words of 64 bits. */
    public static final int NR_CHANNELS = 4096;
    public static final int NR_VIRQS = 24;
    public static final int VIRQ_TIMER = 0, VIRQ_DEBUG = 1, VIRQ_CONSOLE = 2, VIRQ_DOM_EXC = 3, VIRQ_TBUF = 4,
            VIRQ_DEBUGGER = 6, VIRQ_XENOPROF = 7, VIRQ_CON_RING = 8, VIRQ_PCPU_STATE = 9, VIRQ_MEM_EVENT = 10,
            VIRQ_ARGO = 11, VIRQ_ENOMEM = 12, VIRQ_XENPMU = 13;
    /** EVTCHNSTAT_* (event_channel.h). */
    public static final int STAT_CLOSED = 0, STAT_UNBOUND = 1, STAT_INTERDOMAIN = 2, STAT_PIRQ = 3, STAT_VIRQ = 4, STAT_IPI = 5;

    /** The dom0 side of an interdomain channel: a backend notified when the guest sends. */
    @FunctionalInterface
    public interface Backend {
        void onGuestSend();
    }

    enum State { FREE, RESERVED, UNBOUND, INTERDOMAIN, PIRQ, VIRQ, IPI }

    static final class Channel {
        State state = State.FREE;
        int notifyVcpu;
        int remoteDom;
        int remotePort;
        int virq;
        Backend backend;
    }

    private final Domain d;
    private final Channel[] ports = new Channel[NR_CHANNELS];
    /** virq_to_evtchn per vCPU. */
    private final int[][] virqToPort;
    private int nextBackendPort = 1;

    EventChannels(Domain d, int nrVcpus) {
        this.d = d;
        for (int i = 0; i < NR_CHANNELS; i++) {
            ports[i] = new Channel();
        }
        ports[0].state = State.RESERVED;
        virqToPort = new int[nrVcpus][NR_VIRQS];
    }

    private SharedInfo si() {
        return d.sharedInfo();
    }

    public boolean valid(int port) {
        return port >= 0 && port < NR_CHANNELS;
    }

    /** get_free_port(): the lowest free port, or -ENOSPC. */
    private int freePort() {
        for (int p = 1; p < NR_CHANNELS; p++) {
            if (ports[p].state == State.FREE) {
                return p;
            }
        }
        return -Errno.ENOSPC;
    }

    public String describe(int port) {
        if (!valid(port)) {
            return "invalid port " + port;
        }
        Channel c = ports[port];
        return switch (c.state) {
            case FREE -> "closed";
            case RESERVED -> "reserved";
            case UNBOUND -> "unbound (remote dom " + c.remoteDom + ")";
            case INTERDOMAIN -> "interdomain (dom " + c.remoteDom + " port " + c.remotePort + ")";
            case PIRQ -> "pirq";
            case VIRQ -> "virq " + c.virq + " on vcpu " + c.notifyVcpu;
            case IPI -> "ipi to vcpu " + c.notifyVcpu;
        };
    }

    // ---- toolstack side -------------------------------------------------------------------------

    /**
     * What the toolstack and a dom0 backend do for a ring: alloc_unbound for the guest with remote
     * dom0, then the backend's bind_interdomain. Returns the guest's port.
     */
    public int connectBackend(Backend backend) {
        int p = freePort();
        if (p < 0) {
            throw new IllegalStateException("no free event channel");
        }
        Channel c = ports[p];
        c.state = State.INTERDOMAIN;
        c.remoteDom = 0;
        c.remotePort = nextBackendPort++;
        c.backend = backend;
        c.notifyVcpu = 0;
        return p;
    }

    /** The backend notifies the guest (xenevtchn_notify on dom0's end): set the guest's port pending. */
    public void notifyFromBackend(int port) {
        setPending(port);
    }

    // ---- hypercall operations ------------------------------------------------------------------

    public int allocUnbound(int remoteDom) {
        int p = freePort();
        if (p < 0) {
            return p;
        }
        Channel c = ports[p];
        c.state = State.UNBOUND;
        c.remoteDom = remoteDom;
        c.notifyVcpu = 0;
        return p;
    }

    /** Interdomain binding with a port of this same domain (loopback); other domains have no unbound ports for us. */
    public int bindInterdomain(int remoteDom, int remotePort) {
        if (remoteDom != d.domid()) {
            return -Errno.EINVAL;
        }
        if (!valid(remotePort)) {
            return -Errno.EINVAL;
        }
        Channel r = ports[remotePort];
        if (r.state != State.UNBOUND || r.remoteDom != d.domid()) {
            return -Errno.EINVAL;
        }
        int p = freePort();
        if (p < 0) {
            return p;
        }
        Channel c = ports[p];
        c.state = State.INTERDOMAIN;
        c.remoteDom = d.domid();
        c.remotePort = remotePort;
        c.notifyVcpu = 0;
        r.state = State.INTERDOMAIN;
        r.remoteDom = d.domid();
        r.remotePort = p;
        // evtchn_bind_interdomain: the local port is made pending so nothing sent before is lost
        setPending(p);
        return p;
    }

    public static boolean virqIsGlobal(int virq) {
        return switch (virq) {
            case VIRQ_TIMER, VIRQ_DEBUG, VIRQ_XENOPROF, VIRQ_XENPMU -> false;
            default -> true;
        };
    }

    public int bindVirq(int virq, int vcpu) {
        if (virq < 0 || virq >= NR_VIRQS) {
            return -Errno.EINVAL;
        }
        if (virqIsGlobal(virq) && vcpu != 0) {
            return -Errno.EINVAL;
        }
        if (vcpu < 0 || vcpu >= virqToPort.length) {
            return -Errno.ENOENT;
        }
        if (virqToPort[vcpu][virq] != 0) {
            return -Errno.EEXIST;
        }
        int p = freePort();
        if (p < 0) {
            return p;
        }
        Channel c = ports[p];
        c.state = State.VIRQ;
        c.virq = virq;
        c.notifyVcpu = vcpu;
        virqToPort[vcpu][virq] = p;
        return p;
    }

    public int bindIpi(int vcpu) {
        if (vcpu < 0 || vcpu >= virqToPort.length) {
            return -Errno.ENOENT;
        }
        int p = freePort();
        if (p < 0) {
            return p;
        }
        Channel c = ports[p];
        c.state = State.IPI;
        c.notifyVcpu = vcpu;
        return p;
    }

    public int close(int port) {
        if (!valid(port)) {
            return -Errno.EINVAL;
        }
        Channel c = ports[port];
        switch (c.state) {
            case FREE, RESERVED -> {
                return -Errno.EINVAL;
            }
            case VIRQ -> virqToPort[c.notifyVcpu][c.virq] = 0;
            case INTERDOMAIN -> {
                if (c.backend == null && c.remoteDom == d.domid() && valid(c.remotePort)) {
                    Channel r = ports[c.remotePort];
                    if (r.state == State.INTERDOMAIN && r.remotePort == port) {
                        r.state = State.UNBOUND;
                        r.remoteDom = d.domid();
                    }
                }
            }
            default -> {
            }
        }
        c.state = State.FREE;
        c.backend = null;
        c.notifyVcpu = 0;
        // evtchn_free(): clear the pending bit so a re-bound port does not fire at once
        si().clearBit(SharedInfo.EVTCHN_PENDING, port);
        return 0;
    }

    public int send(int port) {
        if (!valid(port)) {
            return -Errno.EINVAL;
        }
        Channel c = ports[port];
        switch (c.state) {
            case INTERDOMAIN -> {
                if (c.backend != null) {
                    c.backend.onGuestSend();
                } else {
                    setPending(c.remotePort);
                }
                return 0;
            }
            case IPI -> {
                setPending(port);
                return 0;
            }
            case UNBOUND -> {
                return 0; // silently dropped
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
    }

    /** Fills struct evtchn_status; returns 0 or an errno. out = {status, vcpu, u0, u1}. */
    public int status(int port, int[] out) {
        if (!valid(port)) {
            return -Errno.EINVAL;
        }
        Channel c = ports[port];
        out[1] = c.notifyVcpu;
        out[2] = 0;
        out[3] = 0;
        switch (c.state) {
            case FREE, RESERVED -> out[0] = STAT_CLOSED;
            case UNBOUND -> {
                out[0] = STAT_UNBOUND;
                out[2] = c.remoteDom;
            }
            case INTERDOMAIN -> {
                out[0] = STAT_INTERDOMAIN;
                out[2] = c.remoteDom;
                out[3] = c.remotePort;
            }
            case PIRQ -> out[0] = STAT_PIRQ;
            case VIRQ -> {
                out[0] = STAT_VIRQ;
                out[2] = c.virq;
            }
            case IPI -> out[0] = STAT_IPI;
        }
        return 0;
    }

    public int bindVcpu(int port, int vcpu) {
        if (vcpu < 0 || vcpu >= virqToPort.length) {
            return -Errno.ENOENT;
        }
        if (!valid(port)) {
            return -Errno.EINVAL;
        }
        Channel c = ports[port];
        switch (c.state) {
            case VIRQ -> {
                if (!virqIsGlobal(c.virq)) {
                    return -Errno.EINVAL;
                }
                c.notifyVcpu = vcpu;
            }
            case UNBOUND, INTERDOMAIN, PIRQ -> c.notifyVcpu = vcpu;
            default -> {
                return -Errno.EINVAL;
            }
        }
        return 0;
    }

    /** evtchn_2l_unmask(). */
    public int unmask(int port) {
        if (!valid(port)) {
            return -Errno.EINVAL;
        }
        Vcpu v = d.vcpu(ports[port].notifyVcpu);
        if (si().clearBit(SharedInfo.EVTCHN_MASK, port) && si().pending(port)
                && !v.testAndSetPendingSel(port / 64)) {
            v.markEventsPending();
        }
        return 0;
    }

    /** evtchn_2l_set_pending(), plus evtchn_check_pollers(). */
    public void setPending(int port) {
        if (!valid(port)) {
            return;
        }
        Vcpu v = d.vcpu(ports[port].notifyVcpu);
        if (si().setBit(SharedInfo.EVTCHN_PENDING, port)) {
            return;
        }
        if (!si().masked(port) && !v.testAndSetPendingSel(port / 64)) {
            v.markEventsPending();
        }
        for (Vcpu p : d.vcpus()) {
            if (p.pollPorts != null) {
                for (int pp : p.pollPorts) {
                    if (pp == port) {
                        p.pollPorts = null;
                        p.pollTimeout = -1;
                        p.kick();
                        break;
                    }
                }
            }
        }
    }

    /** send_guest_vcpu_virq(): nothing happens when the VIRQ is not bound. */
    public void sendVirq(Vcpu v, int virq) {
        int port = virqToPort[v.id][virq];
        if (port != 0) {
            setPending(port);
        }
    }

    /** send_guest_global_virq(): the binding on vCPU 0. */
    public void sendGlobalVirq(int virq) {
        int port = virqToPort[0][virq];
        if (port != 0) {
            setPending(port);
        }
    }

    public int portOfVirq(int vcpu, int virq) {
        return virqToPort[vcpu][virq];
    }
}
