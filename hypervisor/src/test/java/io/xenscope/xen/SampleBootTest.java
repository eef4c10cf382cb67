package io.xenscope.xen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleBootTest {
    @Test
    void helloPvPowersOffAfterItsGreeting() throws Exception {
        PvMachine m = SampleGuests.boot("hello-pv", PvBootOptions.defaults());
        RunReport r = m.run(50_000_000);
        System.out.println(r.console());
        System.out.println(r);
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.detail());
        assertEquals("poweroff", r.shutdownReasonName(), r.detail());
        assertTrue(r.console().startsWith("Hello from a Xen PV guest!\n"), r.console());
    }

    @Test
    void others() throws Exception {
        for (String s : new String[] {"pv-pagetables", "pv-events", "pv-xenstore"}) {
            PvMachine m = SampleGuests.boot(s, PvBootOptions.defaults());
            RunReport r = m.run(200_000_000);
            System.out.println("=== " + s + "\n" + r.console());
            System.out.println(r.outcome() + " " + r.shutdownReasonName() + " " + r.detail() + " " + r.hypercalls()
                    + " faults=" + r.faults() + " rej=" + r.rejectedUpdates() + " err=" + r.emulatorError()
                    + " instr=" + r.instructions() + " t=" + r.systemTimeNs());
        }
    }
}
