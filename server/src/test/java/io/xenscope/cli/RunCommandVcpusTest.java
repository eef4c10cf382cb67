package io.xenscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code xenscope run --vcpus N}. */
class RunCommandVcpusTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int xenscope(String... args) {
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aPvGuestBootsWithTwoVcpusAndRunsOnVcpu0UntilItBringsUpTheOther() throws Exception {
        assertEquals(0, xenscope("run", "--vcpus", "2", DapBenchCommandTest.helloPv().toString()), err.toString());
        assertTrue(out.toString().startsWith("Hello from a Xen PV guest!\n"), out.toString());
    }

    @Test
    void moreVcpusThanTheLimitAreRefused() throws Exception {
        assertEquals(2, xenscope("run", "--vcpus", "9", DapBenchCommandTest.helloPv().toString()));
        assertEquals("run: vcpus = 9: a domain has 1 to 8 vCPUs\n", err.toString());
    }

    @Test
    void anHvmGuestBootsWithTwoVcpusAndRunsOnTheBspWhileTheApWaitsForInitSipi() throws Exception {
        assertEquals(0, xenscope("run", "--vcpus", "2", "--mode", "hvm",
                DapBenchCommandTest.helloPv().resolveSibling("../hello-hvm/hello-hvm").normalize().toString()), err.toString());
        assertTrue(out.toString().contains("Hello from an HVM guest!"), out.toString());
    }
}
