package io.xenscope.boot.multiboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.elf.XenImageException;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.testing.GnuAssembler;
import io.xenscope.testing.HvmImages;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.RunReport;
import io.xenscope.xen.XenMachine;
import org.junit.jupiter.api.Test;

/** Multiboot kernels booted by XenScope's BIOS: loading (ELF32, ELF64, a.out kludge), the entry state, the information. */
class MultibootTest {
    private static final GnuAssembler AS = GnuAssembler.inTarget();
    /** Multiboot flags: page-align modules, memory information. */
    private static final long FLAGS = 0x3;
    private static final long KERNEL = 0x100000;

    /** Checks the boot loader's magic, prints mem_upper in decimal to port 0xE9, and exits with status 1 (else prints '?', status 3). */
    private static final String PRINT_MEM_UPPER = """
            cmp $0x2badb002, %eax
            jne 3f
            mov 8(%ebx), %eax
            mov $10, %ecx
            xor %esi, %esi
            1: xor %edx, %edx
            div %ecx
            add $'0', %dl
            push %edx
            inc %esi
            test %eax, %eax
            jnz 1b
            2: pop %eax
            out %al, $0xe9
            dec %esi
            jnz 2b
            mov $'\\n', %al
            out %al, $0xe9
            mov $0, %al
            out %al, $0xf4
            3: mov $'?', %al
            out %al, $0xe9
            mov $1, %al
            out %al, $0xf4
            """;

    private static byte[] code32(String source) {
        return AS.assemble(GnuAssembler.Mode.CODE32, GnuAssembler.Syntax.ATT, source);
    }

    /** An ELF32 kernel at 1 MiB: the multiboot header, then {@code source}, entered right after the header. */
    private static byte[] elf32Kernel(String source) {
        byte[] seg = HvmImages.concat(HvmImages.multibootHeader(FLAGS), code32(source));
        return HvmImages.elf(false, KERNEL, KERNEL, seg, seg.length, KERNEL + 12);
    }

    private static XenMachine boot(byte[] image, PvBootOptions o) {
        try {
            return XenMachine.bootHvm(image, o);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anElf32KernelSeesTheMagicAndPrintsMemUpper() {
        RunReport r = boot(elf32Kernel(PRINT_MEM_UPPER), PvBootOptions.defaults()).run(10_000_000);
        assertEquals("31616\n", r.console(), "32 MiB: (0x1fe0000 - 1 MiB) / 1024, as QEMU's multiboot reports");
        assertEquals(RunReport.Outcome.DEBUG_EXIT, r.outcome());
        assertEquals(1, r.exitStatus());
    }

    @Test
    void memUpperFollowsTheMemorySize() {
        RunReport r = boot(elf32Kernel(PRINT_MEM_UPPER), PvBootOptions.defaults().withMemory(128L << 20)).run(10_000_000);
        assertEquals("129920\n", r.console(), "128 MiB: QEMU reports 0x1fb80");
    }

    @Test
    void theKernelIsEnteredIn32BitFlatProtectedModeWithPagingAndInterruptsOff() {
        XenMachine m = boot(elf32Kernel("out %al, $0xf4"), PvBootOptions.defaults());
        m.run(10_000_000);
        Cpu c = m.vcpu0().cpu();
        assertEquals(CpuMode.PROTECTED, c.mode);
        assertEquals(Cpu.CR0_PE, c.cr0 & (Cpu.CR0_PE | Cpu.CR0_PG));
        assertEquals(0, c.rflags() & (Flags.IF | Flags.VM));
        assertEquals(0x2badb002L, c.gpr[0]);
        assertEquals(MultibootInfo.INFO, c.gpr[3]);
        assertEquals(KERNEL + 12 + 2, c.rip, "after the out at the entry point");
        for (int s : new int[] {Cpu.CS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS, Cpu.SS}) {
            assertEquals(0, c.seg[s].base, "segment " + s);
            assertEquals(0xffffffffL, c.seg[s].limit, "segment " + s);
        }
        assertTrue((c.seg[Cpu.CS].attributes & SegmentRegister.DB) != 0, "32-bit code");
    }

    @Test
    void theInformationHasMemoryBootDeviceCommandLineMemoryMapAndLoaderNameAsQemuGives() {
        XenMachine m = boot(elf32Kernel("out %al, $0xf4"), PvBootOptions.defaults().withCmdline("console=hvc0"));
        m.run(10_000_000);
        PhysicalMemory mem = m.domain().memory();
        long mbi = MultibootInfo.INFO;
        assertEquals(0x24f, mem.read32(mbi), "MEM, BOOT_DEVICE, CMDLINE, MODS, MMAP, BOOT_LOADER_NAME: QEMU's flags");
        assertEquals(0x8000ffff, mem.read32(mbi + 12), "boot_device: BIOS drive 0x80, whole disk, as QEMU");
        assertEquals(639, mem.read32(mbi + 4));
        assertEquals(31616, mem.read32(mbi + 8));
        assertEquals("console=hvc0", cString(mem, mem.read32(mbi + 16)));
        assertEquals(0, mem.read32(mbi + 20), "no modules");
        assertEquals("XenScope", cString(mem, mem.read32(mbi + 64)));
        int length = mem.read32(mbi + 44);
        long at = mem.read32(mbi + 48) & 0xffffffffL;
        assertEquals(6 * 24, length);
        assertEquals(20, mem.read32(at), "entry size");
        assertEquals(0x100000, mem.read64(at + 3 * 24 + 4));
        assertEquals(0x1ee0000, mem.read64(at + 3 * 24 + 12));
        assertEquals(1, mem.read32(at + 3 * 24 + 20));
    }

    @Test
    void anElf64KernelIsLoadedAtItsPhysicalAddressesAndEnteredAtThePhysicalEntry() {
        byte[] seg = HvmImages.concat(HvmImages.multibootHeader(FLAGS), code32(PRINT_MEM_UPPER));
        long vaddr = 0xffffffff80100000L;
        RunReport r = boot(HvmImages.elf(true, vaddr, KERNEL, seg, seg.length, vaddr + 12), PvBootOptions.defaults())
                .run(10_000_000);
        assertEquals("31616\n", r.console());
    }

    @Test
    void aRawImageWithTheAoutKludgeLoadsAtItsAddresses() {
        // header_addr, load_addr, load_end_addr (0: the whole file), bss_end_addr (0: none), entry_addr
        byte[] header = HvmImages.multibootHeader(0x10000 | FLAGS, 0x200000, 0x200000, 0, 0, 0x200020);
        RunReport r = boot(HvmImages.concat(header, code32(PRINT_MEM_UPPER)), PvBootOptions.defaults()).run(10_000_000);
        assertEquals("31616\n", r.console());
    }

    @Test
    void aKernelOutsideRamIsRefusedWithTheReason() {
        byte[] seg = HvmImages.concat(HvmImages.multibootHeader(FLAGS), code32("hlt"));
        XenImageException e = assertThrows(XenImageException.class, () -> XenMachine.bootHvm(
                HvmImages.elf(false, 0x4000000, 0x4000000, seg, seg.length, 0x400000c), PvBootOptions.defaults()));
        assertEquals("multiboot: the image's bytes at 0x4000000-0x400000d are not in RAM (the 31 MiB machine's memory map "
                + "has no RAM there)", e.getMessage());
    }

    private static String cString(PhysicalMemory mem, long at) {
        StringBuilder b = new StringBuilder();
        for (int ch; (ch = mem.read8(at)) != 0; at++) {
            b.append((char) ch);
        }
        return b.toString();
    }
}
