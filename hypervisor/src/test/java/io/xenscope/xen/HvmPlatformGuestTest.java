package io.xenscope.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PC of an HVM domain as boot sectors see it: where COM1 and the BIOS screen go, the reset
 * ports ending the run with reason reboot, and a PIT-driven guest that halts between ticks.
 */
class HvmPlatformGuestTest {
    /** Runs boot sector {@code source} (real mode, CS = DS = 0x07C0, ES = 0) with a small budget. */
    private static Run run(String source) {
        XenMachine m = HvmMachineTest.boot(HvmMachineTest.bootSector("xor %bx, %bx\n mov %bx, %es\n" + source));
        return new Run(m, m.run(10_000_000));
    }

    private record Run(XenMachine machine, RunReport report) {
        List<String> consoleSources() {
            return machine.events().stream().filter(e -> e instanceof MachineEvent.ConsoleOutput)
                    .map(e -> ((MachineEvent.ConsoleOutput) e).source()).distinct().toList();
        }
    }

    private static final String EXIT = "mov $0, %al\n out %al, $0xf4\n";

    @Test
    void com1OutputIsConsoleTranscriptFromSourceCom1() {
        Run r = run("mov $'C', %al\n mov $0x3f8, %dx\n out %al, %dx\n" + EXIT);
        assertEquals("C", r.report().console());
        assertEquals(List.of("com1"), r.consoleSources());
    }

    @Test
    void int10hOutputIsTheScreenAndNotTheConsoleTranscript() {
        Run r = run("mov $0x0e, %ah\n mov $'S', %al\n int $0x10\n mov $'C', %al\n mov $0x3f8, %dx\n out %al, %dx\n" + EXIT);
        assertEquals("S", r.machine().screenOutput());
        assertEquals("C", r.report().console());
        assertEquals(List.of("bios", "com1"), r.consoleSources());
    }

    @Test
    void aResetThroughPort0xCF9EndsTheRunWithReasonReboot() {
        Run r = run("mov $0x06, %al\n mov $0xcf9, %dx\n out %al, %dx\n jmp .\n");
        assertEquals(RunReport.Outcome.SHUTDOWN, r.report().outcome());
        assertEquals(ShutdownReason.REBOOT, r.report().shutdownReason());
        assertEquals(true, r.report().instructions() < 1_000_000, "the run ends at the reset, not at the budget: no reboot loop");
    }

    @Test
    void aResetPulseThroughThe8042EndsTheRunWithReasonReboot() {
        Run r = run("mov $0xfe, %al\n out %al, $0x64\n jmp .\n");
        assertEquals(ShutdownReason.REBOOT, r.report().shutdownReason());
    }

    /**
     * PIT channel 0 in mode 2 with count 1193 (a period of 1193 / 1.193182 MHz ≈ 1 ms), IRQ 0 alone
     * unmasked on the 8259 (vector 08h, the BIOS's base) to a handler that counts ticks at 0000:0500
     * and EOIs; the guest halts twice with IF=1, then exits.
     */
    private static final String PIT_GUEST = """
                call 1f
            1:  pop %ax
                add $(tick - 1b), %ax
                cli
                mov %ax, %es:0x20
                mov %cs, %es:0x22
                movw $0, %es:0x500
                mov $0x34, %al
                out %al, $0x43
                mov $0xa9, %al
                out %al, $0x40
                mov $0x04, %al
                out %al, $0x40
                mov $0xfe, %al
                out %al, $0x21
                sti
                hlt
                hlt
                cli
                mov %es:0x500, %al
                out %al, $0xf4
            tick:
                incw %es:0x500
                push %ax
                mov $0x20, %al
                out %al, $0x20
                pop %ax
                iret
            """;

    @Test
    void aHaltedGuestWakesOnEachPitTickAndIdleTimeIsSkipped() {
        Run r = run(PIT_GUEST);
        assertEquals(RunReport.Outcome.DEBUG_EXIT, r.report().outcome(), r.report().detail());
        assertEquals(2 << 1 | 1, r.report().exitStatus(), "two ticks counted");
        assertEquals(50, r.report().instructions(), "the reset vector, POST, the boot sector and two runs of the handler: "
                + "nothing spins while halted");
        assertEquals(1_999_721, r.report().systemTimeNs(), "two PIT periods (2 × 1193 / 1.193182 MHz = 1,999,695 ns) "
                + "skipped while idle, plus the instructions executed");
    }
}
