package io.xenscope.xen;

import io.xenscope.xen.hypercall.XenVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** One behaviour per test: a guest makes the hypercall, keeps rax in %rbx, and powers off. */
class HypercallTest {
    static final int RBX = 3, R12 = 12, R13 = 13;
    static final long EFAULT = -14, EINVAL = -22, ENOSYS = -38, EPERM = -1, ENOENT = -2, EEXIST = -17;

    /** Runs {@code body} (which leaves its result in %rbx), then powers off; returns the guest. */
    static BootedGuest run(String body, String data) {
        BootedGuest g = PvTestGuest.boot(body + "\n    POWEROFF\n", "", data);
        RunReport r = g.run();
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.toString());
        assertEquals(0, r.shutdownReason(), "expected poweroff: " + r.detail() + " " + r.faults());
        return g;
    }

    static long rbx(String body, String data) {
        return run(body, data).reg(RBX);
    }

    static long rbx(String body) {
        return rbx(body, "");
    }

    // ---- xen_version -----------------------------------------------------------------------

    @Test
    void xenVersionReturnsMajorShiftedLeftSixteenOrMinor() {
        assertEquals(4L << 16 | 17, rbx("xor %edi,%edi; xor %esi,%esi; HYPERCALL 17; mov %rax,%rbx"));
    }

    @Test
    void xenVersionExtraversionFillsTheSixteenByteString() {
        BootedGuest g = run("mov $1,%edi; lea buf(%rip),%rsi; HYPERCALL 17; mov %rax,%rbx",
                "buf: .skip 16");
        assertEquals(0, g.reg(RBX));
        assertEquals(XenVersionInfo.EXTRAVERSION, g.vcpu().guest().readCString(g.symbol("buf"), 16));
    }

    @Test
    void getFeaturesReportsWhatXenGivesA64BitPvDomU() {
        BootedGuest g = run("mov $6,%edi; lea fi(%rip),%rsi; HYPERCALL 17; mov %rax,%rbx",
                "fi: .long 0, 0");
        assertEquals(0, g.reg(RBX));
        int submap = (int) (g.read64("fi", 0) >>> 32);
        assertEquals(XenVersion.PV_DOMU_FEATURES, submap);
        assertEquals(0, submap & (1 << XenVersion.XENFEAT_WRITABLE_PAGE_TABLES), "not a translated guest");
        assertEquals(0, submap & (1 << XenVersion.XENFEAT_AUTO_TRANSLATED_PHYSMAP));
        assertTrue((submap & (1 << XenVersion.XENFEAT_MMU_PT_UPDATE_PRESERVE_AD)) != 0);
    }

    @Test
    void getFeaturesOfAnUnknownSubmapIsEinval() {
        assertEquals(EINVAL, rbx("mov $6,%edi; lea fi(%rip),%rsi; HYPERCALL 17; mov %rax,%rbx", "fi: .long 1, 0"));
    }

    @Test
    void pagesizeIs4096() {
        assertEquals(4096, rbx("mov $7,%edi; xor %esi,%esi; HYPERCALL 17; mov %rax,%rbx"));
    }

    @Test
    void platformParametersGiveHypervisorVirtStart() {
        BootedGuest g = run("mov $5,%edi; lea pp(%rip),%rsi; HYPERCALL 17; mov %rax,%rbx", "pp: .quad 0");
        assertEquals(0xFFFF800000000000L, g.read64("pp", 0));
    }

    @Test
    void aBadPointerIsEfaultNotACrash() {
        assertEquals(EFAULT, rbx("mov $1,%edi; mov $0x1000,%esi; HYPERCALL 17; mov %rax,%rbx"));
    }

    @Test
    void aPointerIntoXensAreaIsEfault() {
        assertEquals(EFAULT, rbx("mov $1,%edi; movabs $0xffff800000000000,%rsi; HYPERCALL 17; mov %rax,%rbx"));
    }

    @Test
    void writingIntoReadOnlyGuestMemoryIsEfault() {
        // the page tables are mapped read-only: Xen's copy_to_guest faults
        BootedGuest g = PvTestGuest.boot("mov $1,%edi; mov 88(%rsi),%rsi; HYPERCALL 17; mov %rax,%rbx\n POWEROFF",
                "", "");
        g.run();
        assertEquals(EFAULT, g.reg(RBX));
    }

    // ---- unknown hypercalls -------------------------------------------------------------------

    @Test
    void anUnknownHypercallIsEnosysAndReported() {
        BootedGuest g = run("HYPERCALL 60; mov %rax,%rbx", "");
        assertEquals(ENOSYS, g.reg(RBX));
        assertTrue(g.machine().events().stream().anyMatch(e -> e instanceof MachineEvent.UnknownHypercall u
                && u.number() == 60));
    }

    @Test
    void aHypercallXenDeniesADomUIsEnosysHereToo() {
        assertEquals(ENOSYS, rbx("HYPERCALL 35; mov %rax,%rbx")); // sysctl
    }

    // ---- console_io ----------------------------------------------------------------------------

    @Test
    void consoleIoWriteReachesTheConsole() {
        BootedGuest g = run("xor %edi,%edi; mov $3,%esi; lea msg(%rip),%rdx; HYPERCALL 18; mov %rax,%rbx",
                "msg: .ascii \"hi\\n\"");
        assertEquals(0, g.reg(RBX));
        assertEquals("hi\n", g.machine().consoleOutput());
    }

    @Test
    void aReleaseBuildOfXenRefusesConsoleIoToADomU() {
        BootedGuest g = PvTestGuest.boot("xor %edi,%edi; mov $3,%esi; lea msg(%rip),%rdx; HYPERCALL 18;"
                + " mov %rax,%rbx\n POWEROFF", "", "msg: .ascii \"hi\\n\"", PvBootOptions.defaults().withDebugXen(false));
        g.run();
        assertEquals(EPERM, g.reg(RBX));
        assertEquals("", g.machine().consoleOutput());
    }

    @Test
    void aDebugXenClobbersTheArgumentRegistersAHypercallUsed() {
        BootedGuest g = run("mov $0x77,%r8; xor %edi,%edi; xor %esi,%esi; HYPERCALL 17;"
                + " mov %rdi,%rbx; mov %rsi,%r12; mov %r8,%r13", "");
        assertEquals(HypercallDispatcher.CLOBBER, g.reg(RBX));
        assertEquals(HypercallDispatcher.CLOBBER, g.reg(R12));
        assertEquals(0x77, g.reg(R13), "xen_version takes two arguments: r8 is left alone");
    }

    @Test
    void aReleaseXenLeavesArgumentRegistersAlone() {
        BootedGuest g = PvTestGuest.boot("mov $5,%edi; xor %esi,%esi; HYPERCALL 17; mov %rdi,%rbx\n POWEROFF",
                "", "", PvBootOptions.defaults().withDebugXen(false));
        g.run();
        assertEquals(5, g.reg(RBX));
    }

    @Test
    void consoleIoReadNeedsPrivilege() {
        assertEquals(EPERM, rbx("mov $1,%edi; mov $1,%esi; lea buf(%rip),%rdx; HYPERCALL 18; mov %rax,%rbx",
                "buf: .skip 8"));
    }

    @Test
    void consoleIoUnknownCommandIsEnosys() {
        assertEquals(ENOSYS, rbx("mov $7,%edi; xor %esi,%esi; xor %edx,%edx; HYPERCALL 18; mov %rax,%rbx"));
    }

    // ---- sched_op ------------------------------------------------------------------------------

    @Test
    void shutdownReportsTheReason() {
        BootedGuest g = PvTestGuest.boot("SHUTDOWN 3");
        RunReport r = g.run();
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome());
        assertEquals("crash", r.shutdownReasonName());
    }

    @Test
    void yieldReturnsZero() {
        assertEquals(0, rbx("xor %edi,%edi; xor %esi,%esi; HYPERCALL 29; mov %rax,%rbx"));
    }

    @Test
    void shutdownCodeIsRecorded() {
        BootedGuest g = run("mov $5,%edi; lea code(%rip),%rsi; HYPERCALL 29; mov %rax,%rbx",
                "code: .long 1");
        assertEquals(0, g.reg(RBX));
        assertEquals(1, g.machine().domain().shutdownCode());
    }

    /** Maps shared_info over the scratch page (body prologue; rsi = start_info at entry). */
    static final String MAP_SHARED_INFO = """
            push %rsi
            lea scratch(%rip),%rdi; mov 40(%rsi),%rsi; or $0x7,%rsi; mov $2,%edx; HYPERCALL 14
            pop %rsi
            """;

    @Test
    void pollWithEventsUnmaskedIsEinval() {
        assertEquals(EINVAL, rbx(MAP_SHARED_INFO + """
                movb $0, scratch+1(%rip)
                mov $3,%edi; lea poll(%rip),%rsi; lea ports(%rip),%rax; mov %rax,(%rsi); HYPERCALL 29; mov %rax,%rbx
                """, "poll: .quad 0\n .long 1, 0\n .quad 0\nports: .long 1"));
    }

    @Test
    void pollReturnsAtOnceWhenAPortIsPending() {
        assertEquals(0, rbx("""
                mov $7,%edi; lea b(%rip),%rsi; HYPERCALL 32
                mov b+4(%rip),%eax; mov %eax,p(%rip); mov %eax,ports(%rip)
                mov $4,%edi; lea p(%rip),%rsi; HYPERCALL 32
                mov $3,%edi; lea poll(%rip),%rsi; lea ports(%rip),%rax; mov %rax,(%rsi); HYPERCALL 29; mov %rax,%rbx
                """, "b: .long 0, 0\np: .long 0\npoll: .quad 0\n .long 1, 0\n .quad 0\nports: .long 0"));
    }

    @Test
    void pollOnAQuietPortWithoutTimeoutBlocksForever() {
        BootedGuest g = PvTestGuest.boot("""
                mov $3,%edi; lea poll(%rip),%rsi; lea ports(%rip),%rax; mov %rax,(%rsi); HYPERCALL 29
                POWEROFF
                """, "", "poll: .quad 0\n .long 1, 0\n .quad 0\nports: .long 1");
        assertEquals(RunReport.Outcome.BLOCKED_FOREVER, g.run().outcome());
    }

    // ---- memory_op -----------------------------------------------------------------------------

    @Test
    void currentReservationIsTheDomainsPages() {
        assertEquals(8192, rbx("mov $3,%edi; lea self(%rip),%rsi; HYPERCALL 12; mov %rax,%rbx",
                "self: .word 0x7ff0"));
    }

    @Test
    void maximumReservationOfAnotherDomainIsRefused() {
        assertEquals(-3, rbx("mov $4,%edi; lea other(%rip),%rsi; HYPERCALL 12; mov %rax,%rbx", "other: .word 7"));
    }

    @Test
    void machphysMappingDescribesTheReadOnlyM2p() {
        BootedGuest g = run("mov $12,%edi; lea m(%rip),%rsi; HYPERCALL 12; mov %rax,%rbx", "m: .quad 0,0,0");
        assertEquals(0, g.reg(RBX));
        assertEquals(0xFFFF800000000000L, g.read64("m", 0));
        assertEquals(0xFFFF804000000000L, g.read64("m", 8));
        assertEquals((0x4000000000L >> 3) - 1, g.read64("m", 16));
    }

    @Test
    void memoryMapIsOneRamRegionOfTheDomainsSize() {
        BootedGuest g = run("mov $9,%edi; lea map(%rip),%rsi; lea e820(%rip),%rax; mov %rax,8(%rsi);"
                + " HYPERCALL 12; mov %rax,%rbx", "map: .long 4, 0\n .quad 0\ne820: .skip 80");
        assertEquals(0, g.reg(RBX));
        assertEquals(1, (int) g.read64("map", 0));
        assertEquals(0, g.read64("e820", 0));
        assertEquals(8192L << 12, g.read64("e820", 8));
        assertEquals(1, (int) g.read64("e820", 16));
    }

    @Test
    void increaseReservationHandsOutAFreshMachineFrame() {
        BootedGuest g = run("""
                xor %edi,%edi; lea res(%rip),%rsi; lea list(%rip),%rax; mov %rax,(%rsi)
                HYPERCALL 12; mov %rax,%rbx
                """, "res: .quad 0, 1\n .long 0, 0\n .word 0x7ff0\n .skip 6\nlist: .quad 0");
        assertEquals(1, g.reg(RBX));
        long mfn = g.read64("list", 0);
        assertEquals(1, g.machine().domain().frames().owner(mfn));
        assertEquals(8193, g.machine().domain().totPages());
    }

    @Test
    void populatePhysmapSetsTheM2pOfTheNewFrame() {
        BootedGuest g = run("""
                mov $6,%edi; lea res(%rip),%rsi; lea list(%rip),%rax; mov %rax,(%rsi)
                HYPERCALL 12; mov %rax,%rbx
                """, "res: .quad 0, 1\n .long 0, 0\n .word 0x7ff0\n .skip 6\nlist: .quad 9000");
        assertEquals(1, g.reg(RBX));
        long mfn = g.read64("list", 0);
        assertEquals(9000, g.machine().domain().mmu().m2p().get(mfn));
    }

    @Test
    void unknownMemoryOpIsEnosys() {
        assertEquals(ENOSYS, rbx("mov $40,%edi; xor %esi,%esi; HYPERCALL 12; mov %rax,%rbx"));
    }

    // ---- event_channel_op ----------------------------------------------------------------------

    @Test
    void allocUnboundTakesTheLowestFreePortAfterTheRings() {
        BootedGuest g = run("mov $6,%edi; lea a(%rip),%rsi; HYPERCALL 32; mov %rax,%rbx",
                "a: .word 0x7ff0, 0\n .long 0");
        assertEquals(0, g.reg(RBX));
        assertEquals(3, (int) g.read64("a", 4));
    }

    @Test
    void theConsolePortIsInterdomainWithDom0() {
        BootedGuest g = run("mov $5,%edi; lea st(%rip),%rsi; HYPERCALL 32; mov %rax,%rbx",
                "st: .word 0x7ff0, 0\n .long 2\n .skip 24");
        assertEquals(0, g.reg(RBX));
        long w = g.read64("st", 8);
        assertEquals(2, (int) w, "EVTCHNSTAT_interdomain");
        assertEquals(0, (int) g.read64("st", 16) & 0xffff, "remote dom0");
    }

    @Test
    void bindingTheSameVirqTwiceIsEexist() {
        BootedGuest g = run("""
                mov $1,%edi; lea b(%rip),%rsi; HYPERCALL 32; mov %rax,%r12
                mov $1,%edi; lea b(%rip),%rsi; HYPERCALL 32; mov %rax,%rbx
                """, "b: .long 0, 0, 0");
        assertEquals(0, g.reg(R12));
        assertEquals(EEXIST, g.reg(RBX));
    }

    @Test
    void closingAFreePortIsEinval() {
        assertEquals(EINVAL, rbx("mov $3,%edi; lea p(%rip),%rsi; HYPERCALL 32; mov %rax,%rbx", "p: .long 100"));
    }

    @Test
    void sendOnTheConsolePortRunsTheConsoleBackendAtOnce() {
        BootedGuest g = run("""
                mov 72(%rsi),%rax          /* console mfn */
                shl $3,%rax; movabs $0xffff800000000000,%rdx; mov (%rdx,%rax),%rax   /* its pfn (M2P) */
                shl $12,%rax; movabs $0xffffffff80000000,%rdx; add %rdx,%rax          /* its va */
                movb $'O',1024(%rax); movb $'K',1025(%rax); movl $2,3084(%rax)         /* out[], out_prod */
                mov $4,%edi; lea p(%rip),%rsi; HYPERCALL 32; mov %rax,%rbx
                """, "p: .long 2");
        assertEquals(0, g.reg(RBX));
        assertEquals("OK", g.machine().consoleOutput());
    }

    @Test
    void closingAPortClearsItsPendingBit() {
        BootedGuest g = run("""
                mov $7,%edi; lea b(%rip),%rsi; HYPERCALL 32
                mov b+4(%rip),%eax; mov %eax,p(%rip)
                mov $4,%edi; lea p(%rip),%rsi; HYPERCALL 32
                mov $3,%edi; lea p(%rip),%rsi; HYPERCALL 32; mov %rax,%rbx
                """, "b: .long 0, 0\np: .long 0");
        assertEquals(0, g.reg(RBX));
        assertFalse(g.machine().domain().sharedInfo().pending((int) g.read64("p", 0)));
    }

    @Test
    void aRegisteredTimeAreaReceivesVcpuTimeInfo() {
        BootedGuest g = run("""
                lea ta(%rip),%rax; mov %rax,arg(%rip)
                mov $13,%edi; xor %esi,%esi; lea arg(%rip),%rdx; HYPERCALL 24; mov %rax,%rbx
                """, "arg: .quad 0\nta: .skip 32");
        assertEquals(0, g.reg(RBX));
        assertEquals(io.xenscope.xen.VirtualTime.TSC_TO_SYSTEM_MUL, (int) g.read64("ta", 24));
    }

    @Test
    void fifoInitControlIsNotOffered() {
        assertEquals(ENOSYS, rbx("mov $11,%edi; lea c(%rip),%rsi; HYPERCALL 32; mov %rax,%rbx", "c: .skip 24"));
    }

    @Test
    void anIpiSentToItselfIsPending() {
        BootedGuest g = run("""
                mov $7,%edi; lea b(%rip),%rsi; HYPERCALL 32
                mov b+4(%rip),%eax; mov %eax,p(%rip)
                mov $4,%edi; lea p(%rip),%rsi; HYPERCALL 32; mov %rax,%rbx
                """, "b: .long 0, 0\np: .long 0");
        assertEquals(0, g.reg(RBX));
        int port = (int) (g.read64("b", 0) >>> 32);
        assertTrue(g.machine().domain().sharedInfo().pending(port));
    }

    // ---- grant_table_op ------------------------------------------------------------------------

    @Test
    void queryTableSizeGivesOneOfSixtyFourFrames() {
        BootedGuest g = run("mov $6,%edi; lea q(%rip),%rsi; mov $1,%edx; HYPERCALL 20; mov %rax,%rbx",
                "q: .word 0x7ff0, 0\n .long 0, 0\n .word 0x55, 0");
        assertEquals(0, g.reg(RBX));
        assertEquals(1, (int) (g.read64("q", 0) >>> 32));
        assertEquals(64, (int) g.read64("q", 8), "opt_max_grant_frames");
        assertEquals(0, (int) g.read64("q", 12) & 0xffff);
    }

    @Test
    void setupTableReturnsXenFramesTheGuestMayMap() {
        BootedGuest g = run("""
                mov $2,%edi; lea s(%rip),%rsi; lea fl(%rip),%rax; mov %rax,16(%rsi); mov $1,%edx
                HYPERCALL 20; mov %rax,%rbx
                """, "s: .word 0x7ff0, 0\n .long 2\n .word 0x55, 0, 0, 0\n .quad 0\nfl: .quad 0, 0");
        assertEquals(0, g.reg(RBX));
        assertEquals(0, (int) g.read64("s", 8) & 0xffff, "GNTST_okay");
        long f0 = g.read64("fl", 0);
        assertEquals(1, g.machine().domain().frames().owner(f0));
        assertTrue(g.read64("fl", 8) != 0);
    }

    @Test
    void grantTableVersionIsOne() {
        BootedGuest g = run("mov $10,%edi; lea v(%rip),%rsi; mov $1,%edx; HYPERCALL 20; mov %rax,%rbx",
                "v: .word 0x7ff0, 0\n .long 0");
        assertEquals(0, g.reg(RBX));
        assertEquals(1, (int) (g.read64("v", 0) >>> 32));
    }

    // ---- vcpu_op -------------------------------------------------------------------------------

    @Test
    void vcpuZeroIsUp() {
        assertEquals(1, rbx("mov $3,%edi; xor %esi,%esi; xor %edx,%edx; HYPERCALL 24; mov %rax,%rbx"));
    }

    @Test
    void aVcpuTheDomainDoesNotHaveIsEnoent() {
        assertEquals(ENOENT, rbx("mov $3,%edi; mov $1,%esi; xor %edx,%edx; HYPERCALL 24; mov %rax,%rbx"));
    }

    @Test
    void periodicTimersBelowOneMillisecondAreEinval() {
        assertEquals(EINVAL, rbx("mov $6,%edi; xor %esi,%esi; lea p(%rip),%rdx; HYPERCALL 24; mov %rax,%rbx",
                "p: .quad 999999"));
    }

    @Test
    void aSingleshotTimerInThePastWithFutureFlagIsEtime() {
        assertEquals(-62, rbx("mov $8,%edi; xor %esi,%esi; lea t(%rip),%rdx; HYPERCALL 24; mov %rax,%rbx",
                "t: .quad 1\n .long 1, 0"));
    }

    @Test
    void runstateInfoSaysRunning() {
        BootedGuest g = run("mov $4,%edi; xor %esi,%esi; lea r(%rip),%rdx; HYPERCALL 24; mov %rax,%rbx",
                "r: .long 7, 0\n .skip 40");
        assertEquals(0, g.reg(RBX));
        assertEquals(0, (int) g.read64("r", 0));
        assertTrue(g.read64("r", 16) > 0, "time running");
    }

    @Test
    void registerVcpuInfoMovesVcpuInfoIntoAGuestFrame() {
        BootedGuest g = run("""
                lea scratch(%rip),%rax; movabs $0xffffffff80000000,%rdx; sub %rdx,%rax; shr $12,%rax
                mov 104(%rsi),%rdx; mov (%rdx,%rax,8),%rax; mov %rax,ri(%rip)
                mov $10,%edi; xor %esi,%esi; lea ri(%rip),%rdx; HYPERCALL 24; mov %rax,%rbx
                """, "ri: .quad 0\n .long 64, 0");
        assertEquals(0, g.reg(RBX));
        assertEquals(g.machine().domain().frames().owner(g.read64("ri", 0)), 1);
        long base = g.symbol("scratch") + 64;
        assertEquals(1, g.vcpu().guest().read8(base), "everything marked pending");
        assertTrue(g.vcpu().guest().read64(base + 32 + 8) != 0, "time info moved along");
    }

    // ---- misc ----------------------------------------------------------------------------------

    @Test
    void vmAssistOfAnUnknownTypeIsEinval() {
        assertEquals(EINVAL, rbx("xor %edi,%edi; mov $9,%esi; HYPERCALL 21; mov %rax,%rbx"));
    }

    @Test
    void vmAssistM2pStrictCanBeEnabled() {
        BootedGuest g = run("xor %edi,%edi; mov $32,%esi; HYPERCALL 21; mov %rax,%rbx", "");
        assertEquals(0, g.reg(RBX));
        assertTrue(g.machine().domain().mmuDomain().m2pStrict());
    }

    @Test
    void setIoplAboveThreeIsEinval() {
        assertEquals(EINVAL, rbx("mov $6,%edi; lea i(%rip),%rsi; HYPERCALL 33; mov %rax,%rbx", "i: .long 4"));
    }

    @Test
    void withIoplOneAnInReadsAllOnes() {
        BootedGuest g = run("mov $6,%edi; lea i(%rip),%rsi; HYPERCALL 33; xor %eax,%eax; in $0x71,%al;"
                + " mov %rax,%rbx", "i: .long 1");
        assertEquals(0xff, g.reg(RBX));
    }

    @Test
    void theEventCallbackCannotBeUnregistered() {
        assertEquals(EINVAL, rbx("mov $1,%edi; lea c(%rip),%rsi; HYPERCALL 30; mov %rax,%rbx", "c: .word 0, 0"));
    }

    @Test
    void anUnknownCallbackTypeIsEnosys() {
        assertEquals(ENOSYS, rbx("xor %edi,%edi; lea c(%rip),%rsi; HYPERCALL 30; mov %rax,%rbx",
                "c: .word 9, 0, 0, 0\n .quad 0xffffffff80000000"));
    }

    @Test
    void multicallDispatchesEachEntryAndStoresItsResult() {
        BootedGuest g = run("lea mc(%rip),%rdi; mov $2,%esi; HYPERCALL 13; mov %rax,%rbx",
                "mc: .quad 17, 0, 0, 0, 0, 0, 0, 0\n .quad 60, 0, 0, 0, 0, 0, 0, 0");
        assertEquals(0, g.reg(RBX));
        assertEquals(4L << 16 | 17, g.read64("mc", 8));
        assertEquals(ENOSYS, g.read64("mc", 64 + 8));
    }

    @Test
    void aNonCanonicalTrapHandlerIsEinval() {
        assertEquals(EINVAL, rbx("lea t(%rip),%rdi; HYPERCALL 0; mov %rax,%rbx",
                "t: .byte 14, 0\n .word 0xe033, 0, 0\n .quad 0x0000800000000000\n .quad 0, 0"));
    }

    @Test
    void stackSwitchRecordsTheKernelStack() {
        BootedGuest g = run("mov $0xe02b,%edi; lea stack2_top(%rip),%rsi; HYPERCALL 3; mov %rax,%rbx", "");
        assertEquals(0, g.reg(RBX));
        assertEquals(g.symbol("stack2_top"), g.vcpu().kernelSp());
    }

    @Test
    void setSegmentBaseFsMovesFsAccesses() {
        BootedGuest g = run("""
                xor %edi,%edi; lea v(%rip),%rsi; HYPERCALL 25; mov %rax,%r12
                mov %fs:0,%rbx
                """, "v: .quad 0x1122334455667788");
        assertEquals(0, g.reg(R12));
        assertEquals(0x1122334455667788L, g.reg(RBX));
    }

    @Test
    void updateVaMappingOfAPageTableFrameWritableIsRefusedWithARejectionEvent() {
        BootedGuest g = run("""
                mov 88(%rsi),%rdi                      /* pt_base: the L4, mapped read-only */
                mov 104(%rsi),%rdx; movabs $0xffffffff80000000,%rax; mov %rdi,%rcx; sub %rax,%rcx; shr $12,%rcx
                mov (%rdx,%rcx,8),%rsi; shl $12,%rsi; or $0x67,%rsi   /* present|rw|user|accessed|dirty */
                mov $2,%edx; HYPERCALL 14; mov %rax,%rbx
                """, "");
        assertEquals(-16, g.reg(RBX), "EBUSY: get_page_from_l1e cannot take a writable type reference");
        MachineEvent.PageTableUpdateRejected rej = g.machine().events().stream()
                .filter(e -> e instanceof MachineEvent.PageTableUpdateRejected)
                .map(e -> (MachineEvent.PageTableUpdateRejected) e).findFirst().orElseThrow();
        assertTrue(rej.rejection().guestRip().isPresent());
        long rip = rej.rejection().guestRip().getAsLong();
        assertTrue(rip > PvTestGuest.VIRT_BASE && rip < g.symbol("hypercall_page"), "the caller's address");
    }

    @Test
    void aHypercallIsCountedByName() {
        BootedGuest g = run("xor %edi,%edi; xor %esi,%esi; HYPERCALL 17; HYPERCALL 17", "");
        assertEquals(2L, g.machine().domain().hypercalls().counts().get("xen_version"));
        assertFalse(g.machine().domain().hypercalls().counts().containsKey("console_io"));
    }
}
