package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.MsrIntercept;
import io.xenscope.cpu.exec.InterruptSource;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.mmu.AccessType;
import io.xenscope.xen.mm.Errno;

/**
 * What Xen does for one vCPU of an HVM container (PVH) at the VM exits a PV guest never takes:
 * <ul>
 * <li>vmcall: hvm_hypercall() (xen/arch/x86/hvm/hypercall.c) — CPL must be 0 (else -EPERM); in
 * 64-bit mode the arguments are rdi, rsi, rdx, r10, r8, r9, otherwise ebx, ecx, edx, esi, edi, ebp
 * (32-bit values); the result goes to rax (eax); a debug build clobbers the argument registers the
 * hypercall used (0xdeadbeefdeadf00d, 32-bit: 0xdeadf00d).</li>
 * <li>cpuid: the CPU model with CPUID.1:ECX.HYPERVISOR, and Xen's leaves at 0x40000000
 * (cpuid_hypervisor_leaves, xen/arch/x86/traps.c, arch-x86/cpuid.h): max leaf, "XenVMMXenVMM",
 * version, one hypercall page at MSR 0x40000000, the time leaf and the HVM leaf (vcpu id, domid,
 * per-vCPU upcall vectors).</li>
 * <li>the hypercall-page MSR (guest_wrmsr_xen / guest_rdmsr_xen): writing the page's
 * guest-physical address makes Xen fill it (int3 filler, then for each of the 128 entries
 * {@code mov $nr,%eax; vmcall; ret}, the iret entry {@code ud2}); a non-zero page index or a frame
 * that is not RAM is #GP(0); reading gives 0; other MSRs of 0x40000000-0x400002ff are #GP(0).</li>
 * <li>the event-channel upcall as an interrupt (hvm_vcpu_has_pending_irq): while
 * evtchn_upcall_pending is set in this vCPU's vcpu_info, the vector of
 * HVMOP_set_evtchn_upcall_vector, else that of HVM_PARAM_CALLBACK_IRQ of type vector, is pending
 * on the INTR line (taken at a block boundary when IF = 1, through the guest's IDT). Level
 * semantics for both: the guest clears evtchn_upcall_pending in its handler (there is no
 * emulated local APIC, so no EOI).</li>
 * </ul>
 */
public final class HvmVcpu implements InterruptSource, MsrIntercept {
    public static final int XEN_CPUID_BASE = 0x40000000;
    public static final int MSR_XEN_HYPERCALL_PAGE = 0x40000000;
    public static final int XEN_HVM_CPUID_IOMMU_MAPPINGS = 1 << 2, XEN_HVM_CPUID_VCPU_ID_PRESENT = 1 << 3,
            XEN_HVM_CPUID_DOMID_PRESENT = 1 << 4, XEN_HVM_CPUID_UPCALL_VECTOR = 1 << 6;
    private static final int[] ARG_REGS_64 = {7, 6, 2, 10, 8, 9};
    private static final int[] ARG_REGS_32 = {3, 1, 2, 6, 7, 5};

    private final Vcpu v;

    public HvmVcpu(Vcpu v) {
        this.v = v;
    }

    // ---- vmcall ---------------------------------------------------------------------------------

    public void vmcall(Cpu c) {
        Domain d = v.domain;
        boolean longMode = c.mode == CpuMode.LONG_64;
        if (c.cpl != 0 || c.mode == CpuMode.VIRTUAL_8086) {
            c.gpr[0] = longMode ? -Errno.EPERM : (-Errno.EPERM) & 0xffffffffL;
            return;
        }
        long nr = longMode ? c.gpr[0] : c.gpr[0] & 0xffffffffL;
        int[] regs = longMode ? ARG_REGS_64 : ARG_REGS_32;
        long[] a = new long[6];
        for (int i = 0; i < 6; i++) {
            a[i] = longMode ? c.gpr[regs[i]] : c.gpr[regs[i]] & 0xffffffffL;
        }
        long ripBefore = c.rip;
        long result = d.hypercalls.invoke(v, nr, a[0], a[1], a[2], a[3], a[4], a[5], c.rip);
        c.gpr[0] = longMode ? result : result & 0xffffffffL;
        if (d.debugXen && c.rip == ripBefore && d.hypercalls.has(nr)) {
            int n = HypercallDispatcher.argCount(nr);
            for (int i = 0; i < n; i++) {
                c.gpr[regs[i]] = longMode ? HypercallDispatcher.CLOBBER : 0xdeadf00dL;
            }
        }
    }

    // ---- cpuid ----------------------------------------------------------------------------------

    public void cpuid(Cpu c) {
        int[] r = cpuid((int) c.gpr[0], (int) c.gpr[1]);
        c.gpr[0] = r[0] & 0xffffffffL;
        c.gpr[3] = r[1] & 0xffffffffL;
        c.gpr[1] = r[2] & 0xffffffffL;
        c.gpr[2] = r[3] & 0xffffffffL;
    }

