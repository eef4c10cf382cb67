package io.xenscope.cpu.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.fault.InvalidOpcode;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/**
 * The engine's mechanics, independent of any real instruction family: a four-instruction toy ISA
 * (nop, inc, jmp, hlt, mov m8,imm8) in real mode at 0000:1000.
 */
class ExecutionEngineTest {
    private static final int CODE = 0x1000;

    /** inc ax; jmp back: 2 instructions per loop. */
    private static final byte[] COUNTING_LOOP = {0x40, (byte) 0xeb, (byte) 0xfd};

    private final PhysicalMemory memory = new PhysicalMemory(1 << 20);
    private final Cpu cpu = new Cpu(memory, new IoBus(), new CpuModel());

    private ExecutionEngine engine(int compileThreshold) {
        ExecutionEngine e = new ExecutionEngine(cpu, new Translator(toyTable()), new BlockCache(memory));
        e.setCompiler(compileThreshold > 0 ? new BlockCompiler() : null, compileThreshold);
        return e;
    }

    private void load(int... code) {
        byte[] bytes = new byte[code.length];
        for (int i = 0; i < code.length; i++) {
            bytes[i] = (byte) code[i];
        }
        load(bytes);
    }

    private void load(byte[] code) {
        memory.writeBytes(CODE, code, 0, code.length);
        cpu.loadCs(0, 0, 0xffff, cpu.seg[Cpu.CS].attributes);
        cpu.rip = CODE;
    }

    @Test
    void runRetiresExactlyTheInstructionsAskedFor() {
        load(COUNTING_LOOP);
        RunResult r = engine(0).run(1001);
        assertEquals(StopReason.INSTRUCTION_LIMIT, r.reason());
        assertEquals(1001, r.instructions());
        assertEquals(501, cpu.gpr[0]);
        assertEquals(CODE + 1, cpu.rip, "stopped after the inc, before the jmp");
    }

    @Test
    void compiledBlocksComputeWhatInterpretedBlocksCompute() {
        load(COUNTING_LOOP);
        ExecutionEngine compiled = engine(1);
        compiled.run(100_000);
        long compiledAx = cpu.gpr[0];
        long compiledRip = cpu.rip;

        cpu.gpr[0] = 0;
        cpu.instructionCount = 0;
        load(COUNTING_LOOP);
        engine(0).run(100_000);
        assertEquals(cpu.gpr[0], compiledAx);
        assertEquals(cpu.rip, compiledRip);
    }

    @Test
    void aStopRequestedBetweenRunsEndsTheNextRunAtOnce() {
        load(COUNTING_LOOP);
        ExecutionEngine e = engine(0);
        e.requestStop();
        RunResult r = e.run(1000);
        assertEquals(StopReason.STOP_REQUESTED, r.reason());
        assertEquals(0, r.instructions());
        assertEquals(StopReason.INSTRUCTION_LIMIT, e.run(10).reason(), "the request was consumed");
    }

    @Test
    void stepExecutesOneInstruction() {
        load(COUNTING_LOOP);
        ExecutionEngine e = engine(0);
        e.step();
        assertEquals(1, cpu.gpr[0]);
        assertEquals(CODE + 1, cpu.rip);
        e.step();
        assertEquals(CODE, cpu.rip);
    }

    @Test
    void codeWrittenByTheBlockItselfTakesEffectOnTheNextInstruction() {
        // mov byte [0x1005], 0x40 (turns the nop below into inc ax); nop; hlt
        load(0xc6, 0x06, 0x05, 0x10, 0x40, 0x90, 0xf4);
        RunResult r = engine(0).run(10);
        assertEquals(StopReason.HALTED, r.reason());
        assertEquals(1, cpu.gpr[0], "the patched instruction ran");
    }

    @Test
    void codeRewrittenBetweenRunsIsRetranslated() {
        load(0x90, 0xf4); // nop; hlt
        ExecutionEngine e = engine(1);
        e.run(10);
        memory.write8(CODE, 0x40); // now: inc ax; hlt
        cpu.halted = false;
        cpu.rip = CODE;
        e.run(10);
        assertEquals(1, cpu.gpr[0]);
    }

    @Test
    void dataThatSharesAPageWithCodeCanBeWrittenWithoutDroppingTheCode() {
        // loop: mov byte [0x1800], 0x40; jmp loop — the store lands 2 KiB past the code, same page
        load(0xc6, 0x06, 0x00, 0x18, 0x40, 0xeb, 0xf9);
        ExecutionEngine e = engine(0);
        e.run(1000);
        assertEquals(0x40, memory.read8(0x1800));
        assertEquals(0, e.cache().invalidations());
        assertEquals(1, e.cache().translations());
    }

    @Test
    void aFaultLeavesRipAtTheFaultingInstructionAndCountsOnlyCompletedOnes() {
        load(0x40, 0x40, 0x0f, 0x0b); // inc ax; inc ax; ud2 (not in the toy ISA: #UD)
        RunResult r = engine(0).run(10);
        assertEquals(StopReason.GUEST_FAULT, r.reason());
        assertInstanceOf(InvalidOpcode.class, r.fault());
        assertEquals(2, r.instructions());
        assertEquals(CODE + 2, cpu.rip);
    }

    @Test
    void aFaultInACompiledBlockRestartsAtTheRightInstruction() {
        load(0x40, 0x40, 0x0f, 0x0b);
        ExecutionEngine e = engine(1);
        e.run(10);
        cpu.rip = CODE;
        RunResult r = e.run(10); // second run executes the compiled block
        assertEquals(CODE + 2, cpu.rip);
        assertEquals(2, r.instructions());
    }

