package io.xenscope.xen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The two-vCPU PV test guest, {@code guests/pv-smp/pv-smp.S} (test resources; its header says what
 * it does): vCPU 0 brings vCPU 1 up, they exchange IPIs and each prints its vCPU id.
 */
final class SmpTestGuest {
    /** The exact console transcript of a run. */
    static final String TRANSCRIPT = "vCPU 0: bringing up vCPU 1\nvCPU 1: IPI from vCPU 0\nvCPU 0: IPI from vCPU 1\n";

    private SmpTestGuest() {
    }

    static byte[] elf() {
        try (InputStream in = SmpTestGuest.class.getResourceAsStream("/guests/pv-smp/pv-smp.S")) {
            return PvTestGuest.buildSource(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static BootedGuest boot(int vcpus) {
        byte[] elf = elf();
        try {
            return new BootedGuest(XenMachine.boot(elf, PvBootOptions.defaults().withVcpus(vcpus)),
                    io.xenscope.boot.elf.ElfImage.parse(elf));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
