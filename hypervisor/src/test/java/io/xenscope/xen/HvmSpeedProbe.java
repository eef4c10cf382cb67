package io.xenscope.xen;

import org.junit.jupiter.api.Test;

/**
 * Prints the speed of the same tight loop in long mode in a PV, a PVH and an HVM guest (figures,
 * not assertions; run with -Dtest=HvmSpeedProbe). The engine is shared: PVH adds the INTR line
 * of Xen's upcall at each block boundary, HVM also the platform's {@code pending} check.
 */
class HvmSpeedProbe {
    private static final int ITERATIONS = 40_000_000;
    private static final String LOOP = "mov $" + ITERATIONS + ", %ecx\n1: add %rcx, %rax\n dec %ecx\n jnz 1b\n";
    private static final String MULTIBOOT_HEADER = "jmp 1f\n .p2align 2\n .long 0x1BADB002, 3, -(0x1BADB002 + 3)\n1:\n";

    private interface Boot {
        XenMachine boot() throws Exception;
    }

    private static void measure(String name, Boot boot) throws Exception {
        for (int round = 0; round < 3; round++) { // the last round counts: the JIT has seen the loop
            XenMachine m = boot.boot();
            long t0 = System.nanoTime();
            RunReport r = m.run(1_000_000_000L);
            double s = (System.nanoTime() - t0) / 1e9;
            if (round == 2) {
                System.out.printf("%-4s loop: %,d instructions in %.2f s = %.0f MIPS (%s)%n", name, r.instructions(), s,
                        r.instructions() / s / 1e6, r.outcome());
            }
        }
    }

    @Test
    void printsMipsOfTheSameLoopInPvPvhAndHvm() throws Exception {
        measure("PV", () -> PvTestGuest.boot(LOOP + "POWEROFF").machine());
        byte[] pvh = PvhTestGuest.build("LONG_MODE\n" + LOOP + "INSTALL_HYPERCALL_PAGE\n POWEROFF64", "", "");
        measure("PVH", () -> XenMachine.bootPvh(pvh, PvBootOptions.defaults()));
        byte[] hvm = PvhTestGuest.build(MULTIBOOT_HEADER + "LONG_MODE\n" + LOOP + "INSTALL_HYPERCALL_PAGE\n POWEROFF64", "", "");
        measure("HVM", () -> XenMachine.bootHvm(hvm, PvBootOptions.defaults()));
    }
}
