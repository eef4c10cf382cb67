package io.xenscope.xen.hypercall;

import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;

import java.util.Arrays;

/**
 * HYPERVISOR_set_trap_table(traps) (xen/arch/x86/pv/traps.c do_set_trap_table): entries of
 * struct trap_info {uint8_t vector; uint8_t flags; uint16_t cs; unsigned long address;}
 * (16 bytes), ended by an entry whose address is 0. A null list clears the table. Flags bits 0-1
 * are the DPL for int $n, bit 2 makes the bounce mask events.
 */
public final class SetTrapTable {
    public static final int NR = 0;

    private SetTrapTable() {
    }

    public static long call(Vcpu v, long traps) {
        if (traps == 0) {
            Arrays.fill(v.trapAddress, 0);
            Arrays.fill(v.trapFlags, 0);
            Arrays.fill(v.trapCs, 0);
            return 0;
        }
        GuestMemory g = v.guest();
        for (int i = 0; i < 4096; i++) {
            long e = traps + 16L * i;
            int vector = g.read8(e);
            int flags = g.read8(e + 1);
            int cs = g.read16(e + 2);
            long address = g.read64(e + 8);
            if (address == 0) {
                break;
            }
            if ((address << 16) >> 16 != address) {
                return -Errno.EINVAL;
            }
            v.trapAddress[vector] = address;
            v.trapFlags[vector] = flags;
            v.trapCs[vector] = cs | 3;
        }
        return 0;
    }
}
