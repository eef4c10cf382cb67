package io.xenscope.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.boot.FlatBinaryLoader;
import io.xenscope.boot.FlatGdt;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.cpu.interrupt.HardwareExceptionDelivery;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.testing.GnuAssembler;
import io.xenscope.testing.GnuAssembler.Mode;
import io.xenscope.testing.GnuAssembler.Syntax;
import org.junit.jupiter.api.Test;

/**
 * End to end with the real CPU: a 32-bit guest (flat, no paging) programs the 8259 pair and the
 * PIT (channel 0, mode 2, 1193 counts = 999,847 ns) — or the local APIC timer — enables
 * interrupts and counts timer ticks in its IDT handler (EBX). Virtual time is the instruction
 * count, so the count is exact for a given budget.
 */
class TimerInterruptGuestTest {
    private static final long CODE = 0x10000, HANDLER = CODE + 0x100, IDT = 0x6000, STACK = 0x90000;
    private static final long PIT_PERIOD_NS = 999_847;

    private static final String PIT_GUEST = """
                mov $0x11, %al          # ICW1: edge, cascade, ICW4 follows
                out %al, $0x20
                out %al, $0xa0
                mov $0x20, %al          # ICW2: vectors 0x20 and 0x28
                out %al, $0x21
                mov $0x28, %al
                out %al, $0xa1
                mov $0x04, %al          # ICW3: slave on IRQ 2
                out %al, $0x21
                mov $0x02, %al
                out %al, $0xa1
                mov $0x01, %al          # ICW4: 8086 mode
                out %al, $0x21
                out %al, $0xa1
                mov $0xfe, %al          # only IRQ 0
                out %al, $0x21
                mov $0xff, %al
                out %al, $0xa1
                mov $0x34, %al          # PIT channel 0, lobyte/hibyte, mode 2
                out %al, $0x43
                mov $0xa9, %al          # 1193 = 0x4a9
                out %al, $0x40
                mov $0x04, %al
                out %al, $0x40
                xor %ebx, %ebx
                sti
            IDLE_LOOP
                .org 0x100
                inc %ebx                # the IRQ 0 handler
                mov $0x20, %al
                out %al, $0x20          # non-specific EOI
                iret
            """;

    /** Vector 0x20 from the local APIC timer: periodic, divide by 1, 10,000 counts = 100 µs. */
    private static final String LAPIC_GUEST = """
                movl $0x1ff, 0xfee000f0     # SVR: software-enable, spurious vector 0xff
                movl $0xb, 0xfee003e0       # divide by 1
                movl $0x20020, 0xfee00320   # LVT timer: periodic, vector 0x20
                movl $10000, 0xfee00380     # initial count
                xor %ebx, %ebx
                sti
            1:  jmp 1b
                .org 0x100
                inc %ebx
                movl $0, 0xfee000b0         # EOI
                iret
            """;

    private static final class Guest {
        final PhysicalMemory memory = new PhysicalMemory(16 << 20);
        final IoBus io = new IoBus();
        final Cpu cpu = new Cpu(memory, io, new CpuModel());
        final ExecutionEngine engine = new ExecutionEngine(cpu);
        /** Virtual time skipped while the vCPU was halted (what the machine does with nextDeadline). */
        long idleNs;
        final PcPlatform platform;

        Guest(String source) {
            byte[] code = GnuAssembler.inTarget().assemble(Mode.CODE32, Syntax.ATT, source);
            FlatBinaryLoader.load(memory, CODE, code);
            FlatBinaryLoader.enterProtectedMode(cpu, CODE, STACK);
            long gate = (HANDLER & 0xffff) | (long) FlatGdt.CODE32 << 16 | 0x8eL << 40 | (HANDLER & 0xffff0000L) << 32;
            memory.write64(IDT + 0x20 * 8, gate);
            cpu.idtrBase = IDT;
            cpu.idtrLimit = 256 * 8 - 1;
            platform = new PcPlatform(memory, io, () -> cpu.instructionCount + idleNs, new Pc());
            engine.setExceptionDelivery(new HardwareExceptionDelivery());
            engine.setInterruptSource(platform);
        }

        long ticks() {
            return cpu.gpr[3];
        }
    }

    private static Guest pitGuest(String idleLoop) {
        return new Guest(PIT_GUEST.replace("IDLE_LOOP", idleLoop));
    }

    @Test
    void busyGuestCountsOneTickPerPitPeriod() {
        Guest g = pitGuest("1: jmp 1b");
        RunResult r = g.engine.run(5_500_000);
        assertEquals(StopReason.INSTRUCTION_LIMIT, r.reason(), () -> "stopped: " + r);
        assertEquals(5, g.ticks());
    }

    @Test
    void tickCountIsTheSameEveryRun() {
        Guest first = pitGuest("1: jmp 1b");
        Guest second = pitGuest("1: jmp 1b");
        first.engine.run(3_000_123);
        second.engine.run(3_000_123);
        assertEquals(first.ticks(), second.ticks());
        assertEquals(first.cpu.rip, second.cpu.rip);
    }

    @Test
    void haltedGuestSkipsIdleTimeToEachTick() {
        Guest g = pitGuest("1: hlt\n jmp 1b");
        int halts = 0;
        while (g.ticks() < 10) {
            RunResult r = g.engine.run(1000);
            if (r.reason() == StopReason.HALTED) {
                halts++;
                long now = g.cpu.instructionCount + g.idleNs;
                g.idleNs += g.platform.nextDeadline() - now;
            }
        }
        assertEquals(11, halts, "the first hlt, then one after each tick");
        assertEquals(87, g.cpu.instructionCount, "26 of setup, the first hlt, 10 × (4 in the handler, jmp, hlt)");
        assertEquals(11 * PIT_PERIOD_NS, g.cpu.instructionCount + g.idleNs, "the clock stands at the 11th tick");
    }

    @Test
    void lapicPeriodicTimerTicksIntoTheIdtHandler() {
        Guest g = new Guest(LAPIC_GUEST);
        RunResult r = g.engine.run(1_050_000);
        assertEquals(StopReason.INSTRUCTION_LIMIT, r.reason(), () -> "stopped: " + r);
        assertEquals(10, g.ticks(), "one tick per 100 µs of virtual time");
        assertEquals(0, g.platform.lapic().readRegister(LocalApic.ISR + 0x10), "every tick ended with an EOI");
    }
}
