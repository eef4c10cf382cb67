package io.xenscope.cpu.isa.x87;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.fault.DeviceNotAvailable;
import io.xenscope.cpu.fault.FloatingPointError;

/**
 * x87 availability (SDM Vol. 3 §2.5 and Table 13-1): any x87 instruction raises #NM when CR0.EM or
 * CR0.TS is set; WAIT/FWAIT only when CR0.TS and CR0.MP are both set. A pending unmasked x87
 * exception (FSW.ES) is delivered as #MF by WAIT and the waiting x87 instructions when CR0.NE = 1
 * (with NE = 0 the legacy FERR# interrupt is not modelled and the exception stays pending).
 */
public final class X87Availability {
    private X87Availability() {
    }

    /** Non-waiting control instructions (fninit, fnstsw, fnstcw, fnclex, fnstenv, fnsave...). */
    public static void check(Cpu c) {
        if ((c.cr0 & (Cpu.CR0_EM | Cpu.CR0_TS)) != 0) {
            throw new DeviceNotAvailable("x87 instruction with CR0.EM or CR0.TS set");
        }
    }

    /** Waiting instructions: also deliver a pending unmasked exception. */
    public static void checkWaiting(Cpu c) {
        check(c);
        pending(c);
    }

    public static void checkWait(Cpu c) {
        if ((c.cr0 & (Cpu.CR0_TS | Cpu.CR0_MP)) == (Cpu.CR0_TS | Cpu.CR0_MP)) {
            throw new DeviceNotAvailable("wait with CR0.TS and CR0.MP set");
        }
        pending(c);
    }

    private static void pending(Cpu c) {
        if ((c.x87.statusWord & X87Registers.ES) != 0 && (c.cr0 & Cpu.CR0_NE) != 0) {
            throw new FloatingPointError("pending unmasked x87 exception, FSW 0x" + Integer.toHexString(c.x87.statusWord));
        }
    }
}
