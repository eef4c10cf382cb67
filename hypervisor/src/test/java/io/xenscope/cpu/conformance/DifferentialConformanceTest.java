package io.xenscope.cpu.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The differential conformance suite: every contributed case runs on the host CPU and in our CPU
 * from the same state; registers, RIP, exceptions, flags (minus undefined ones) and the data window
 * must agree. Prints the case count per group.
 */
class DifferentialConformanceTest {
    /** Every source of cases; other families add theirs here (one line each). */
    static final List<CaseContributor> CONTRIBUTORS = new ArrayList<>(AluCases.ALL);

    static {
        CONTRIBUTORS.addAll(MoveCases.ALL);
    }

    @Test
    void ourCpuAgreesWithTheHostOnEveryCase() throws Exception {
        // The host CPU is the oracle: on a machine that cannot run x86-64 code natively this must fail, not pass silently.
        assertTrue(HostCpu.available(), "the differential suite needs an x86-64 Linux host");
        List<ConformanceCase> cases = new ArrayList<>();
        Random random = new Random(0x5eed_a1L);
        for (CaseContributor c : CONTRIBUTORS) {
            c.contribute(cases, random);
        }
        DifferentialEngine.Report report = DifferentialEngine.run(cases);
        System.out.print(report.summary());
        report.mismatches().stream().limit(Integer.getInteger("conformance.print", 40)).forEach(System.out::println);
        assertTrue(report.total() >= 100_000, "at least 100,000 cases: " + report.total());
        assertEquals(0, report.mismatches().size(), "mismatches (first 40 printed above)");
    }
}
