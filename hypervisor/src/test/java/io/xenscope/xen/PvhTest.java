package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PVH: the builder, Xen's HVM-side interfaces (CPUID, hypercall MSR, vmcall, HVM params, add_to_physmap, callback vector). */
class PvhTest {
    private static final String RES = "res: .skip 128\n";

    private static void assertPoweroff(BootedGuest b, RunReport r) {
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.detail() + " faults " + r.faults());
        assertEquals("poweroff", r.shutdownReasonName(), r.detail() + " faults " + r.faults());
    }

    @Test
    void builderWritesHvmStartInfoAndEntersIn32BitFlatProtectedMode() {
        BootedGuest b = PvhTestGuest.boot("hlt", "", "",
                PvBootOptions.defaults().withCmdline("console=hvc0 loglevel=8").withMemory(64L << 20));
        PvhLayout l = b.machine().pvhLayout();
        Cpu c = b.vcpu().cpu();
        PhysicalMemory m = b.machine().domain().memory();
        // entry state (start_info.h)
        assertEquals(Cpu.CR0_PE | Cpu.CR0_ET, c.cr0);
        assertEquals(0, c.cr4);
        assertEquals(0, c.efer);
        assertEquals(CpuMode.PROTECTED, c.mode);
        assertEquals(b.symbol("_start"), c.rip);
        assertEquals(l.startInfo(), c.gpr[3]);
        assertEquals(0, c.rflags & Flags.IF);
        assertEquals(0xc09b, c.seg[Cpu.CS].attributes & 0xffff); // Xen's hvm attr 0xc9b in the VMX layout
        assertEquals(0xffffffffL, c.seg[Cpu.CS].limit);
        for (int s : new int[] {Cpu.DS, Cpu.ES, Cpu.SS}) {
            assertEquals(0xc093, c.seg[s].attributes & 0xffff); // 0xc93
            assertEquals(0, c.seg[s].base);
            assertEquals(0xffffffffL, c.seg[s].limit);
        }
        assertEquals(0x67, c.tr.limit);
        assertEquals(SegmentRegister.P | 0xb, c.tr.attributes & 0xff);
        // hvm_start_info: after the kernel, page aligned
        long si = l.startInfo();
        assertEquals((b.symbol("_end") + 4095) & ~4095L, si);
        assertEquals(0x336ec578, m.read32(si));
        assertEquals(1, m.read32(si + 4));
        assertEquals(0, m.read32(si + 8));
        assertEquals(0, m.read32(si + 12));
        assertEquals(0, m.read64(si + 16));
        assertEquals(si + 56, m.read64(si + 24));
        assertEquals(0, m.read64(si + 32));
        byte[] cmd = new byte[24];
        m.readBytes(si + 56, cmd, 0, 24);
        assertEquals("console=hvc0 loglevel=8", new String(cmd, 0, 23));
        assertEquals(0, m.read8(si + 56 + 23));
        long mm = m.read64(si + 40);
        assertEquals(si + 56 + 24, mm);
        assertEquals(2, m.read32(si + 48));
        assertEquals(0, m.read64(mm));
        assertEquals(64L << 20, m.read64(mm + 8));
        assertEquals(1, m.read32(mm + 16));
        assertEquals(0xfeff8000L, m.read64(mm + 24));
        assertEquals(0x8000, m.read64(mm + 32));
        assertEquals(2, m.read32(mm + 40));
        // the kernel is at its physical address
        assertEquals(0x100000, l.kernelStart());
        assertEquals(0xbc, m.read8(0x100000)); // mov $stack_top, %esp
        // special pages and HVM params as libxenguest sets them
        Domain d = b.machine().domain();
        assertEquals(0xfeffcL, d.hvmParams[HvmParams.HVM_PARAM_STORE_PFN]);
        assertEquals(0xfefffL, d.hvmParams[HvmParams.HVM_PARAM_CONSOLE_PFN]);
        assertEquals(d.storePort(), d.hvmParams[HvmParams.HVM_PARAM_STORE_EVTCHN]);
        assertEquals(d.consolePort(), d.hvmParams[HvmParams.HVM_PARAM_CONSOLE_EVTCHN]);
    }

    @Test
    void cpuidLeavesAndThe32BitHypercallConvention() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            body.append(String.format("""
                    movl $0x%x, %%eax
                    xorl %%ecx, %%ecx
                    cpuid
                    movl %%eax, res+%d
                    movl %%ebx, res+%d
                    movl %%ecx, res+%d
                    movl %%edx, res+%d
                    """, 0x40000000 + i, 16 * i, 16 * i + 4, 16 * i + 8, 16 * i + 12));
        }
        body.append("""
                movl $1, %eax
                cpuid
                movl %ecx, res+80
                INSTALL_HYPERCALL_PAGE
                xorl %ebx, %ebx
                xorl %ecx, %ecx
                HCALL 17
                movl %eax, res+84
                movl %ebx, res+88
                movl $1, %ebx
                movl $extra, %ecx
                HCALL 17
                movl %eax, res+92
                POWEROFF32
                """);
        BootedGuest b = PvhTestGuest.boot(body.toString(), "", RES + "extra: .skip 16\n");
        RunReport r = b.run();
        assertPoweroff(b, r);
        assertEquals(0x40000005, b.phys32("res", 0));
        assertEquals(0x566e6558, b.phys32("res", 4));
        assertEquals(0x65584d4d, b.phys32("res", 8));
        assertEquals(0x4d4d566e, b.phys32("res", 12));
        assertEquals(XenVersionInfo.MAJOR << 16 | XenVersionInfo.MINOR, b.phys32("res", 16));
        assertEquals(1, b.phys32("res", 32));
        assertEquals(0x40000000, b.phys32("res", 36));
        assertEquals(0, b.phys32("res", 40)); // no PV-only MMU_PT_UPDATE_PRESERVE_AD
        assertEquals(0x5c, b.phys32("res", 64)); // iommu mappings, vcpu id, domid, upcall vector
        assertEquals(0, b.phys32("res", 68)); // vcpu id
        assertEquals(b.machine().domain().domid(), b.phys32("res", 72));
        assertTrue(b.phys32("res", 80) < 0, "CPUID.1:ECX.HYPERVISOR");
        assertEquals(XenVersionInfo.MAJOR << 16 | XenVersionInfo.MINOR, b.phys32("res", 84));
        assertEquals(0xdeadf00d, b.phys32("res", 88)); // a debug Xen clobbers the used argument registers
        assertEquals(0, b.phys32("res", 92));
        byte[] extra = new byte[16];
        b.machine().domain().memory().readBytes(b.symbol("extra"), extra, 0, 16);
        assertEquals(XenVersionInfo.EXTRAVERSION, new String(extra).replace("\0", ""));
    }

    @Test
    void theHypercallMsrFillsThePageWithVmcallStubs() {
        BootedGuest b = PvhTestGuest.boot("INSTALL_HYPERCALL_PAGE\n movl $0x40000000, %ecx\n rdmsr\n"
                + " movl %eax, res\n movl %edx, res+4\n POWEROFF32", "", RES);
        RunReport r = b.run();
        assertPoweroff(b, r);
        PhysicalMemory m = b.machine().domain().memory();
        long hp = b.symbol("hypercall_page");
        for (int i = 0; i < 128; i++) {
            byte[] e = new byte[32];
            m.readBytes(hp + 32L * i, e, 0, 32);
            byte[] want = new byte[32];
            java.util.Arrays.fill(want, (byte) 0xcc);
            byte[] stub = i == 23 ? new byte[] {0x0f, 0x0b}
                    : new byte[] {(byte) 0xb8, (byte) i, 0, 0, 0, 0x0f, 0x01, (byte) 0xc1, (byte) 0xc3};
            System.arraycopy(stub, 0, want, 0, stub.length);
            assertArrayEquals(want, e, "entry " + i);
        }
        assertEquals(0, b.phys64("res", 0)); // reads as zero
    }

    @Test
    void aBadHypercallMsrWriteIsGeneralProtection() {
        BootedGuest b = PvhTestGuest.boot("""
                movl $0x40000000, %ecx
                movl $hypercall_page + 1, %eax
                xorl %edx, %edx
                wrmsr
                hlt
                """, "", "");
        RunReport r = b.run();
        // no IDT: #GP becomes a triple fault and the domain crashes
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome());
        assertEquals("crash", r.shutdownReasonName());
        assertTrue(b.machine().events().stream().anyMatch(e -> e instanceof MachineEvent.Hint h
                && h.text().contains("page index")), b.machine().events().toString());
    }

    @Test
    void longModeHypercallsHvmParamsAndSharedInfo() {
        BootedGuest b = PvhTestGuest.boot("""
                INSTALL_HYPERCALL_PAGE
                LONG_MODE
                xorl %edi, %edi
                xorl %esi, %esi
                HCALL 17
                movq %rax, res
                movq %rdi, res+8
                .irp idx, 1, 2, 17, 18
                movl $\\idx, prm+4
                movl $1, %edi
                movq $prm, %rsi
                HCALL 34
                movq prm+8, %rax
                movq %rax, res+16+(\\idx)*8
                .endr
                movl $1, prm+4
                movl $0, %edi
                movq $prm, %rsi
                HCALL 34
                movq %rax, res+8*40
                movl $39, prm+4
                movl $1, %edi
                movq $prm, %rsi
                HCALL 34
                movq %rax, res+8*41
                movq $scratch, %rax
                shrq $12, %rax
                movq %rax, atp+16
                movl $7, %edi
                movq $atp, %rsi
                HCALL 12
                movq %rax, res+8*42
                movl scratch+3076, %eax
                movq %rax, res+8*43
                movl scratch+32, %eax
                movq %rax, res+8*44
                movl $1, %edi
                movq $14, %rax
                movl $6, %edi
                movq $feat, %rsi
                HCALL 17
                movl feat+4, %eax
                movq %rax, res+8*45
                POWEROFF64
                """, "", "res: .skip 512\nprm: .word 0x7ff0, 0\n .long 0\n .quad 0\n"
                + "atp: .word 0x7ff0, 0\n .long 0\n .quad 0\n .quad 0\nfeat: .long 0, 0\n");
        RunReport r = b.run();
        assertPoweroff(b, r);
        Domain d = b.machine().domain();
        assertEquals(XenVersionInfo.MAJOR << 16 | XenVersionInfo.MINOR, b.phys64("res", 0));
        assertEquals(HypercallDispatcher.CLOBBER, b.phys64("res", 8));
        assertEquals(0xfeffcL, b.phys64("res", 16 + 8));
        assertEquals(d.storePort(), b.phys64("res", 16 + 16));
        assertEquals(0xfefffL, b.phys64("res", 16 + 17 * 8));
        assertEquals(d.consolePort(), b.phys64("res", 16 + 18 * 8));
        assertEquals(-1, b.phys64("res", 8 * 40)); // set STORE_PFN: -EPERM
        assertEquals(-22, b.phys64("res", 8 * 41)); // index >= HVM_NR_PARAMS: -EINVAL
        assertEquals(0, b.phys64("res", 8 * 42)); // add_to_physmap(shared_info)
        assertEquals(Domain.DEFAULT_BOOT_EPOCH_SECONDS, b.phys64("res", 8 * 43)); // wc_sec through the mapping
        assertTrue(b.phys64("res", 8 * 44) != 0 && (b.phys64("res", 8 * 44) & 1) == 0, "vcpu_time_info version");
        assertEquals(b.symbol("scratch") >>> 12, d.sharedInfoGpfn);
        assertEquals(io.xenscope.xen.hypercall.XenVersion.PVH_DOMU_FEATURES, b.phys64("res", 8 * 45));
    }

    static final String IDT_SETUP = """
                movq $cb_handler, %rax
                movw %ax, idt + 0xf3*16
                movw $0x08, idt + 0xf3*16 + 2
                movw $0x8e00, idt + 0xf3*16 + 4
                shrq $16, %rax
                movw %ax, idt + 0xf3*16 + 6
                shrq $16, %rax
                movl %eax, idt + 0xf3*16 + 8
                lidt idt_desc
                movq $scratch, %rax
                shrq $12, %rax
                movq %rax, atp+16
                movl $7, %edi
                movq $atp, %rsi
                HCALL 12
            """;
    static final String EVENT_DATA = "flag: .quad 0\nport: .long 0, 0\nidt_desc: .word 4095\n .quad idt\n"
            + "atp: .word 0x7ff0, 0\n .long 0\n .quad 0\n .quad 0\n"
            + "prm: .word 0x7ff0, 0\n .long 0\n .quad (2 << 56) | 0xf3\n"
            + "upv: .long 0\n .byte 0xf3, 0, 0, 0\n"
            + "ipi: .long 0, 0\n"
            + "res: .skip 64\n"
            + " .bss\n .p2align 12\nidt: .skip 4096\n";
    static final String HANDLER = """
            cb_handler:
                incq flag
                movb $0, scratch
                movq $0, scratch+8
                iretq
            """;
    private static final String SEND_AND_WAIT = """
                movl $7, %edi
                movq $ipi, %rsi
                HCALL 32
                movq %rax, res
                movl ipi+4, %eax
                movl %eax, port
                movl $4, %edi
                movq $port, %rsi
                HCALL 32
                movq %rax, res+8
                movq flag, %rax
                movq %rax, res+16
                sti
            1:  cmpq $0, flag
                je 1b
                cli
                POWEROFF64
            """;

    @Test
    void eventsArriveOnTheCallbackVectorThroughTheIdt() {
        BootedGuest b = PvhTestGuest.boot("INSTALL_HYPERCALL_PAGE\nLONG_MODE\n" + IDT_SETUP + """
                movl $0, %edi
                movq $prm, %rsi
                HCALL 34
                movq %rax, res+24
                """ + SEND_AND_WAIT, HANDLER, EVENT_DATA);
        RunReport r = b.run();
        assertPoweroff(b, r);
        assertEquals(0, b.phys64("res", 0));
        assertEquals(0, b.phys64("res", 8));
        assertEquals(0, b.phys64("res", 16)); // not delivered while IF = 0
        assertEquals(0, b.phys64("res", 24));
        assertEquals(1, b.phys64("flag", 0)); // delivered once: the handler cleared evtchn_upcall_pending
    }

    @Test
    void eventsArriveOnThePerVcpuUpcallVector() {
        BootedGuest b = PvhTestGuest.boot("INSTALL_HYPERCALL_PAGE\nLONG_MODE\n" + IDT_SETUP + """
                movl $23, %edi
                movq $upv, %rsi
                HCALL 34
                movq %rax, res+24
                """ + SEND_AND_WAIT, HANDLER, EVENT_DATA);
        RunReport r = b.run();
        assertPoweroff(b, r);
        assertEquals(0, b.phys64("res", 24));
        assertEquals(1, b.phys64("flag", 0));
        assertEquals(0xf3, b.vcpu().upcallVector);
    }

    @Test
    void hltWithInterruptsOnWaitsForTheTimerEvent() {
        BootedGuest b = PvhTestGuest.boot("INSTALL_HYPERCALL_PAGE\nLONG_MODE\n" + IDT_SETUP + """
                movl $0, %edi
                movq $prm, %rsi
                HCALL 34
                movl $1, %edi
                movq $virq, %rsi
                HCALL 32
                movq %rax, res
                movq $1000000, %rdi
                HCALL 15
                movq %rax, res+8
                sti
                hlt
                cli
                movq flag, %rax
                movq %rax, res+16
                POWEROFF64
                """, HANDLER, EVENT_DATA + " .data\nvirq: .long 0, 0, 0\n");
        RunReport r = b.run();
        assertPoweroff(b, r);
        assertEquals(0, b.phys64("res", 0));
        assertEquals(0, b.phys64("res", 8));
        assertEquals(1, b.phys64("res", 16)); // the timer's VIRQ woke the vCPU through the callback vector
        assertTrue(r.systemTimeNs() >= 1_000_000, "idle time skipped to the timer: " + r.systemTimeNs());
    }

    @Test
    void hltWithInterruptsOffTakesTheLastVcpuDownAndXenPowersOff() {
        BootedGuest b = PvhTestGuest.boot("cli\nhlt\nud2", "", "");
        RunReport r = b.run();
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome());
        assertEquals("poweroff", r.shutdownReasonName());
        assertTrue(r.detail().contains("hlt with IF=0"), r.detail());
    }

    @Test
    void pvOnlyHypercallsAreNotInTheHvmTable() {
        BootedGuest b = PvhTestGuest.boot("""
                INSTALL_HYPERCALL_PAGE
                LONG_MODE
                xorl %edi, %edi
                HCALL 0
                movq %rax, res
                POWEROFF64
                """, "", RES);
        RunReport r = b.run();
        assertPoweroff(b, r);
        assertEquals(-38, b.phys64("res", 0)); // set_trap_table: -ENOSYS
        assertEquals(1, r.unknownHypercalls().size());
        assertNull(b.machine().layout());
    }
}
