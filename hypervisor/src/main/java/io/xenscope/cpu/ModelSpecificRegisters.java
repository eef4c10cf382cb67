package io.xenscope.cpu;

import java.util.HashMap;
import java.util.Map;

/**
 * Model-specific registers kept as plain storage (SDM Vol. 4). The MSRs with architectural side
 * effects (EFER, the TSC, FS/GS base) are handled by the rdmsr/wrmsr implementation, which keeps
 * them in their {@link Cpu} fields; everything else known lands here. Unknown indices make
 * rdmsr/wrmsr raise #GP(0), as hardware does.
 */
public final class ModelSpecificRegisters {
    public static final int IA32_TSC = 0x10, IA32_APIC_BASE = 0x1b, IA32_FEATURE_CONTROL = 0x3a,
            IA32_SYSENTER_CS = 0x174, IA32_SYSENTER_ESP = 0x175, IA32_SYSENTER_EIP = 0x176,
            IA32_MISC_ENABLE = 0x1a0, IA32_PAT = 0x277, IA32_TSC_DEADLINE = 0x6e0,
            IA32_EFER = 0xc0000080, IA32_STAR = 0xc0000081, IA32_LSTAR = 0xc0000082, IA32_CSTAR = 0xc0000083,
            IA32_FMASK = 0xc0000084, IA32_FS_BASE = 0xc0000100, IA32_GS_BASE = 0xc0000101,
            IA32_KERNEL_GS_BASE = 0xc0000102, IA32_TSC_AUX = 0xc0000103;

    public long star, lstar, cstar, fmask, kernelGsBase, tscAux;
    public long sysenterCs, sysenterEsp, sysenterEip;
    public long apicBase, pat;
    /** IA32_TSC = virtual TSC + tscOffset: wrmsr to IA32_TSC moves the offset (SDM Vol. 3 §18.17). */
    public long tscOffset;
    public long miscEnable, featureControl, tscDeadline;
    private final Map<Integer, Long> storage = new HashMap<>();

    public void reset() {
        star = lstar = cstar = fmask = kernelGsBase = tscAux = 0;
        sysenterCs = sysenterEsp = sysenterEip = 0;
        apicBase = 0xfee00000L | (1 << 11) | (1 << 8); // enabled, bootstrap processor
        pat = 0x0007040600070406L;
        tscOffset = 0;
        miscEnable = 1; // fast strings
        featureControl = 1; // locked, VMX off
        tscDeadline = 0;
        storage.clear();
    }

    /** Storage for MSRs with no side effects that the CPU model accepts. */
    public Map<Integer, Long> storage() {
        return storage;
    }
}
