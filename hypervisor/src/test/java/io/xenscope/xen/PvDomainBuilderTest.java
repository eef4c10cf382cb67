package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.mm.FrameType;
import io.xenscope.xen.mm.Pte;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The domU builder's layout, start_info and the vCPU's entry state (xg_dom_x86.c, arch_set_info_guest). */
class PvDomainBuilderTest {
    static BootedGuest guest(PvBootOptions o) {
        return PvTestGuest.boot("POWEROFF", "", "", o);
    }

    static BootedGuest guest() {
        return guest(PvBootOptions.defaults().withCmdline("console=hvc0 loglevel=8"));
    }

    static long si(BootedGuest g, int offset) {
        return g.vcpu().guest().read64(g.machine().layout().startInfoVa() + offset);
    }

    @Test
    void startInfoCarriesTheMagicAndEveryField() {
        BootedGuest g = guest();
        Domain d = g.machine().domain();
        PvLayout l = g.machine().layout();
        GuestMemory m = g.vcpu().guest();
        assertEquals("xen-3.0-x86_64", m.readCString(l.startInfoVa(), 32));
        assertEquals(8192, si(g, StartInfo.NR_PAGES));
        assertEquals(d.sharedInfoMfn() << 12, si(g, StartInfo.SHARED_INFO));
        assertEquals(0, (int) si(g, StartInfo.FLAGS));
        assertEquals(d.pfnToMfn(l.xenstorePfn()), si(g, StartInfo.STORE_MFN));
        assertEquals(1, (int) si(g, StartInfo.STORE_EVTCHN));
        assertEquals(d.pfnToMfn(l.consolePfn()), si(g, StartInfo.CONSOLE_MFN));
        assertEquals(2, (int) si(g, StartInfo.CONSOLE_EVTCHN));
        assertEquals(l.va(l.pgtablesPfn()), si(g, StartInfo.PT_BASE));
        assertEquals(l.nrPtFrames(), si(g, StartInfo.NR_PT_FRAMES));
        assertEquals(l.va(l.p2mPfn()), si(g, StartInfo.MFN_LIST));
        assertEquals(0, si(g, StartInfo.MOD_START));
        assertEquals(0, si(g, StartInfo.MOD_LEN));
        assertEquals("console=hvc0 loglevel=8", m.readCString(l.startInfoVa() + StartInfo.CMD_LINE, 1024));
        assertEquals(0, si(g, StartInfo.FIRST_P2M_PFN));
        assertEquals(0, si(g, StartInfo.NR_P2M_FRAMES));
    }

    @Test
    void theLayoutFollowsTheBuildersOrder() {
        PvLayout l = guest().machine().layout();
        assertEquals(0, l.kernelPfn());
        assertEquals(l.kernelPfn() + l.kernelPages(), l.p2mPfn(), "p2m list right after the kernel");
        assertEquals(16, l.p2mPages(), "8192 pfns * 8 bytes");
        assertEquals(l.p2mPfn() + l.p2mPages(), l.startInfoPfn());
        assertEquals(l.startInfoPfn() + 1, l.xenstorePfn());
        assertEquals(l.xenstorePfn() + 1, l.consolePfn());
        assertEquals(l.consolePfn() + 1, l.pgtablesPfn());
        assertEquals(l.pgtablesPfn() + l.nrPtFrames(), l.bootstackPfn());
        assertEquals(5, l.nrPtFrames(), "L4, L3, L2, and two L1s for 0xffffffff80000000..+4 MiB");
    }

    @Test
    void theMappingEndsOnA4MiBBoundaryAtLeast512KiBPastTheStack() {
        PvLayout l = guest().machine().layout();
        assertEquals(0, l.mappedEnd() & ((1 << 22) - 1));
        assertTrue(l.mappedEnd() - l.stackTop() >= 512 * 1024);
    }

