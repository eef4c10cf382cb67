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
        PvTestGuest.Booted g = SmpTestGuest.boot(2);
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
}
