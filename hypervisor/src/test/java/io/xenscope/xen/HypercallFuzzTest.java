package io.xenscope.xen;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wild hypercall arguments are answered with Xen's errors: nothing escapes as a Java exception. */
class HypercallFuzzTest {
    @Test
    void randomHypercallsWithRandomArgumentsNeverThrow() {
        Random r = new Random(7);
        long[] interesting = {0, 1, -1, 0x1000, 0xffff800000000000L, 0xffffffff80000000L, 0x7fffffffffffL,
            0xffffffff80010000L, 1L << 63, 0x7ff0, 4096, 64};
        for (int round = 0; round < 20; round++) {
            BootedGuest g = PvTestGuest.boot("POWEROFF");
            Vcpu v = g.vcpu();
            boolean[] internal = {false};
            g.machine().addListener(e -> {
                if (e instanceof MachineEvent.Hint h && h.text().contains("internal error")) {
                    internal[0] = true;
                    System.out.println(h.text());
                }
            });
            for (int i = 0; i < 300; i++) {
                long nr = r.nextInt(4) == 0 ? r.nextInt(64) : new int[] {1, 2, 10, 12, 13, 14, 17, 18, 20, 24, 26, 29,
                    30, 32, 33, 0, 3, 25}[r.nextInt(18)];
                if (nr == 23) {
                    continue; // iret rewrites the whole vCPU state from guest memory: fuzzed separately below
                }
                long[] a = new long[6];
                for (int k = 0; k < 6; k++) {
                    a[k] = r.nextBoolean() ? interesting[r.nextInt(interesting.length)] : r.nextLong() >>> r.nextInt(64);
                }
                if (r.nextBoolean()) {
                    a[0] = r.nextInt(16);
                }
                v.domain().hypercalls().invoke(v, nr, a[0], a[1], a[2], a[3], a[4], a[5], v.cpu().rip);
                if (v.domain().isShutdown()) {
                    break;
                }
            }
            assertFalse(internal[0], "an internal error escaped in round " + round);
        }
    }

    @Test
    void anIretFromAGarbageStackCrashesTheDomainOrReturnsSomewhere() {
        Random r = new Random(11);
        for (int round = 0; round < 50; round++) {
            BootedGuest g = PvTestGuest.boot("POWEROFF");
            Vcpu v = g.vcpu();
            long sp = v.cpu().gpr[4] - 128;
            for (int k = 0; k < 9; k++) {
                v.guest().write64(sp + 8L * k, r.nextBoolean() ? r.nextLong() : r.nextInt(0x10000));
            }
            v.cpu().gpr[4] = sp;
            v.domain().hypercalls().invoke(v, 23, 0, 0, 0, 0, 0, 0, v.cpu().rip);
            RunReport rep = g.machine().run(10_000);
            assertTrue(rep.emulatorError() == null, String.valueOf(rep.emulatorError()));
        }
    }
}
