package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.xen.mm.MmuResult;
import io.xenscope.xen.mm.MmuextOp;
import io.xenscope.xen.mm.FrameTable;

import java.util.List;

/**
 * What Xen emulates when a 64-bit PV guest executes a privileged instruction in its ring-3 kernel
 * and takes #GP(0) (xen/arch/x86/pv/emul-priv-op.c), and the forced-emulation prefix
 * {@code ud2a; .ascii "xen"} before cpuid (pv_emulate_forced_invalid_op). Anything else is bounced
 * to the guest as #GP, as Xen does.
 *
 * <ul>
 * <li>mov from %cr0/%cr2/%cr3/%cr4; %cr3 reads the machine address of the current L4.</li>
 * <li>mov to %cr0 (only TS may change: fpu_taskswitch), %cr2, %cr3 (new_guest_cr3), clts.</li>
 * <li>rdmsr/wrmsr of FS_BASE, GS_BASE, SHADOW_GS_BASE, EFER (read; write of the same value),
 *     TSC (read), PAT (read: Xen's PAT), MISC_ENABLE (read); other MSRs: #GP.</li>
 * <li>wbinvd / invd: ignored for an unprivileged domain.</li>
 * <li>in/out: only with a virtual IOPL that allows it (PHYSDEVOP_set_iopl); a domU owns no
 *     ports, so reads return all ones and writes are dropped. cli/sti: no-ops under that IOPL.</li>
 * </ul>
 */
public final class PvPrivilegedOps {
    public static final int XEN_CPUID_BASE = 0x40000000;
    public static final long XEN_MSR_PAT = 0x0000050100070406L;
    static final int MSR_EFER = 0xC0000080, MSR_FS_BASE = 0xC0000100, MSR_GS_BASE = 0xC0000101,
            MSR_SHADOW_GS_BASE = 0xC0000102, MSR_TSC = 0x10, MSR_PAT = 0x277, MSR_MISC_ENABLE = 0x1A0;

    private final Vcpu v;
    private String last = "";

    public PvPrivilegedOps(Vcpu v) {
        this.v = v;
    }

    public String lastEmulated() {
        return last;
    }

    private int fetch(long va) {
        return v.guest.read8(va);
    }

    /** Emulates the instruction at RIP after #GP(0); returns false to bounce the #GP to the guest. */
    public boolean emulate() {
        Cpu c = v.cpu;
        long rip = c.rip;
        try {
            long p = rip;
            int rex = 0;
            boolean opsize = false;
            int b;
            while (true) {
                b = fetch(p);
                if (b == 0x66) {
                    opsize = true;
                } else if (b == 0x67 || b == 0xf2 || b == 0xf3 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x26
                        || b == 0x64 || b == 0x65 || b == 0xf0) {
                    rex = 0;
                } else if ((b & 0xf0) == 0x40) {
                    rex = b;
                    p++;
                    continue;
                } else {
                    break;
                }
                rex = 0;
                p++;
                if (p - rip > 15) {
                    return false;
                }
            }
            p++;
            if (b != 0x0f) {
                return ioOrFlags(b, p, opsize);
            }
            int op = fetch(p++);
            if (!v.kernelMode) {
                return false;
            }
            switch (op) {
                case 0x20, 0x22 -> {
                    int modrm = fetch(p++);
                    int crn = ((modrm >> 3) & 7) | ((rex & 4) != 0 ? 8 : 0);
                    int reg = (modrm & 7) | ((rex & 1) != 0 ? 8 : 0);
                    return op == 0x20 ? readCr(crn, reg, p) : writeCr(crn, reg, p);
                }
                case 0x06 -> {
                    fpuTaskswitch(false);
                    return done(p, "clts");
                }
                case 0x09, 0x08 -> {
                    return done(p, op == 0x09 ? "wbinvd (ignored: no cache-flush rights)" : "invd (ignored)");
                }
                case 0x32 -> {
                    return rdmsr(p);
                }
                case 0x30 -> {
                    return wrmsr(p);
                }
                default -> {
                    return false;
                }
            }
        } catch (GuestFaultOnCopy e) {
            return false;
        }
    }

    private boolean done(long next, String what) {
        v.cpu.rip = next;
        v.cpu.instructionCount++;
        last = what;
        return true;
    }

