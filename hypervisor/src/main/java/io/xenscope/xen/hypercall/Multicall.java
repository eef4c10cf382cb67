package io.xenscope.xen.hypercall;

import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;

/**
 * HYPERVISOR_multicall(call_list, nr_calls) (xen/common/multicall.c): each struct
 * multicall_entry {xen_ulong_t op; xen_long_t result; xen_ulong_t args[6];} (64 bytes) is
 * dispatched in order and its result stored; a nested multicall gets -EINVAL. The batch stops
 * after an iret entry (mc_exit), or when the domain shuts down or the vCPU blocks.
 */
public final class Multicall {
    public static final int NR = 13;

    private Multicall() {
    }

    public static long call(Vcpu v, long list, long nr) {
        GuestMemory g = v.guest();
        long n = nr & 0xffffffffL;
        for (long i = 0; i < n; i++) {
            long e = list + 64 * i;
            long op = g.read64(e);
            long[] a = new long[6];
            for (int k = 0; k < 6; k++) {
                a[k] = g.read64(e + 16 + 8L * k);
            }
            long result = op == NR ? -Errno.EINVAL
                    : v.domain().hypercalls().invoke(v, op, a[0], a[1], a[2], a[3], a[4], a[5], v.cpu().rip);
            g.write64(e + 8, result);
            // an iret ends the batch (mc_exit); so do a shutdown and a blocked vCPU
            if (op == Iret.NR || v.domain().isShutdown() || v.blocked()) {
                break;
            }
        }
        return 0;
    }
}
