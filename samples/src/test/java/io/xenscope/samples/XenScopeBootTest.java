package io.xenscope.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.xen.RunReport;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample image (PV, PVH, HVM multiboot, HVM boot disk) boots on XenScope in the mode
 * detected from the image and prints its whole expected transcript, "xen: " lines included, then
 * shuts down with the expected reason, with no unhandled fault and no unknown hypercall.
 */
class XenScopeBootTest {
    static Stream<SampleImage> samples() {
        return SampleImage.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void bootsInItsModeToItsWholeTranscript(SampleImage sample) throws Exception {
        Transcript expected = sample.transcript();
        RunReport r = XenScopeBoot.run(sample);
        assertEquals(XenScopeBoot.detectedMode(sample), r.mode().name().toLowerCase(), "detected guest type");
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.detail() + "\n" + r.console());
        assertEquals(expected.shutdownReason(), r.shutdownReasonName(), r.detail());
        QemuCrossCheckTest.assertTranscript("XenScope", r.console(), expected);
        assertTrue(r.faults().isEmpty(), r.faults().toString());
        assertTrue(r.unknownHypercalls().isEmpty(), r.unknownHypercalls().toString());
    }
}