    private boolean readCr(int crn, int reg, long next) {
        Cpu c = v.cpu;
        long val;
        switch (crn) {
            case 0 -> val = c.cr0;
            case 2 -> val = c.cr2;
            case 3 -> val = v.domain.mmuDomain.vcpu(v.id).guestTable() << 12;
            case 4 -> val = c.cr4;
            default -> {
                return false;
            }
        }
        c.gpr[reg] = val;
        return done(next, String.format("mov %%cr%d -> 0x%x", crn, val));
    }

    private boolean writeCr(int crn, int reg, long next) {
        Cpu c = v.cpu;
        long val = c.gpr[reg];
        switch (crn) {
            case 0 -> {
                if (((val ^ c.cr0) & ~Cpu.CR0_TS) != 0) {
                    return false; // "Attempt to change unmodifiable CR0 flags"
                }
                fpuTaskswitch((val & Cpu.CR0_TS) != 0);
            }
            case 2 -> {
                c.cr2 = val;
                c.memory.write64(v.vcpuInfoMaddr + SharedInfo.VI_ARCH_CR2, val);
            }
            case 3 -> {
                MmuResult r = v.domain.mmu.mmuextOp(v.domain.domid, v.id,
                        List.of(MmuextOp.of(MmuextOp.NEW_BASEPTR, val >>> 12)), FrameTable.DOMID_SELF);
                if (r.rc() != 0) {
                    return false;
                }
                c.setCr3((val >>> 12) << 12);
            }
            default -> {
                return false;
            }
        }
        return done(next, String.format("mov 0x%x -> %%cr%d", val, crn));
    }

    public void fpuTaskswitch(boolean set) {
        Cpu c = v.cpu;
        c.setCr0(set ? c.cr0 | Cpu.CR0_TS : c.cr0 & ~Cpu.CR0_TS);
    }

    private boolean rdmsr(long next) {
        Cpu c = v.cpu;
        int index = (int) c.gpr[1];
        long val;
        switch (index) {
            case MSR_FS_BASE -> val = c.seg[Cpu.FS].base;
            case MSR_GS_BASE -> val = c.seg[Cpu.GS].base;
            case MSR_SHADOW_GS_BASE -> val = c.msr.kernelGsBase;
            case MSR_EFER -> val = c.efer;
            case MSR_TSC -> val = VirtualTime.tsc(c);
            case MSR_PAT -> val = XEN_MSR_PAT;
            case MSR_MISC_ENABLE -> val = c.msr.miscEnable;
            default -> {
                return false;
            }
        }
        c.gpr[0] = val & 0xffffffffL;
        c.gpr[2] = val >>> 32;
        return done(next, String.format("rdmsr 0x%x -> 0x%x", index, val));
    }

    private boolean wrmsr(long next) {
        Cpu c = v.cpu;
        int index = (int) c.gpr[1];
        long val = (c.gpr[0] & 0xffffffffL) | c.gpr[2] << 32;
        boolean canonical = (val << 16) >> 16 == val;
        switch (index) {
            case MSR_FS_BASE -> {
                if (!canonical) {
                    return false;
                }
                c.seg[Cpu.FS].base = val;
            }
            case MSR_GS_BASE -> {
                if (!canonical) {
                    return false;
                }
                c.seg[Cpu.GS].base = val;
            }
            case MSR_SHADOW_GS_BASE -> {
                if (!canonical) {
                    return false;
                }
                c.msr.kernelGsBase = val;
            }
            case MSR_EFER -> {
                if (val != c.efer) {
                    return false;
                }
            }
            default -> {
                return false;
            }
        }
        return done(next, String.format("wrmsr 0x%x <- 0x%x", index, val));
    }

    /** iopl_ok(): the guest kernel counts as ring 1 (ring 0 with VMASST architectural_iopl), user as ring 3. */
    private boolean ioplOk() {
        int cpl = v.kernelMode ? (v.domain.vmAssist(Domain.VMASST_TYPE_ARCHITECTURAL_IOPL) ? 0 : 1) : 3;
        return v.iopl >= cpl;
    }

