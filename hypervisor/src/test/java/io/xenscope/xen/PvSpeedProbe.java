package io.xenscope.xen;

import org.junit.jupiter.api.Test;

/** Prints the speed of a PV guest's tight loop (a figure, not an assertion). */
class PvSpeedProbe {
    @Test
    void printsMipsOfALoopInAPvGuest() {
        BootedGuest g = PvTestGuest.boot("mov $20000000,%ecx\n1: add %rcx,%rax; dec %ecx; jnz 1b\n POWEROFF");
        long t0 = System.nanoTime();
        RunReport r = g.run();
        r = g.machine().run(200_000_000);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("PV loop: %d instructions in %.2f s = %.0f MIPS (%s)%n", r.instructions(), s,
                r.instructions() / s / 1e6, r.outcome());
    }
}