    /** guest_cpuid() for an HVM domain without Viridian: {eax, ebx, ecx, edx}. */
    public int[] cpuid(int leaf, int subleaf) {
        if ((leaf & 0xfffffe00) == XEN_CPUID_BASE) { // 0x40000000-0x400001ff, no Viridian
            return xenLeaf(leaf & 0x1ff, subleaf);
        }
        int[] r = v.cpu.model.cpuid(leaf, subleaf).clone();
        if (leaf == 1) {
            // initial APIC ID: the vCPU's vlapic ID (guest_cpuid: vcpu_id * 2 for an HVM domain)
            r[1] = r[1] & 0x00ffffff | io.xenscope.devices.LocalApic.xenApicId(v.id) << 24;
            r[2] |= 1 << 31; // CPUID.1:ECX.HYPERVISOR
            r[2] = (v.cpu.cr4 & Cpu.CR4_OSXSAVE) != 0 ? r[2] | 1 << 27 : r[2] & ~(1 << 27);
        }
        return r;
    }

    /** cpuid_hypervisor_leaves() for an HVM domain. */
    public int[] xenLeaf(int idx, int subleaf) {
        return switch (idx) {
            case 0 -> new int[] {XEN_CPUID_BASE + 5, 0x566e6558, 0x65584d4d, 0x4d4d566e};
            case 1 -> new int[] {XenVersionInfo.MAJOR << 16 | XenVersionInfo.MINOR, 0, 0, 0};
            case 2 -> new int[] {1, MSR_XEN_HYPERCALL_PAGE, 0, 0}; // no MMU_PT_UPDATE_PRESERVE_AD: not PV
            case 3 -> switch (subleaf) {
                case 0 -> new int[] {0, 0, (int) (io.xenscope.cpu.isa.system.VirtualTsc.FREQUENCY_HZ / 1000), 0};
                case 1 -> new int[] {0, 0, VirtualTime.TSC_TO_SYSTEM_MUL, VirtualTime.TSC_SHIFT};
                case 2 -> new int[] {0, 0, (int) (io.xenscope.cpu.isa.system.VirtualTsc.FREQUENCY_HZ / 1000), 0};
                default -> new int[4];
            };
            case 4 -> subleaf != 0 ? new int[4] : new int[] {XEN_HVM_CPUID_IOMMU_MAPPINGS
                    | XEN_HVM_CPUID_VCPU_ID_PRESENT | XEN_HVM_CPUID_DOMID_PRESENT | XEN_HVM_CPUID_UPCALL_VECTOR,
                    v.id, v.domain.domid, 0};
            default -> new int[4]; // leaf 5 is PV-only
        };
    }

    // ---- the hypercall-page MSR ------------------------------------------------------------------

    @Override
    public Long read(Cpu c, int index) {
        if (index < 0x40000000 || index > 0x400002ff) {
            return null;
        }
        if (index == MSR_XEN_HYPERCALL_PAGE) {
            return 0L;
        }
        throw new GeneralProtection(0, String.format("rdmsr 0x%x: not a Xen MSR", index));
    }

    @Override
    public boolean write(Cpu c, int index, long value) {
        if (index < 0x40000000 || index > 0x400002ff) {
            return false;
        }
        if (index != MSR_XEN_HYPERCALL_PAGE) {
            throw new GeneralProtection(0, String.format("wrmsr 0x%x: not a Xen MSR", index));
        }
        long gmfn = value >>> 12;
        int pageIndex = (int) (value & 0xfff);
        if (pageIndex > 0) {
            hint(String.format("wrmsr hypercall page index %#x unsupported: Xen has one hypercall page (#GP)", pageIndex));
            throw new GeneralProtection(0, "wrmsr hypercall page index " + pageIndex + " unsupported");
        }
        if (gmfn >= v.domain.nrPages()) {
            hint(String.format("Bad GMFN %#x to MSR %08x: not guest RAM (#GP)", gmfn, index));
            throw new GeneralProtection(0, String.format("bad GMFN %#x to the hypercall MSR", gmfn));
        }
        writeHypercallPage(c.memory, gmfn << 12);
        return true;
    }

    private void hint(String text) {
        v.domain.emit(new MachineEvent.Hint(v.cpu.instructionCount, v.id, v.cpu.rip, text));
    }

    /** init_hypercall_page() for an HVM domain on Intel (vmx_init_hypercall_page). */
    public static void writeHypercallPage(io.xenscope.memory.PhysicalMemory mem, long pa) {
        mem.fill(pa, 0xcc, 4096);
        for (int i = 0; i < 128; i++) {
            long p = pa + i * 32L;
            byte[] stub = i == 23 ? new byte[] {0x0f, 0x0b}
                    : new byte[] {(byte) 0xb8, (byte) i, 0, 0, 0, 0x0f, 0x01, (byte) 0xc1, (byte) 0xc3};
            mem.writeBytes(p, stub, 0, stub.length);
        }
    }

    // ---- the event upcall as an interrupt ---------------------------------------------------------

    /** The vector events arrive on: the per-vCPU upcall vector, else CALLBACK_IRQ of type vector; 0 = none. */
    public int upcallVector() {
        if (v.upcallVector != 0) {
            return v.upcallVector;
        }
        return HvmParams.callbackVector(v.domain.hvmParams[HvmParams.HVM_PARAM_CALLBACK_IRQ]);
    }

    @Override
    public boolean pending(Cpu cpu) {
        return !v.domain.shutdown && upcallVector() != 0 && v.upcallPending() != 0;
    }

    @Override
    public int acknowledge(Cpu cpu) {
        return pending(cpu) ? upcallVector() : -1;
    }

    /** For tests: translate a guest virtual address the way the vCPU would. */
    long translate(long va) {
        return v.guest.translate(va, AccessType.READ);
    }
}
