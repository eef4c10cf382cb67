package io.xenscope.samples;

import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.RunReport;
import io.xenscope.xen.XenMachine;

/**
 * Boots a sample on XenScope as QEMU boots it in {@link QemuCrossCheckTest} (same memory, same
 * command line), in the mode XenScope detects from the image, so both machines see the same guest.
 */
final class XenScopeBoot {
    static final long MEMORY = 128L << 20;
    static final long BUDGET = 200_000_000;

    private XenScopeBoot() {
    }

    static String cmdline(SampleImage sample) {
        return "xenscope.sample=" + sample.name();
    }

    static RunReport run(SampleImage sample) throws Exception {
        PvBootOptions options = PvBootOptions.defaults().withMemory(MEMORY).withCmdline(cmdline(sample));
        XenMachine machine = XenMachine.boot(sample.bootFile(), null, options);
        return machine.run(BUDGET);
    }

    /** The guest type XenScope should detect for a sample built in {@code mode}. */
    static String detectedMode(SampleImage sample) {
        return sample.mode().equals("hvm-realmode") ? "hvm" : sample.mode();
    }
}
