package io.xenscope.xen.hypercall;

import io.xenscope.xen.EventChannels;
import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;
import io.xenscope.xen.mm.FrameTable;

/**
 * HYPERVISOR_event_channel_op(cmd, arg) (xen/common/event_channel.c do_event_channel_op), the
 * 2-level ABI. The FIFO ABI is not offered: EVTCHNOP_init_control answers -ENOSYS (as a Xen built
 * without CONFIG_EVTCHN_FIFO), so guests stay on 2-level. Also the old event_channel_op_compat(op*)
 * whose struct evtchn_op is {uint32_t cmd; union u} (u at offset 8).
 */
public final class EventChannelOp {
    public static final int NR = 32, NR_COMPAT = 16;
    public static final int EVTCHNOP_BIND_INTERDOMAIN = 0, EVTCHNOP_BIND_VIRQ = 1, EVTCHNOP_BIND_PIRQ = 2,
            EVTCHNOP_CLOSE = 3, EVTCHNOP_SEND = 4, EVTCHNOP_STATUS = 5, EVTCHNOP_ALLOC_UNBOUND = 6,
            EVTCHNOP_BIND_IPI = 7, EVTCHNOP_BIND_VCPU = 8, EVTCHNOP_UNMASK = 9, EVTCHNOP_RESET = 10,
            EVTCHNOP_INIT_CONTROL = 11, EVTCHNOP_EXPAND_ARRAY = 12, EVTCHNOP_SET_PRIORITY = 13;

    private EventChannelOp() {
    }

    private static boolean self(Vcpu v, int domid) {
        return domid == FrameTable.DOMID_SELF || domid == v.domain().domid();
    }

    public static long compat(Vcpu v, long op) {
        int cmd = v.guest().read32(op);
        return call(v, cmd, op + 8);
    }

    public static long call(Vcpu v, long cmd, long arg) {
        GuestMemory g = v.guest();
        EventChannels ec = v.domain().eventChannels();
        switch ((int) cmd) {
            case EVTCHNOP_ALLOC_UNBOUND -> {
                // struct evtchn_alloc_unbound {domid_t dom, remote_dom; evtchn_port_t port;}
                int dom = g.read16(arg);
                int remote = g.read16(arg + 2);
                if (!self(v, dom)) {
                    return -Errno.EPERM;
                }
                if (remote == FrameTable.DOMID_SELF) {
                    remote = v.domain().domid();
                }
                int port = ec.allocUnbound(remote);
                if (port < 0) {
                    return port;
                }
                g.write32(arg + 4, port);
                return 0;
            }
            case EVTCHNOP_BIND_INTERDOMAIN -> {
                // struct evtchn_bind_interdomain {domid_t remote_dom; evtchn_port_t remote_port; evtchn_port_t local_port;}
                int remote = g.read16(arg);
                int rport = g.read32(arg + 4);
                if (remote == FrameTable.DOMID_SELF) {
                    remote = v.domain().domid();
                }
                int port = ec.bindInterdomain(remote, rport);
                if (port < 0) {
                    return port;
                }
                g.write32(arg + 8, port);
                return 0;
            }
            case EVTCHNOP_BIND_VIRQ -> {
                // struct evtchn_bind_virq {uint32_t virq; uint32_t vcpu; evtchn_port_t port;}
                int port = ec.bindVirq(g.read32(arg), g.read32(arg + 4));
                if (port < 0) {
                    return port;
                }
                g.write32(arg + 8, port);
                return 0;
            }
            case EVTCHNOP_BIND_IPI -> {
                int port = ec.bindIpi(g.read32(arg));
                if (port < 0) {
                    return port;
                }
                g.write32(arg + 4, port);
                return 0;
            }
            case EVTCHNOP_BIND_PIRQ -> {
                g.read32(arg);
                return -Errno.EINVAL; // no physical IRQs for a domU
            }
            case EVTCHNOP_CLOSE -> {
                return ec.close(g.read32(arg));
            }
            case EVTCHNOP_SEND -> {
                return ec.send(g.read32(arg));
            }
            case EVTCHNOP_STATUS -> {
                // struct evtchn_status {domid_t dom; evtchn_port_t port; uint32_t status; uint32_t vcpu; union u;}
                int dom = g.read16(arg);
                int port = g.read32(arg + 4);
                if (!self(v, dom)) {
                    return dom == 0 ? -Errno.EPERM : -Errno.ESRCH;
                }
                int[] out = new int[4];
                int rc = ec.status(port, out);
                if (rc < 0) {
                    return rc;
                }
                g.write32(arg + 8, out[0]);
                g.write32(arg + 12, out[1]);
                if (out[0] == EventChannels.STAT_UNBOUND) {
                    g.write16(arg + 16, out[2]);
                } else if (out[0] == EventChannels.STAT_INTERDOMAIN) {
                    g.write16(arg + 16, out[2]);
                    g.write32(arg + 20, out[3]);
                } else if (out[0] == EventChannels.STAT_VIRQ || out[0] == EventChannels.STAT_PIRQ) {
                    g.write32(arg + 16, out[2]);
                }
                return 0;
            }
            case EVTCHNOP_BIND_VCPU -> {
                return ec.bindVcpu(g.read32(arg), g.read32(arg + 4));
            }
            case EVTCHNOP_UNMASK -> {
                return ec.unmask(g.read32(arg));
            }
            case EVTCHNOP_RESET -> {
                int dom = g.read16(arg);
                return self(v, dom) ? -Errno.EINVAL : -Errno.EPERM;
            }
            case EVTCHNOP_INIT_CONTROL, EVTCHNOP_EXPAND_ARRAY, EVTCHNOP_SET_PRIORITY -> {
                return -Errno.ENOSYS;
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }
}
