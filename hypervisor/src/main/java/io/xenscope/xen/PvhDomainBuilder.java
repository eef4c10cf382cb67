package io.xenscope.xen;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.ElfSegment;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.boot.elf.XenGuestInfo;
import io.xenscope.boot.elf.XenImageException;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.console.ConsoleBackend;
import io.xenscope.xen.console.ConsoleListener;
import io.xenscope.xen.store.XenStore;
import io.xenscope.xen.store.XsDomainRing;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds a PVH domU as libxl + libxenguest do (tools/libs/guest/xg_dom_x86.c: alloc_magic_pages_hvm,
 * bootlate_hvm; tools/libs/light/libxl_x86.c: the PVH memory map) and starts vCPU 0 at
 * XEN_ELFNOTE_PHYS32_ENTRY as xen/include/public/arch-x86/hvm/start_info.h specifies.
 *
 * <p>The domain is auto-translated: guest-physical addresses are our physical addresses (no p2m
 * shuffling), and the hardware walker uses the guest's own page tables. Guest RAM is
 * [0, memory); the PT_LOAD segments go at their physical addresses (p_paddr); hvm_start_info
 * (version 1) follows the kernel on the next page, with the command line right after the
 * structure and then the memory map (RAM [0, memory) and the special-page region reserved). The
 * special pages sit where libxenguest puts them, the 8 pages below X86_HVM_END_SPECIAL_REGION
 * (pfn 0xff000), in the MMIO hole below 4 GiB: xenstore at special_pfn(4) = 0xfeffc, console at
 * special_pfn(7) = 0xfefff, given to the guest through HVM_PARAM_STORE_PFN / CONSOLE_PFN.
 * Xen's own frames (M2P, Xen heap: shared_info, grant frames) lie just above guest RAM, invisible
 * to the guest until it places one with XENMEM_add_to_physmap.
 *
 * <p>Entry state: CR0 = PE|ET, paging off, CS flat 32-bit execute/read (Xen's hvm attr 0xc9b = VMX
 * access rights 0xc09b), DS/ES/SS flat read/write (0xc93 = 0xc093), TR a busy 32-bit TSS of limit 0x67, EFLAGS = 0x2 (IF clear), EBX = physical
 * address of hvm_start_info, every other register 0.
 */
public final class PvhDomainBuilder {
    public static final int XEN_HVM_START_MAGIC_VALUE = 0x336ec578;
    public static final long X86_HVM_END_SPECIAL_REGION = 0xff000;
    public static final int X86_HVM_NR_SPECIAL_PAGES = 8;
    public static final int SPECIALPAGE_PAGING = 0, SPECIALPAGE_ACCESS = 1, SPECIALPAGE_SHARING = 2,
            SPECIALPAGE_BUFIOREQ = 3, SPECIALPAGE_XENSTORE = 4, SPECIALPAGE_IOREQ = 5, SPECIALPAGE_IDENT_PT = 6,
            SPECIALPAGE_CONSOLE = 7;
    /** libxl's HVM_BELOW_4G_MMIO_START: RAM above it would need a second RAM entry above 4 GiB. */
    public static final long MAX_LOWMEM = 0xF000_0000L;
    public static final int E820_RAM = 1, E820_RESERVED = 2;
    /** hvm_start_info offsets. */
    public static final int SI_MAGIC = 0, SI_VERSION = 4, SI_FLAGS = 8, SI_NR_MODULES = 12, SI_MODLIST_PADDR = 16,
            SI_CMDLINE_PADDR = 24, SI_RSDP_PADDR = 32, SI_MEMMAP_PADDR = 40, SI_MEMMAP_ENTRIES = 48, SI_SIZE = 56;

    private PvhDomainBuilder() {
    }

    public static long specialPfn(int x) {
        return X86_HVM_END_SPECIAL_REGION - X86_HVM_NR_SPECIAL_PAGES + x;
    }

    /** Everything the builder wired. */
    public record Built(Domain domain, PvhLayout layout, XenGuestInfo info, ConsoleBackend console, XsDomainRing store) {
    }