    @Test
    void everythingUpToTheMappingEndIsMappedAndTheTablesAreReadOnly() {
        BootedGuest g = guest();
        PvLayout l = g.machine().layout();
        GuestMemory m = g.vcpu().guest();
        m.read64(l.mappedEnd() - 8);
        m.write64(l.stackTop() - 8, 1);
        assertThrows(() -> m.write64(l.va(l.pgtablesPfn()), 0));
        assertThrows(() -> m.read64(l.mappedEnd()));
    }

    static void assertThrows(Runnable r) {
        org.junit.jupiter.api.Assertions.assertThrows(GuestFaultOnCopy.class, r::run);
    }

    @Test
    void theL4IsPinnedAndEveryTableTyped() {
        BootedGuest g = guest();
        Domain d = g.machine().domain();
        PvLayout l = g.machine().layout();
        long l4 = d.pfnToMfn(l.pgtablesPfn());
        assertTrue(d.frames().isPinned(l4));
        assertEquals(FrameType.L4, d.frames().type(l4));
        assertEquals(FrameType.L3, d.frames().type(d.pfnToMfn(l.pgtablesPfn() + 1)));
        assertEquals(FrameType.L2, d.frames().type(d.pfnToMfn(l.pgtablesPfn() + 2)));
        assertEquals(FrameType.L1, d.frames().type(d.pfnToMfn(l.pgtablesPfn() + 3)));
    }

    @Test
    void mfnListHoldsTheP2m() {
        BootedGuest g = guest();
        Domain d = g.machine().domain();
        long list = si(g, StartInfo.MFN_LIST);
        for (int pfn = 0; pfn < d.nrPages(); pfn += 97) {
            assertEquals(d.pfnToMfn(pfn), g.vcpu().guest().read64(list + 8L * pfn));
        }
    }

    @Test
    void theM2pIsTheInverseOfTheP2m() {
        Domain d = guest().machine().domain();
        for (int pfn = 0; pfn < d.nrPages(); pfn += 89) {
            assertEquals(pfn, d.mmu().m2p().get(d.pfnToMfn(pfn)));
        }
    }

    @Test
    void machineFramesAreShuffledByDefault() {
        Domain d = guest().machine().domain();
        int same = 0;
        Set<Long> mfns = new HashSet<>();
        for (int pfn = 0; pfn < d.nrPages(); pfn++) {
            same += d.pfnToMfn(pfn) == pfn ? 1 : 0;
            mfns.add(d.pfnToMfn(pfn));
        }
        assertTrue(same < 10, "almost no pfn equals its mfn: " + same);
        assertEquals(d.nrPages(), mfns.size(), "distinct frames");
        assertFalse(mfns.contains(0L), "frame 0 is never given to a domU");
    }

    @Test
    void theShuffleIsDeterministicForASeed() {
        Domain a = guest().machine().domain();
        Domain b = guest().machine().domain();
        Domain c = guest(PvBootOptions.defaults().withSeed(42)).machine().domain();
        assertArrayEquals(a.p2m, b.p2m);
        assertNotEquals(a.pfnToMfn(100), c.pfnToMfn(100));
    }

    @Test
    void identityP2mMapsEachPfnToTheSameMfn() {
        Domain d = guest(PvBootOptions.defaults().withIdentityP2m(true)).machine().domain();
        for (int pfn = 0; pfn < d.nrPages(); pfn++) {
            assertEquals(pfn, d.pfnToMfn(pfn));
        }
    }

