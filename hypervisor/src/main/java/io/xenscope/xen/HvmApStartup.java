package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.cpu.exec.InterruptSource;
import io.xenscope.devices.PcPlatform;

/**
 * What INIT and STARTUP IPIs do to the vCPUs of an HVM domain (SDM Vol. 3 §8.4.4 MP
 * initialization; Xen's vlapic_init_sipi_one, xen/arch/x86/hvm/vlapic.c): INIT takes an
 * initialised vCPU down and resets it (vcpu_reset: no longer initialised — the wait-for-SIPI
 * state); INIT to a vCPU already reset does nothing. A STARTUP with vector VV to a vCPU that is not
 * initialised starts it in real mode at CS = VV00h (base VV000h), IP 0, the rest as after INIT
 * (SDM Table 9-1; hvm_vcpu_reset_state, which ignores an initialised vCPU: the second STARTUP of
 * INIT-SIPI-SIPI, or one to a vCPU that went down with cli; hlt). Application processors are
 * created not initialised and down (INIT-SIPI, or VCPUOP_initialise + VCPUOP_up as Xen also allows).
 * A fixed IPI to a halted vCPU wakes it when its INTR line then has something to deliver.
 */
final class HvmApStartup implements PcPlatform.ApStartup {
    private final Domain domain;
    private final InterruptSource[] lines;

    HvmApStartup(Domain domain, InterruptSource[] lines) {
        this.domain = domain;
        this.lines = lines;
    }

    @Override
    public boolean init(int vcpu) {
        Vcpu v = domain.vcpu(vcpu);
        if (!v.initialised) {
            return false; // "Nothing to do if the VCPU is already reset."
        }
        v.goDown();
        v.blocked = false;
        v.cpu.reset();
        v.initialised = false;
        return true;
    }

    @Override
    public void startup(int vcpu, int vector) {
        Vcpu v = domain.vcpu(vcpu);
        if (v.initialised) {
            return;
        }
        Cpu c = v.cpu;
        c.reset();
        c.seg[Cpu.CS].set(vector << 8, (long) vector << 12, 0xffff, SegmentRegister.P | SegmentRegister.S
                | SegmentRegister.TYPE_CODE | SegmentRegister.TYPE_RW | SegmentRegister.TYPE_ACCESSED);
        c.rip = 0;
        v.blocked = false;
        v.initialised = true;
        v.goUp();
    }

    @Override
    public void interrupted(int vcpu) {
        Vcpu v = domain.vcpu(vcpu);
        if (v.up && v.blocked && lines[vcpu].pending(v.cpu)) {
            v.kick();
        }
    }
}
