package io.xenscope.devices;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.MsrIntercept;
import io.xenscope.cpu.fault.GeneralProtection;

/**
 * IA32_APIC_BASE (MSR 0x1B) backed by the local APIC, for the machine to chain into the vCPU's
 * {@link Cpu#msrIntercept} (it answers 0x1B only and leaves every other MSR to the next
 * intercept or the CPU model). As Xen's guest_wrmsr_apic_base (xen/arch/x86/hvm/vlapic.c):
 * reserved bits are #GP(0) — x2APIC's EXTD (bit 10) among them, as our CPUID does not offer
 * x2APIC; an enabled xAPIC anywhere but 0xFEE00000 is #GP(0) (Xen refuses to move the MMIO window
 * too); clearing ENABLE (bit 11) hardware-disables the APIC, setting it again resets the APIC; the
 * BSP bit (8) reads back as written.
 */
public final class ApicBaseMsr implements MsrIntercept {
    public static final int IA32_APIC_BASE = 0x1b;
    public static final long ENABLE = 1L << 11, EXTD = 1L << 10, BSP = 1L << 8;
    private static final long BASE_MASK = 0xffffff000L;

    private final LocalApic lapic;
    private long value;

    /** The bootstrap processor's MSR. */
    public ApicBaseMsr(LocalApic lapic) {
        this(lapic, true);
    }

    /** {@code bsp}: the BSP flag (bit 8), set on vCPU 0 only (Xen's vlapic_init: vcpu_id == 0). */
    public ApicBaseMsr(LocalApic lapic, boolean bsp) {
        this.lapic = lapic;
        this.value = LocalApic.DEFAULT_BASE | ENABLE | (bsp ? BSP : 0);
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
        if ((v & ~(BASE_MASK | ENABLE | BSP)) != 0) {
            throw new GeneralProtection(0, String.format(
                    "wrmsr APIC_BASE: reserved bits in 0x%x (x2APIC is not offered)", v));
        }
        if ((v & ENABLE) != 0 && (v & BASE_MASK) != LocalApic.DEFAULT_BASE) {
            throw new GeneralProtection(0, String.format(
                    "wrmsr APIC_BASE: Xen does not move the xAPIC window to 0x%x", v & BASE_MASK));
        }
        lapic.setHardwareEnabled((v & ENABLE) != 0);
        value = v;
        return true;
    }
}