    private boolean ioOrFlags(int b, long p, boolean opsize) {
        Cpu c = v.cpu;
        int size = switch (b) {
            case 0xe4, 0xe6, 0xec, 0xee -> 1;
            case 0xe5, 0xe7, 0xed, 0xef -> opsize ? 2 : 4;
            default -> 0;
        };
        if (b == 0xfa || b == 0xfb) {
            return ioplOk() && done(p, b == 0xfa ? "cli (no-op)" : "sti (no-op)");
        }
        if (size == 0 || !ioplOk()) {
            return false;
        }
        int port;
        if (b >= 0xe4 && b <= 0xe7) {
            port = fetch(p++);
        } else {
            port = (int) c.gpr[2] & 0xffff;
        }
        boolean in = b == 0xe4 || b == 0xe5 || b == 0xec || b == 0xed;
        if (in) {
            long ones = size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffffL;
            if (size == 4) {
                c.gpr[0] = ones;
            } else {
                c.gpr[0] = (c.gpr[0] & ~ones) | ones;
            }
        }
        return done(p, String.format("%s port 0x%x (no I/O ports for this domain: %s)", in ? "in" : "out", port,
                in ? "reads all ones" : "write dropped"));
    }

    // ---- forced emulation ---------------------------------------------------------------------

    /** ud2a; .ascii "xen"; cpuid → Xen's cpuid; returns false for any other #UD. */
    public boolean emulateForcedInvalidOp() {
        Cpu c = v.cpu;
        long rip = c.rip;
        try {
            int[] sig = {0x0f, 0x0b, 'x', 'e', 'n'};
            for (int i = 0; i < sig.length; i++) {
                if (fetch(rip + i) != sig[i]) {
                    return false;
                }
            }
            if (fetch(rip + 5) != 0x0f || fetch(rip + 6) != 0xa2) {
                return false;
            }
        } catch (GuestFaultOnCopy e) {
            return false;
        }
        int[] r = cpuid((int) c.gpr[0], (int) c.gpr[1]);
        c.gpr[0] = r[0] & 0xffffffffL;
        c.gpr[3] = r[1] & 0xffffffffL;
        c.gpr[1] = r[2] & 0xffffffffL;
        c.gpr[2] = r[3] & 0xffffffffL;
        c.rip = rip + 7;
        c.instructionCount++;
        return true;
    }

    /** guest_cpuid() for a PV domain: Xen's hypervisor leaves at 0x40000000, else the CPU model with the hypervisor bit. */
    public int[] cpuid(int leaf, int subleaf) {
        if ((leaf & 0xffff0000) == XEN_CPUID_BASE && (leaf & 0xff00) == 0) {
            return xenLeaf(leaf & 0xff, subleaf);
        }
        int[] r = v.cpu.model.cpuid(leaf, subleaf).clone();
        if (leaf == 1) {
            r[2] |= 1 << 31; // CPUID.1:ECX.HYPERVISOR
            r[2] = (v.cpu.cr4 & Cpu.CR4_OSXSAVE) != 0 ? r[2] | 1 << 27 : r[2] & ~(1 << 27);
        }
        return r;
    }

    /** cpuid_hypervisor_leaves() (xen/arch/x86/traps.c), arch-x86/cpuid.h. */
    public int[] xenLeaf(int idx, int subleaf) {
        return switch (idx) {
            case 0 -> new int[] {XEN_CPUID_BASE + 5, 0x566e6558, 0x65584d4d, 0x4d4d566e};
            case 1 -> new int[] {XenVersionInfo.MAJOR << 16 | XenVersionInfo.MINOR, 0, 0, 0};
            // one hypercall page, MSR base 0x40000000, XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD for PV
            case 2 -> new int[] {1, XEN_CPUID_BASE, 1, 0};
            case 3 -> switch (subleaf) {
                case 0 -> new int[] {0, 0, (int) (io.xenscope.cpu.isa.system.VirtualTsc.FREQUENCY_HZ / 1000), 0};
                case 1 -> new int[] {0, 0, VirtualTime.TSC_TO_SYSTEM_MUL, VirtualTime.TSC_SHIFT};
                case 2 -> new int[] {0, 0, (int) (io.xenscope.cpu.isa.system.VirtualTsc.FREQUENCY_HZ / 1000), 0};
                default -> new int[4];
            };
            case 5 -> new int[] {0, 46, 0, 0}; // PV: max machine address width
            default -> new int[4];
        };
    }

    public static boolean interruptsVirtuallyEnabled(Vcpu v) {
        return v.upcallMask() == 0 && (v.cpu.rflags & Flags.IF) != 0;
    }
}
