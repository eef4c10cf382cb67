package io.xenscope.xen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Domains with more than one vCPU: boot, bring-up, IPIs and the deterministic round-robin schedule. */
class SmpTest {
    static final int R12 = 12, R13 = 13;

    @Test
    void onlyVcpu0RunsAtBootTheOthersAreDownAndNotInitialised() {
        XenMachine m = SmpTestGuest.boot(4).machine();
        assertEquals(4, m.domain().vcpus().size());
        assertTrue(m.domain().vcpu(0).up);
        for (int i = 1; i < 4; i++) {
            Vcpu v = m.domain().vcpu(i);
            assertFalse(v.up, "vCPU " + i);
            assertFalse(v.initialised, "vCPU " + i);
            assertEquals(Runstate.OFFLINE, v.runstate().state());
            assertEquals(m.domain().sharedInfo().vcpuInfoAddress(i), v.vcpuInfoMaddr, "vcpu_info in shared_info");
        }
    }

    @Test
    void moreVcpusThanTheLimitAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PvBootOptions.defaults().withVcpus(PvBootOptions.MAX_VCPUS + 1));
        assertEquals("vcpus = 9: a domain has 1 to 8 vCPUs", e.getMessage());
    }

    @Test
    void vcpu0BringsUpVcpu1AndTheyExchangeIpis() {
        BootedGuest g = SmpTestGuest.boot(2);
        RunReport r = g.run();
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.detail() + " " + r.faults());
        assertEquals(ShutdownReason.POWEROFF, r.shutdownReason(), r.detail());
        assertEquals(SmpTestGuest.TRANSCRIPT, r.console());
        assertEquals(0, g.reg(R12), "VCPUOP_initialise");
        assertEquals(0, g.reg(R13), "VCPUOP_up");
        assertFalse(g.machine().domain().vcpu(1).up, "vCPU 1 took itself down");
    }

    @Test
    void theRunIsIdenticalRunToRun() {
        RunReport a = SmpTestGuest.boot(2).run();
        RunReport b = SmpTestGuest.boot(2).run();
        assertEquals(a.console(), b.console());
        assertEquals(a.instructions(), b.instructions());
        assertEquals(a.systemTimeNs(), b.systemTimeNs());
    }

    @Test
    void theScheduleDoesNotDependOnHowTheRunIsCut() {
        RunReport whole = SmpTestGuest.boot(2).run();
        XenMachine m = SmpTestGuest.boot(2).machine();
        RunReport r;
        do {
            r = m.run(777);
        } while (r.outcome() == RunReport.Outcome.INSTRUCTION_LIMIT);
        assertEquals(whole.console(), r.console());
        assertEquals(whole.instructions(), m.domain().instructions());
        assertEquals(whole.systemTimeNs(), r.systemTimeNs());
    }

    /** An interdomain loopback pair (alloc_unbound + bind_interdomain, which leaves `b` pending): `b` sends to `a`. */
    static final String LOOPBACK = """
            movw $0x7ff0,unbound(%rip); movw $0x7ff0,unbound+2(%rip)
            mov $6,%edi; lea unbound(%rip),%rsi; HYPERCALL 32
            mov unbound+4(%rip),%eax; mov %eax,a(%rip); mov %eax,inter+4(%rip)
            movw $0x7ff0,inter(%rip)
            mov $0,%edi; lea inter(%rip),%rsi; HYPERCALL 32
            mov inter+8(%rip),%eax; mov %eax,b(%rip)
            """;
    static final String LOOPBACK_DATA = "unbound: .word 0, 0\n .long 0\ninter: .word 0, 0\n .long 0, 0\n"
            + "a: .long 0\nb: .long 0\nvcpu: .long 0, 0\nipi: .long 0, 0\n";

    private static XenMachine runTwoVcpus(String body) {
        BootedGuest g = PvTestGuest.boot(body + "POWEROFF", "", LOOPBACK_DATA, PvBootOptions.defaults().withVcpus(2));
        RunReport r = g.run();
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.detail());
        return g.machine();
    }

    @Test
    void bindVcpuSendsAPortsEventsToThatVcpusVcpuInfo() {
        XenMachine m = runTwoVcpus(LOOPBACK + """
                mov a(%rip),%eax; mov %eax,vcpu(%rip); movl $1,vcpu+4(%rip)
                mov $8,%edi; lea vcpu(%rip),%rsi; HYPERCALL 32          /* bind_vcpu(a, 1) */
                mov b(%rip),%eax; mov %eax,ipi(%rip); mov $4,%edi; lea ipi(%rip),%rsi; HYPERCALL 32
                """);
        assertEquals(1, m.domain().vcpu(1).upcallPending(), "vCPU 1 is told");
        assertEquals(1, m.domain().vcpu(1).pendingSel(), "in its evtchn_pending_sel (word 0: ports 0-63)");
    }

    @Test
    void anIpiToVcpu1MarksVcpu1sEventsPending() {
        XenMachine m = runTwoVcpus("""
                movl $1,ipi(%rip); mov $7,%edi; lea ipi(%rip),%rsi; HYPERCALL 32
                mov ipi+4(%rip),%eax; mov %eax,vcpu(%rip); mov $4,%edi; lea vcpu(%rip),%rsi; HYPERCALL 32
                """);
        assertEquals(1, m.domain().vcpu(1).upcallPending());
        assertEquals(0, m.domain().vcpu(0).upcallPending());
        assertEquals("ipi to vcpu 1", m.domain().eventChannels().describe(3));
    }
}
