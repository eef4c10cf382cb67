package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.cpu.exec.InterruptSource;
import io.xenscope.devices.PcPlatform;

/**
 * What INIT and STARTUP IPIs do to the vCPUs of an HVM domain (SDM Vol. 3 §8.4.4 MP
 * initialization; Xen's vlapic_init_sipi_one): INIT takes the vCPU down in the INIT state, waiting
 * for a STARTUP; a STARTUP with vector VV to a waiting vCPU starts it in real mode at CS = VV00h
 * (base VV000h), IP 0, the rest as after INIT (SDM Table 9-1; Xen's hvm_vcpu_reset_state). A
 * STARTUP to a vCPU not waiting for one is ignored, as on hardware. Application processors are
 * created waiting (down until INIT-SIPI-SIPI, or VCPUOP_initialise + VCPUOP_up as Xen also allows).
 * A fixed IPI to a halted vCPU wakes it when its INTR line then has something to deliver.
 */
final class HvmApStartup implements PcPlatform.ApStartup {
    private final Domain domain;
    private final InterruptSource[] lines;
    private final boolean[] waitingForSipi;

    HvmApStartup(Domain domain, InterruptSource[] lines) {
        this.domain = domain;
        this.lines = lines;
        this.waitingForSipi = new boolean[lines.length];
        for (int i = 1; i < lines.length; i++) {
            waitingForSipi[i] = true;
        }
    }

    /** Whether vCPU {@code vcpu} is in the wait-for-SIPI state. */
    boolean waitingForSipi(int vcpu) {
        return waitingForSipi[vcpu];
    }

    @Override
    public void init(int vcpu) {
        Vcpu v = domain.vcpu(vcpu);
        v.goDown();
        v.blocked = false;
        v.cpu.reset();
        v.initialised = false;
        waitingForSipi[vcpu] = true;
    }

    @Override
    public void startup(int vcpu, int vector) {
        if (!waitingForSipi[vcpu]) {
            return;
        }
        waitingForSipi[vcpu] = false;
        Vcpu v = domain.vcpu(vcpu);
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
