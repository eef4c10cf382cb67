package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.MsrIntercept;

/**
 * Two MSR intercepts in a row, as Xen's guest_rdmsr/guest_wrmsr ask one owner after another (the
 * Xen MSRs of guest_rdmsr_xen, then the emulated platform's, e.g. IA32_APIC_BASE of vlapic.c): the
 * first that answers wins, an MSR neither owns goes on to the CPU model.
 */
record MsrInterceptChain(MsrIntercept first, MsrIntercept next) implements MsrIntercept {
    @Override
    public Long read(Cpu cpu, int index) {
        Long v = first.read(cpu, index);
        return v != null ? v : next.read(cpu, index);
    }

    @Override
    public boolean write(Cpu cpu, int index, long value) {
        return first.write(cpu, index, value) || next.write(cpu, index, value);
    }
}