    public static Built build(ElfImage image, PvBootOptions o, XenStore xs, ConsoleListener consoleListener)
            throws XenImageException {
        XenGuestInfo info = XenGuestInfo.compute(image, GuestType.PVH);
        long memBytes = o.memoryBytes() & ~4095L;
        Domain d = HvmDomainSetup.createDomain(o, memBytes, 1L << 20, MAX_LOWMEM, "PVH");
        PhysicalMemory mem = d.mem;

        // ---- kernel at its physical addresses ----
        long kstart = Long.MAX_VALUE, kend = 0;
        for (ElfSegment s : image.loadSegments()) {
            long dest = s.paddr();
            if (dest < 0 || dest + s.memsz() > memBytes) {
                throw new XenImageException(XenImageException.Kind.ADDRESSES, String.format(
                        "segment at physical 0x%x-0x%x lies outside the domain's %d MiB of RAM",
                        dest, dest + s.memsz(), memBytes >>> 20));
            }
            byte[] data = s.fileBytes().toArray();
            int n = (int) Math.min(s.filesz(), data.length);
            mem.writeBytes(dest, data, 0, n);
            if (s.memsz() > n) {
                mem.fill(dest + n, 0, s.memsz() - n);
            }
            kstart = Math.min(kstart, dest);
            kend = Math.max(kend, dest + s.memsz());
        }
        if (kstart == Long.MAX_VALUE) {
            kstart = kend = 0;
        }

        // ---- special pages, event channels and rings (the toolstack: store first, then console) ----
        HvmDomainSetup.Rings rings = HvmDomainSetup.allocMagicPages(d, o, xs, consoleListener);
        long storePfn = d.storeMfn, consolePfn = d.consoleMfn;

        // ---- hvm_start_info (bootlate_hvm): the structure, the command line, the memory map ----
        List<PvhLayout.MemmapEntry> memmap = List.of(
                new PvhLayout.MemmapEntry(0, memBytes, E820_RAM),
                new PvhLayout.MemmapEntry(specialPfn(0) << 12, (long) X86_HVM_NR_SPECIAL_PAGES << 12, E820_RESERVED));
        String cmdline = o.cmdline() == null ? "" : o.cmdline();
        byte[] cmd = cmdline.getBytes(StandardCharsets.ISO_8859_1);
        long si = (kend + 4095) & ~4095L;
        long cmdAt = cmd.length > 0 ? si + SI_SIZE : 0;
        long memmapAt = si + SI_SIZE + (cmd.length > 0 ? (cmd.length + 1 + 7) & ~7L : 0);
        long siEnd = memmapAt + 24L * memmap.size();
        if (siEnd > memBytes) {
            throw new IllegalArgumentException("no room for hvm_start_info after the kernel");
        }
        mem.fill(si, 0, ((siEnd - si) + 4095) & ~4095L);
        mem.write32(si + SI_MAGIC, XEN_HVM_START_MAGIC_VALUE);
        mem.write32(si + SI_VERSION, 1);
        mem.write32(si + SI_FLAGS, 0);
        mem.write32(si + SI_NR_MODULES, 0);
        mem.write64(si + SI_MODLIST_PADDR, 0);
        mem.write64(si + SI_CMDLINE_PADDR, cmdAt);
        mem.write64(si + SI_RSDP_PADDR, 0);
        mem.write64(si + SI_MEMMAP_PADDR, memmapAt);
        mem.write32(si + SI_MEMMAP_ENTRIES, memmap.size());
        if (cmd.length > 0) {
            mem.writeBytes(cmdAt, cmd, 0, cmd.length);
            mem.write8(cmdAt + cmd.length, 0);
        }
        for (int i = 0; i < memmap.size(); i++) {
            PvhLayout.MemmapEntry e = memmap.get(i);
            mem.write64(memmapAt + 24L * i, e.addr());
            mem.write64(memmapAt + 24L * i + 8, e.size());
            mem.write32(memmapAt + 24L * i + 16, e.type());
            mem.write32(memmapAt + 24L * i + 20, 0);
        }
        PvhLayout layout = new PvhLayout(kstart, kend, si, cmdAt, memmapAt, memmap, storePfn, consolePfn,
                info.virtEntry());

        startVcpu0(d, layout);
        for (int i = 1; i < o.vcpus(); i++) {
            HvmDomainSetup.createVcpu(d, i, new IoBus(), hvm -> hvm); // down until VCPUOP_initialise + VCPUOP_up
        }
        return new Built(d, layout, info, rings.console(), rings.store());
    }

    /** The vCPU as libxenguest's vcpu_hvm + Xen's arch_set_info_hvm_guest leave it for a PVH entry. */
    private static void startVcpu0(Domain d, PvhLayout layout) {
        Vcpu v = HvmDomainSetup.createVcpu0(d, new IoBus(), hvm -> hvm);
        Cpu c = v.cpu;
        c.setCr4(0);
        c.setEfer(0);
        c.setCr0(Cpu.CR0_PE | Cpu.CR0_ET);
        c.setCr3(0);
        c.gdtrBase = 0;
        c.gdtrLimit = 0;
        c.idtrBase = 0;
        c.idtrLimit = 0;
        int code = SegmentRegister.P | SegmentRegister.S | SegmentRegister.TYPE_CODE | SegmentRegister.TYPE_RW
                | SegmentRegister.TYPE_ACCESSED | SegmentRegister.DB | SegmentRegister.G; // 0xc9b
        int data = SegmentRegister.P | SegmentRegister.S | SegmentRegister.TYPE_RW | SegmentRegister.TYPE_ACCESSED
                | SegmentRegister.DB | SegmentRegister.G; // 0xc93
        for (int s : new int[] {Cpu.DS, Cpu.ES, Cpu.SS, Cpu.FS, Cpu.GS}) {
            c.seg[s].set(0, 0, 0xffffffffL, data);
        }
        c.loadCs(0, 0, 0xffffffffL, code);
        c.tr.set(0, 0, 0x67, SegmentRegister.P | 0xb); // busy 32-bit TSS (0x8b)
        java.util.Arrays.fill(c.gpr, 0);
        c.gpr[3] = layout.startInfo();
        c.rip = layout.entry() & 0xffffffffL;
        c.setRflags(Flags.FIXED);
        c.updateMode();
    }
}