    @Test
    void theVcpuEntersLikeA64BitPvKernel() {
        BootedGuest g = guest();
        Cpu c = g.vcpu().cpu();
        PvLayout l = g.machine().layout();
        assertEquals(CpuMode.LONG_64, c.mode);
        assertEquals(3, c.cpl);
        assertEquals(0xe033, c.seg[Cpu.CS].selector);
        assertEquals(0xe02b, c.seg[Cpu.SS].selector);
        assertEquals(0xe02b, c.seg[Cpu.DS].selector);
        assertEquals(g.symbol("_start"), c.rip);
        assertEquals(l.startInfoVa(), c.gpr[6], "rsi = start_info");
        assertEquals(l.stackTop(), c.gpr[4], "rsp = virt_base + (bootstack_pfn + 1) * 4096");
        assertTrue((c.rflags & (1 << 9)) != 0, "IF");
        assertEquals(1, g.vcpu().upcallMask(), "events masked");
        assertEquals(g.machine().domain().pfnToMfn(l.pgtablesPfn()) << 12, c.cr3);
        assertEquals(Cpu.CR4_PAE | Cpu.CR4_PGE, c.cr4 & (Cpu.CR4_PAE | Cpu.CR4_PGE));
        long efer = Cpu.EFER_LME | Cpu.EFER_LMA | Cpu.EFER_NXE | Cpu.EFER_SCE;
        assertEquals(efer, c.efer & efer);
        assertTrue(g.vcpu().kernelMode());
    }

    @Test
    void theHypercallPageHoldsThe64BitSyscallStubs() {
        BootedGuest g = guest();
        GuestMemory m = g.vcpu().guest();
        long hp = g.symbol("hypercall_page");
        assertArrayEquals(new byte[] {0x51, 0x41, 0x53, (byte) 0xb8, 17, 0, 0, 0, 0x0f, 0x05, 0x41, 0x5b, 0x59,
            (byte) 0xc3}, m.readBytes(hp + 17 * 32, 14));
        assertArrayEquals(new byte[] {0x51, 0x41, 0x53, 0x50, (byte) 0xb8, 23, 0, 0, 0, 0x0f, 0x05},
                m.readBytes(hp + 23 * 32, 11));
        assertEquals(0xcc, m.read8(hp + 14), "int3 filler");
    }

    @Test
    void sharedInfoStartsWithEveryUpcallMaskedAndADeterministicWallclock() {
        BootedGuest g = guest();
        Domain d = g.machine().domain();
        PhysicalMemory mem = d.memory();
        long base = d.sharedInfoMfn() << 12;
        for (int i = 0; i < 32; i++) {
            assertEquals(1, mem.read8(base + i * 64L + 1));
        }
        assertEquals(Domain.DEFAULT_BOOT_EPOCH_SECONDS, mem.read32(base + SharedInfo.WC_SEC) & 0xffffffffL);
        assertEquals(0, mem.read32(base + SharedInfo.WC_VERSION) & 1);
    }

    @Test
    void theSharedInfoFrameIsXensAndWritableForTheGuest() {
        BootedGuest g = guest();
        Domain d = g.machine().domain();
        assertEquals(1, d.frames().owner(d.sharedInfoMfn()));
        assertEquals(FrameType.WRITABLE, d.frames().type(d.sharedInfoMfn()));
    }

    @Test
    void xenstoreKnowsTheDomainsRings() {
        XenMachine m = guest().machine();
        Domain d = m.domain();
        assertEquals(Long.toString(d.storeMfn()), m.xenstore().read("/local/domain/1/store/ring-ref"));
        assertEquals("2", m.xenstore().read("/local/domain/1/console/port"));
    }

    @Test
    void tooLittleMemoryForTheInitialMappingIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> guest(PvBootOptions.defaults().withMemory(1 << 20)));
    }

    @Test
    void pteFlagsOfTheInitialTablesAreThoseOfTheToolstack() {
        BootedGuest g = guest();
        Domain d = g.machine().domain();
        long l4 = d.pfnToMfn(g.machine().layout().pgtablesPfn()) << 12;
        long e = d.memory().read64(l4 + 511 * 8);
        int f = Pte.flags(e);
        assertEquals(Pte.PRESENT | Pte.RW | Pte.USER, f & (Pte.PRESENT | Pte.RW | Pte.USER));
    }
}
