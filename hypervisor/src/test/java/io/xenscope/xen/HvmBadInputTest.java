package io.xenscope.xen;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenscope.boot.elf.ElfFormatException;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.boot.elf.XenImageException;
import io.xenscope.testing.HvmImages;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random HVM images: refused with a checked error, or booted and run; never an exception, never an emulator error. */
class HvmBadInputTest {
    private static void bootAndRun(byte[] image) {
        XenMachine m;
        try {
            m = XenMachine.boot(image, null, PvBootOptions.defaults());
        } catch (ElfFormatException | XenImageException refused) {
            return;
        }
        assertNotEquals(RunReport.Outcome.EMULATOR_ERROR, m.run(200_000).outcome());
    }

    @Test
    void randomBootSectorsRunWithoutEmulatorErrors() {
        Random r = new Random(0x5eed);
        for (int i = 0; i < 40; i++) {
            byte[] code = new byte[510];
            r.nextBytes(code);
            bootAndRun(HvmImages.bootDisk(code));
        }
    }

    @Test
    void randomMultibootAddressesAreRefusedOrBooted() {
        Random r = new Random(42);
        for (int i = 0; i < 200; i++) {
            long[] addresses = new long[5];
            for (int k = 0; k < 5; k++) {
                addresses[k] = r.nextBoolean() ? 0x100000 + r.nextInt(0x4000) : r.nextInt() & 0xffffffffL;
            }
            byte[] body = new byte[r.nextInt(600)];
            r.nextBytes(body);
            bootAndRun(HvmImages.concat(HvmImages.multibootHeader(0x10003, addresses), body));
        }
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThrows(XenImageException.class, () -> XenMachine.boot(new byte[0], GuestType.HVM, PvBootOptions.defaults()));
    }
}
