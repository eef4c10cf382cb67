package io.xenscope.cpu;

/**
 * A hypervisor's view of rdmsr/wrmsr (VMX MSR exiting): MSRs it owns are answered here before the
 * CPU model sees them (for Xen, the hypercall-page MSR 0x40000000 of HVM/PVH guests). Entered
 * after the CPL check. To refuse an access, throw {@link io.xenscope.cpu.fault.GeneralProtection}.
 */
public interface MsrIntercept {
    /** The value of MSR {@code index}, or null when the hypervisor leaves it to the CPU model. */
    Long read(Cpu cpu, int index);

    /** True if the hypervisor took the write; false leaves it to the CPU model. */
    boolean write(Cpu cpu, int index, long value);
}
