package io.xenscope.cpu.interrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.boot.FlatBinaryLoader;
import io.xenscope.boot.FlatGdt;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.cpu.fault.PageFault;
import io.xenscope.cpu.isa.system.SystemMachine;
import io.xenscope.mmu.PageWalker;
import io.xenscope.testing.GnuAssembler.Mode;
import org.junit.jupiter.api.Test;

/** #PF delivered through the IDT with CR2 and the architectural error code in each paging mode. */
class PageFaultDeliveryTest {
    private static final long HANDLER = 0x11000, TABLES = 0x20000;
    private static final long P = PageWalker.P, RW = PageWalker.RW, US = PageWalker.US, PS = PageWalker.PS;

    private static void assertHalted(RunResult r) {
        assertEquals(StopReason.HALTED, r.reason(), () -> "stopped: " + r);
    }

    /** 32-bit protected mode with a #PF handler and 32-bit paging over 4 MiB pages: PDE 0 user, PDE 1 as given. */
    private static SystemMachine bits32(long pde1) {
        SystemMachine m = SystemMachine.protected32();
        m.gate32(14, FlatGdt.CODE32, HANDLER, 14, 0);
        m.code(HANDLER, Mode.CODE32, "hlt");
        m.memory.write32(TABLES, (int) (P | RW | US | PS));
        m.memory.write32(TABLES + 4, (int) pde1);
        m.cpu.setCr4(Cpu.CR4_PSE);
        m.cpu.setCr3(TABLES);
        m.cpu.setCr0(m.cpu.cr0 | Cpu.CR0_PG | Cpu.CR0_WP);
        return m;
    }

    @Test
    void bits32WriteToAReadOnlyPageWithWpIsProtectionWrite() {
        SystemMachine m = bits32(0x400000 | P | US | PS);
        m.cpu.gpr[0] = 0x400010;
        m.code32("sgdt (%eax)");
        assertHalted(m.run());
        assertEquals(0x400010, m.cpu.cr2);
        assertEquals(PageFault.P | PageFault.W, m.read32(m.cpu.gpr[4]));
        assertEquals(SystemMachine.CODE, m.read32(m.cpu.gpr[4] + 4), "faulting EIP");
    }

    @Test
    void bits32UserWriteToASupervisorPageReportsPWU() {
        SystemMachine m = bits32(0x400000 | P | RW | PS).user(false);
        m.cpu.gpr[0] = 0x400010;
        m.code32("sgdt (%eax)");
        assertHalted(m.run());
        assertEquals(PageFault.P | PageFault.W | PageFault.U, m.read32(m.cpu.gpr[4]));
        assertEquals(0, m.cpu.cpl);
    }

    @Test
    void bits32NotPresentReadIsErrorCodeZero() {
        SystemMachine m = bits32(0);
        m.cpu.gpr[0] = 0x400000;
        m.code32("lgdt (%eax)");
        assertHalted(m.run());
        assertEquals(0x400000, m.cpu.cr2);
        assertEquals(0, m.read32(m.cpu.gpr[4]));
    }

    @Test
    void paeReservedBitIsReportedWithRsvd() {
        SystemMachine m = SystemMachine.protected32();
        m.gate32(14, FlatGdt.CODE32, HANDLER, 14, 0);
        m.code(HANDLER, Mode.CODE32, "hlt");
        long pd = TABLES + 0x1000;
        m.memory.write64(TABLES, pd | P);
        m.memory.write64(pd, P | RW | PS);
        m.memory.write64(pd + 8, 0x200000 | P | RW | PS | 1L << 50);
        m.cpu.setCr4(Cpu.CR4_PAE);
        m.cpu.setCr3(TABLES);
        m.cpu.setCr0(m.cpu.cr0 | Cpu.CR0_PG);
        m.cpu.gpr[0] = 0x200000;
        m.code32("lgdt (%eax)");
        assertHalted(m.run());
        assertEquals(PageFault.P | PageFault.RSVD, m.read32(m.cpu.gpr[4]));
    }

    @Test
    void longModeFetchFromAnNxPageReportsTheFetchBit() {
        SystemMachine m = SystemMachine.long64();
        m.gate64(14, FlatGdt.CODE64, HANDLER, 14, 0, 0);
        m.code(HANDLER, Mode.CODE64, "hlt");
        m.cpu.setEfer(m.cpu.efer | Cpu.EFER_NXE);
        long pde2 = FlatBinaryLoader.PAGE_TABLES + 0x2000 + 16;
        m.memory.write64(pde2, m.memory.read64(pde2) | PageWalker.NX);
        m.memory.write32(0x8000, 0x400000);
        m.memory.write16(0x8004, FlatGdt.CODE64);
        m.cpu.gpr[3] = 0x8000;
        m.code64("ljmp *(%rbx)");
        assertHalted(m.run());
        assertEquals(0x400000, m.cpu.cr2);
        assertEquals(PageFault.P | PageFault.I, m.read64(m.cpu.gpr[4]));
        assertEquals(0x400000, m.read64(m.cpu.gpr[4] + 8), "RIP of the fetch");
    }

    @Test
    void invlpgMakesANewMappingVisible() {
        SystemMachine m = SystemMachine.long64();
        long pde2 = FlatBinaryLoader.PAGE_TABLES + 0x2000 + 16;
        m.memory.write32(0x400010, 0xaaaa);
        m.memory.write32(0x600010, 0xbbbb);
        assertEquals(0xaaaa, m.cpu.mmu.read32(0x400010));
        m.memory.write64(pde2, (m.memory.read64(pde2) & ~0x3fe00000L) | 0x600000);
        assertEquals(0xaaaa, m.cpu.mmu.read32(0x400010), "stale TLB entry");
        m.cpu.gpr[0] = 0x400000;
        m.code64("invlpg (%rax)\n hlt");
        assertHalted(m.run());
        assertEquals(0xbbbb, m.cpu.mmu.read32(0x400010));
    }
}
