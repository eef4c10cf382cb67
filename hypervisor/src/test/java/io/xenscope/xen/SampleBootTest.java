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
}
