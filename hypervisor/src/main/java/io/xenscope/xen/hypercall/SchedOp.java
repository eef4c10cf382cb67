package io.xenscope.xen.hypercall;

import io.xenscope.xen.EventChannels;
import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;

/**
 * HYPERVISOR_sched_op(cmd, arg) (xen/common/sched/core.c do_sched_op) and set_timer_op.
 * SCHEDOP_block re-enables event delivery (clears evtchn_upcall_mask) and sleeps until an event
 * is pending; SCHEDOP_poll sleeps until one of the given ports is pending or the timeout passes;
 * when every vCPU sleeps, virtual time jumps to the next timer (the machine's runner does that).
 */
public final class SchedOp {
    public static final int NR = 29, NR_SET_TIMER_OP = 15, NR_COMPAT = 6;
    public static final int SCHEDOP_YIELD = 0, SCHEDOP_BLOCK = 1, SCHEDOP_SHUTDOWN = 2, SCHEDOP_POLL = 3,
            SCHEDOP_REMOTE_SHUTDOWN = 4, SCHEDOP_SHUTDOWN_CODE = 5, SCHEDOP_WATCHDOG = 6, SCHEDOP_PIN_OVERRIDE = 7;
    static final int SCHED_POLL_MAX_PORTS = 128;

    private SchedOp() {
    }

    public static long call(Vcpu v, long cmd, long arg) {
        GuestMemory g = v.guest();
        switch ((int) cmd) {
            case SCHEDOP_YIELD -> {
                v.yieldSlice();
                return 0;
            }
            case SCHEDOP_BLOCK -> {
                block(v);
                return 0;
            }
            case SCHEDOP_SHUTDOWN -> {
                int reason = g.read32(arg);
                v.domain().shutdown(reason & 0xff, "SCHEDOP_shutdown");
                return 0;
            }
            case SCHEDOP_SHUTDOWN_CODE -> {
                int reason = g.read32(arg);
                v.domain().shutdownCode = reason & 0xff;
                return 0;
            }
            case SCHEDOP_POLL -> {
                return poll(v, arg);
            }
            case SCHEDOP_REMOTE_SHUTDOWN -> {
                int domid = g.read16(arg);
                g.read32(arg + 4);
                return domid == v.domain().domid() || domid == 0 ? -Errno.EPERM : -Errno.ESRCH;
            }
            case SCHEDOP_WATCHDOG -> {
                g.read32(arg);
                return -Errno.ENOSYS;
            }
            case SCHEDOP_PIN_OVERRIDE -> {
                return -Errno.EPERM;
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }

    /** sched_op_compat(cmd, arg): yield, block and shutdown take the reason directly. */
    public static long compat(Vcpu v, long cmd, long arg) {
        switch ((int) cmd) {
            case SCHEDOP_YIELD, SCHEDOP_BLOCK -> {
                return call(v, cmd, arg);
            }
            case SCHEDOP_SHUTDOWN -> {
                v.domain().shutdown((int) arg & 0xff, "SCHEDOP_shutdown (sched_op_compat)");
                return 0;
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }

    /** vcpu_block_enable_events(): unmask, then sleep unless an event is already pending. */
    public static void block(Vcpu v) {
        v.setUpcallMask(0);
        if (v.upcallPending() != 0) {
            return;
        }
        v.block();
    }

    /** do_poll(): struct sched_poll {XEN_GUEST_HANDLE(evtchn_port_t) ports; unsigned int nr_ports; uint64_t timeout;}. */
    static long poll(Vcpu v, long arg) {
        GuestMemory g = v.guest();
        long ports = g.read64(arg);
        int nr = g.read32(arg + 8);
        long timeout = g.read64(arg + 16);
        if (Integer.compareUnsigned(nr, SCHED_POLL_MAX_PORTS) > 0) {
            return -Errno.EINVAL;
        }
        if (v.upcallMask() == 0) {
            return -Errno.EINVAL; // upcalls must be disabled: evtchn_set_pending() tests for pollers
        }
        int[] list = new int[nr];
        for (int i = 0; i < nr; i++) {
            int p = g.read32(ports + 4L * i);
            if (p < 0 || p >= EventChannels.NR_CHANNELS) {
                return -Errno.EINVAL;
            }
            if (v.domain().sharedInfo().pending(p)) {
                return 0;
            }
            list[i] = p;
        }
        if (nr == 0 && timeout == 0) {
            return 0;
        }
        v.pollPorts = list;
        v.pollTimeout = timeout == 0 ? -1 : timeout;
        v.block();
        return 0;
    }

    /** HYPERVISOR_set_timer_op(timeout): absolute system time; 0 cancels; wrapped or &gt;2^50 ns away → 100 ms. */
    public static long setTimerOp(Vcpu v, long timeout) {
        if (timeout == 0) {
            v.singleshotDeadline = -1;
            return 0;
        }
        long now = v.now();
        long offset = timeout - now;
        if (offset > 0 && (int) (offset >>> 50) != 0) {
            v.singleshotDeadline = now + 100_000_000L;
        } else {
            v.singleshotDeadline = timeout;
        }
        return 0;
    }
}