    @Test
    void anEmulatorBugStopsTheMachineWithAReportInsteadOfThrowing() {
        load(0x40, 0xcc); // inc ax; int3 — the toy family's int3 is broken on purpose
        RunResult r = engine(0).run(10);
        assertEquals(StopReason.EMULATOR_ERROR, r.reason());
        assertTrue(r.error().getMessage().contains("broken"));
        assertEquals(CODE + 1, cpu.rip);
    }

    @Test
    void aHandlerThatFaultsForeverStillEndsTheRun() {
        load(0x0f, 0x0b); // ud2 (#UD in the toy ISA), delivered to a "handler" that is the same ud2
        ExecutionEngine e = engine(0);
        e.setExceptionDelivery(new ExceptionDelivery() {
            @Override
            public boolean deliverException(Cpu c, io.xenscope.cpu.fault.GuestFault fault) {
                c.rip = CODE;
                return true;
            }

            @Override
            public boolean deliverInterrupt(Cpu c, int vector, boolean software) {
                return true;
            }
        });
        RunResult r = e.run(1000);
        assertEquals(StopReason.INSTRUCTION_LIMIT, r.reason());
        assertEquals(0, r.instructions());
    }

    // ---- engine breakpoints ----

    /** inc ax x4; hlt: one block without breakpoints. */
    private static final int[] FOUR_INCS = {0x40, 0x40, 0x40, 0x40, 0xf4};

    @Test
    void breakpointInTheMiddleOfABlockStopsBeforeThatInstruction() {
        load(FOUR_INCS);
        ExecutionEngine e = engine(0);
        e.setBreakpoints(java.util.List.of((long) CODE + 2));
        RunResult r = e.run(1000);
        assertEquals(StopReason.BREAKPOINT, r.reason());
        assertEquals(2, r.instructions());
        assertEquals(2, cpu.gpr[0], "the instruction at the breakpoint has not executed");
        assertEquals(CODE + 2, cpu.rip);
    }

    @Test
    void resumingFromABreakpointExecutesItsInstructionFirst() {
        load(FOUR_INCS);
        ExecutionEngine e = engine(0);
        e.setBreakpoints(java.util.List.of((long) CODE + 2));
        e.run(1000);
        RunResult r = e.run(1000);
        assertEquals(StopReason.HALTED, r.reason());
        assertEquals(4, cpu.gpr[0]);
    }

    @Test
    void aBreakpointInALoopIsHitEveryIteration() {
        load(COUNTING_LOOP);
        ExecutionEngine e = engine(1); // compiled and linked blocks too
        e.run(10_000); // warm: blocks cached, compiled and linked before the breakpoint is set
        e.setBreakpoints(java.util.List.of((long) CODE + 1));
        for (int i = 0; i < 5; i++) {
            long ax = cpu.gpr[0];
            RunResult r = e.run(1000);
            assertEquals(StopReason.BREAKPOINT, r.reason());
            assertEquals(CODE + 1, cpu.rip);
            assertEquals(ax + 1 & 0xffff, cpu.gpr[0] & 0xffff, "one inc per iteration");
        }
    }

    @Test
    void stepAtABreakpointExecutesIt() {
        load(FOUR_INCS);
        ExecutionEngine e = engine(0);
        e.setBreakpoints(java.util.List.of((long) CODE));
        assertEquals(StopReason.BREAKPOINT, e.run(100).reason());
        assertEquals(0, cpu.gpr[0]);
        e.step();
        assertEquals(1, cpu.gpr[0]);
        assertEquals(CODE + 1, cpu.rip);
    }

    @Test
    void clearingBreakpointsLetsTheRunFinish() {
        load(FOUR_INCS);
        ExecutionEngine e = engine(0);
        e.setBreakpoints(java.util.List.of((long) CODE + 3));
        assertEquals(StopReason.BREAKPOINT, e.run(100).reason());
        e.setBreakpoints(java.util.List.of());
        assertEquals(StopReason.HALTED, e.run(100).reason());
        assertEquals(4, cpu.gpr[0]);
    }

    @Test
    void aRunThatEndsOnABreakpointByBudgetStillStopsThereNextTime() {
        load(FOUR_INCS);
        ExecutionEngine e = engine(0);
        e.setBreakpoints(java.util.List.of((long) CODE + 2));
        assertEquals(StopReason.INSTRUCTION_LIMIT, e.run(2).reason());
        assertEquals(CODE + 2, cpu.rip);
        RunResult r = e.run(100);
        assertEquals(StopReason.BREAKPOINT, r.reason());
        assertEquals(0, r.instructions());
    }

    private static OpTable toyTable() {
        OpTable t = new OpTable();
        t.add(Mnemonic.NOP, (insn, ctx) -> c -> { });
        t.add(Mnemonic.INC, (insn, ctx) -> {
            Location dst = Locations.operand(insn, 0);
            return c -> dst.write(c, dst.read(c) + 1);
        });
        t.add(Mnemonic.MOV, (insn, ctx) -> {
            Location dst = Locations.operand(insn, 0);
            Location src = Locations.operand(insn, 1);
            return c -> dst.write(c, src.read(c));
        });
        t.addBlockEnd(Mnemonic.JMP, (insn, ctx) -> {
            long target = ((Operand.Rel) insn.operand(0)).target();
            return c -> c.rip = target;
        });
        t.addBlockEnd(Mnemonic.HLT, (insn, ctx) -> {
            long next = insn.nextAddress();
            return c -> {
                c.halted = true;
                c.rip = next;
            };
        });
        t.add(Mnemonic.INT3, (insn, ctx) -> c -> {
            throw new IllegalStateException("broken on purpose");
        });
        return t;
    }
}
