package io.xenscope.cpu.isa.system;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.ModelSpecificRegisters;
import io.xenscope.cpu.fault.GeneralProtection;

/**
 * rdmsr/wrmsr semantics (SDM Vol. 4): EFER with its checks, the syscall/sysenter MSRs, FS/GS/kernel
 * GS bases (canonical), TSC, TSC_AUX, APIC base, PAT (valid memory types), MISC_ENABLE and a few
 * storage-only MSRs. Any other index raises #GP(0), as hardware does for MSRs it lacks.
 */
public final class Msrs {
    private static final int IA32_PLATFORM_ID = 0x17, IA32_BIOS_SIGN_ID = 0x8b, IA32_MTRRCAP = 0xfe,
            IA32_MCG_CAP = 0x179, IA32_MCG_STATUS = 0x17a, IA32_DEBUGCTL = 0x1d9, IA32_MTRR_DEF_TYPE = 0x2ff,
            IA32_SPEC_CTRL = 0x48, IA32_PRED_CMD = 0x49, IA32_ARCH_CAPABILITIES = 0x10a, IA32_XSS = 0xda0;

    private Msrs() {
    }

    public static long read(Cpu c, int index) {
        return read(c, index, 0);
    }

    /** rdmsr by the instruction at {@code indexInBlock} of its block (IA32_TSC reads virtual time there). */
    public static long read(Cpu c, int index, int indexInBlock) {
        if (c.msrIntercept != null) {
            Long hv = c.msrIntercept.read(c, index);
            if (hv != null) {
                return hv;
            }
        }
        ModelSpecificRegisters m = c.msr;
        return switch (index) {
            case ModelSpecificRegisters.IA32_EFER -> c.efer;
            case ModelSpecificRegisters.IA32_STAR -> m.star;
            case ModelSpecificRegisters.IA32_LSTAR -> m.lstar;
            case ModelSpecificRegisters.IA32_CSTAR -> m.cstar;
            case ModelSpecificRegisters.IA32_FMASK -> m.fmask;
            case ModelSpecificRegisters.IA32_FS_BASE -> c.seg[Cpu.FS].base;
            case ModelSpecificRegisters.IA32_GS_BASE -> c.seg[Cpu.GS].base;
            case ModelSpecificRegisters.IA32_KERNEL_GS_BASE -> m.kernelGsBase;
            case ModelSpecificRegisters.IA32_TSC_AUX -> m.tscAux;
            case ModelSpecificRegisters.IA32_TSC -> VirtualTsc.read(c, indexInBlock);
            case ModelSpecificRegisters.IA32_SYSENTER_CS -> m.sysenterCs;
            case ModelSpecificRegisters.IA32_SYSENTER_ESP -> m.sysenterEsp;
            case ModelSpecificRegisters.IA32_SYSENTER_EIP -> m.sysenterEip;
            case ModelSpecificRegisters.IA32_APIC_BASE -> m.apicBase;
            case ModelSpecificRegisters.IA32_PAT -> m.pat;
            case ModelSpecificRegisters.IA32_MISC_ENABLE -> m.miscEnable;
            case ModelSpecificRegisters.IA32_FEATURE_CONTROL -> m.featureControl;
            case ModelSpecificRegisters.IA32_TSC_DEADLINE -> m.tscDeadline;
            case IA32_PLATFORM_ID, IA32_BIOS_SIGN_ID, IA32_MTRRCAP, IA32_MCG_CAP, IA32_MCG_STATUS, IA32_DEBUGCTL,
                 IA32_MTRR_DEF_TYPE -> m.storage().getOrDefault(index, 0L);
            default -> throw unknown("rdmsr", index);
        };
    }

    public static void write(Cpu c, int index, long v) {
        write(c, index, v, 0);
    }

    public static void write(Cpu c, int index, long v, int indexInBlock) {
        if (c.msrIntercept != null && c.msrIntercept.write(c, index, v)) {
            return;
        }
        ModelSpecificRegisters m = c.msr;
        switch (index) {
            case ModelSpecificRegisters.IA32_EFER -> ControlRegisters.writeEfer(c, v);
            case ModelSpecificRegisters.IA32_STAR -> m.star = v;
            case ModelSpecificRegisters.IA32_LSTAR -> m.lstar = canonical(index, v);
            case ModelSpecificRegisters.IA32_CSTAR -> m.cstar = canonical(index, v);
            case ModelSpecificRegisters.IA32_FMASK -> m.fmask = v & 0xffffffffL;
            case ModelSpecificRegisters.IA32_FS_BASE -> c.seg[Cpu.FS].base = canonical(index, v);
            case ModelSpecificRegisters.IA32_GS_BASE -> c.seg[Cpu.GS].base = canonical(index, v);
            case ModelSpecificRegisters.IA32_KERNEL_GS_BASE -> m.kernelGsBase = canonical(index, v);
            case ModelSpecificRegisters.IA32_TSC_AUX -> {
                if ((v >>> 32) != 0) {
                    throw new GeneralProtection(0, "wrmsr TSC_AUX: bits 63..32 are reserved");
                }
                m.tscAux = v;
            }
            case ModelSpecificRegisters.IA32_TSC -> m.tscOffset = v - VirtualTsc.read(c, indexInBlock) + m.tscOffset;
            case ModelSpecificRegisters.IA32_SYSENTER_CS -> m.sysenterCs = v & 0xffff;
            case ModelSpecificRegisters.IA32_SYSENTER_ESP -> m.sysenterEsp = canonical(index, v);
            case ModelSpecificRegisters.IA32_SYSENTER_EIP -> m.sysenterEip = canonical(index, v);
            case ModelSpecificRegisters.IA32_APIC_BASE -> {
                if ((v & ~(0xfffffff000L | 1 << 8 | 1 << 10 | 1 << 11)) != 0) {
                    throw new GeneralProtection(0, String.format("wrmsr APIC_BASE: reserved bits in 0x%x", v));
                }
                m.apicBase = v;
            }
            case ModelSpecificRegisters.IA32_PAT -> {
                for (int i = 0; i < 8; i++) {
                    int t = (int) (v >>> (i * 8)) & 0xff;
                    if (t != 0 && t != 1 && t != 4 && t != 5 && t != 6 && t != 7) {
                        throw new GeneralProtection(0, String.format("wrmsr PAT: invalid memory type %d in entry %d", t, i));
                    }
                }
                m.pat = v;
            }
            case ModelSpecificRegisters.IA32_MISC_ENABLE -> m.miscEnable = v;
            case ModelSpecificRegisters.IA32_FEATURE_CONTROL -> {
                if ((m.featureControl & 1) != 0) {
                    throw new GeneralProtection(0, "wrmsr FEATURE_CONTROL: locked");
                }
                m.featureControl = v;
            }
            case ModelSpecificRegisters.IA32_TSC_DEADLINE -> m.tscDeadline = v;
            case IA32_BIOS_SIGN_ID, IA32_MCG_STATUS, IA32_DEBUGCTL, IA32_MTRR_DEF_TYPE -> m.storage().put(index, v);
            default -> throw unknown("wrmsr", index);
        }
    }

    private static long canonical(int index, long v) {
        if ((v << 16) >> 16 != v) {
            throw new GeneralProtection(0, String.format("wrmsr 0x%x: non-canonical value 0x%x", index, v));
        }
        return v;
    }

    private static GeneralProtection unknown(String what, int index) {
        return new GeneralProtection(0, String.format("%s of unknown MSR 0x%x", what, index));
    }
}
