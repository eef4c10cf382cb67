package io.xenscope.cpu;

/**
 * The CPU model the guest sees through cpuid and the reset value of EDX (family/model/stepping).
 * One coherent, configurable description; the default is a modest x86-64 core with the features
 * the emulator implements (SSE2, no AVX). The Xen leaves at 0x40000000 are added by the hypervisor.
 */
public class CpuModel {
    /** Family 6, model 0x3a, stepping 9: an Ivy Bridge-era signature that guests recognise. */
    public int signature() {
        return 0x000306a9;
    }

    public long resetEdx() {
        return signature();
    }

    /**
     * Answers cpuid for leaf {@code eax}, subleaf {@code ecx}: returns {eax, ebx, ecx, edx}.
     * Overridden by the hypervisor to add its leaves.
     */
    public int[] cpuid(int leaf, int subleaf) {
        return CpuidLeaves.standard(this, leaf, subleaf);
    }
}
