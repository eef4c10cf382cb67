package io.xenscope.devices;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.MsrIntercept;
import io.xenscope.cpu.fault.GeneralProtection;

/**
 * IA32_APIC_BASE (MSR 0x1B) backed by the local APIC, for the machine to chain into the vCPU's
 * {@link Cpu#msrIntercept} (it answers 0x1B only and leaves every other MSR to the next
 * intercept or the CPU model). As Xen's vlapic_msr_set: clearing the enable bit (11) hardware-
 * disables the APIC (the 8259 then drives INTR directly); setting it again resets the APIC; the
 * BSP bit (8) reads back as written. Not modelled, refused with #GP(0) naming the reason: moving
 * the APIC away from 0xFEE00000 (Xen allows it; no guest we target does it) and x2APIC mode (bit
 * 10; our CPUID does not offer x2APIC, so real hardware faults the same way); reserved bits #GP(0)
 * as on hardware.
 */
public final class ApicBaseMsr implements MsrIntercept {
    public static final int IA32_APIC_BASE = 0x1b;
    public static final long ENABLE = 1L << 11, EXTD = 1L << 10, BSP = 1L << 8;
    private static final long BASE_MASK = 0xffffff000L;

    private final LocalApic lapic;
    private long value = LocalApic.DEFAULT_BASE | ENABLE | BSP;

    public ApicBaseMsr(LocalApic lapic) {
        this.lapic = lapic;
    }

    public long value() {
        return value;
    }

    @Override
    public Long read(Cpu cpu, int index) {
        return index == IA32_APIC_BASE ? value : null;
    }

    @Override
    public boolean write(Cpu cpu, int index, long v) {
        if (index != IA32_APIC_BASE) {
            return false;
        }
        if ((v & ~(BASE_MASK | ENABLE | EXTD | BSP)) != 0) {
            throw new GeneralProtection(0, String.format("wrmsr APIC_BASE: reserved bits in 0x%x", v));
        }
        if ((v & EXTD) != 0) {
            throw new GeneralProtection(0, "wrmsr APIC_BASE: x2APIC mode is not offered (CPUID.1:ECX.x2APIC = 0)");
        }
        if ((v & BASE_MASK) != LocalApic.DEFAULT_BASE) {
            throw new GeneralProtection(0, String.format(
                    "wrmsr APIC_BASE: moving the local APIC to 0x%x is not modelled (it stays at 0xfee00000)", v & BASE_MASK));
        }
        lapic.setHardwareEnabled((v & ENABLE) != 0);
        value = v;
        return true;
    }
}
