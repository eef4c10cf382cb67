package io.xenscope.cpu.exec;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.fault.Breakpoint;
import io.xenscope.cpu.fault.DebugException;
import io.xenscope.cpu.fault.DoubleFault;
import io.xenscope.cpu.fault.GuestFault;
import io.xenscope.cpu.fault.Overflow;
import io.xenscope.cpu.fault.PageFault;
import io.xenscope.mmu.WatchHit;
import io.xenscope.mmu.Watchpoints;
import java.util.Collection;

/**
 * Runs one vCPU: looks up (or translates) the block at CS:RIP, executes its ops, follows block links
 * to the next block, and turns guest faults and interrupts into deliveries. Virtual time is the
 * retired-instruction count, so a run is exactly reproducible; {@link #run} retires exactly the
 * number of instructions asked for unless the guest stops earlier.
 */
public final class ExecutionEngine {
    /** DR6.BS: the #DB came from single-stepping (SDM Vol. 3 §17.2.3). */
    public static final long DR6_BS = 1L << 14;

    private final Cpu cpu;
    private final Translator translator;
    private final BlockCache cache;
    private ExceptionDelivery delivery = ExceptionDelivery.STOP;
    private InterruptSource interrupts = InterruptSource.NONE;
    private volatile boolean stopRequested;
    private GuestFault stoppingFault;
    private boolean tripleFault;
    private Throwable emulatorError;
    /** Exceptions delivered during the current run(). */
    private long deliveries;
    private BlockCompiler compiler = new BlockCompiler();
    private int compileThreshold = Integer.getInteger("xenscope.compileThreshold", 200);
    private Breakpoints breakpoints = Breakpoints.NONE;
    /** Linear address of the breakpoint the last run stopped at (-1: none): the next run executes it first. */
    private long stoppedAtBreakpoint = -1;
    /** The block being executed, so a watchpoint hit can end it after the accessing instruction. */
    private Block running;
    /** The data-breakpoint hit that ended the last run (null: none). */
    private WatchHit lastWatchHit;

    public ExecutionEngine(Cpu cpu) {
        this(cpu, new Translator(InstructionSet.table()), new BlockCache(cpu.memory));
    }

    public ExecutionEngine(Cpu cpu, Translator translator, BlockCache cache) {
        this.cpu = cpu;
        this.translator = translator;
        this.cache = cache;
        cpu.mmu.setWatchListener(this::endBlockOnWatchHit);
    }

    public Cpu cpu() {
        return cpu;
    }

    public BlockCache cache() {
        return cache;
    }

    public void setExceptionDelivery(ExceptionDelivery delivery) {
        this.delivery = delivery;
    }

    /** The current delivery policy (so an observer can wrap it). */
    public ExceptionDelivery exceptionDelivery() {
        return delivery;
    }

    public void setInterruptSource(InterruptSource interrupts) {
        this.interrupts = interrupts;
    }

    /** Hot blocks are compiled to bytecode after {@code executions} runs; null compiler = interpret only. */
    public void setCompiler(BlockCompiler compiler, int executions) {
        this.compiler = compiler;
        this.compileThreshold = executions;
    }

    /**
     * Replaces the engine breakpoints (linear addresses). Cached blocks and their links are dropped so
     * that blocks split at the new addresses. Call it while the vCPU is not running.
     */
    public void setBreakpoints(Collection<Long> linearAddresses) {
        breakpoints = Breakpoints.of(linearAddresses);
        translator.setBreakpoints(breakpoints);
        cache.clear();
    }

    public Breakpoints breakpoints() {
        return breakpoints;
    }

    /**
     * Arms data breakpoints (replacing the set). An access that hits one completes, its instruction
     * retires, and the run returns {@link StopReason#WATCHPOINT} with {@link #watchHit()} (for a
     * repeated string instruction: after the iteration that hit, RIP still on it if iterations
     * remain, as the hardware reports data breakpoints: SDM Vol. 3 §17.3.1.2).
     */
    public void setWatchpoints(Watchpoints watchpoints) {
        cpu.mmu.setWatchpoints(watchpoints);
    }

    public Watchpoints watchpoints() {
        return cpu.mmu.watchpoints();
    }

    /** The hit that ended the last run with {@link StopReason#WATCHPOINT} (null otherwise). */
    public WatchHit watchHit() {
        return lastWatchHit;
    }

    /** From the MMU, during an access: the running block stops after the current op (its check of {@link Block#valid}). */
    private void endBlockOnWatchHit() {
        Block b = running;
        if (b != null) {
            b.valid = false;
            cache.drop(b); // retranslated on its next execution: a hit is rare, a stop for the debugger
        }
    }

    /**
     * Asks {@link #run} to return at the next block boundary (safe from any thread); if no run is
     * active, the next one returns at once.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Withdraws a stop request no run has taken yet (the machine took it for the whole domain). */
    public void cancelStopRequest() {
        stopRequested = false;
    }

    /**
     * Ends the run right after the instruction executing now (callable from an op, e.g. a port
     * write to a device that stops the machine such as isa-debug-exit): the run returns
     * STOP_REQUESTED with RIP after that instruction. Drops the translated blocks to end the
     * running one, so only for events that end the machine's run.
     */
    public void stopAfterCurrentInstruction() {
        stopRequested = true;
        cache.clear();
    }

    /** Executes exactly one instruction (or delivers one pending event), even at a breakpoint. */
    public RunResult step() {
        stoppedAtBreakpoint = currentLinear();
        return run(1);
    }

    /** The next run executes the instruction at CS:RIP even if it is a breakpoint (a debugger's step or continue). */
    public void resumePastBreakpoint() {
        stoppedAtBreakpoint = currentLinear();
    }

    private long currentLinear() {
        return Translator.linear(cpu.seg[Cpu.CS].base, cpu.rip, cpu.codeSize == CodeSize.BITS64);
    }

    /** Runs until the vCPU halts, a stop is requested, or {@code maxInstructions} retired. */
    public RunResult run(long maxInstructions) {
        long start = cpu.instructionCount;
        long limit = start + maxInstructions;
        stoppingFault = null;
        deliveries = 0;
        tripleFault = false;
        emulatorError = null;
        long resumeAt = stoppedAtBreakpoint;
        stoppedAtBreakpoint = -1;
        lastWatchHit = null;
        cpu.mmu.clearWatchHit();
        Block prev = null;
        while (true) {
            if (stopRequested) {
                // consumed here, not cleared on entry: a pause asked for between two runs is not lost
                stopRequested = false;
                return new RunResult(StopReason.STOP_REQUESTED, cpu.instructionCount - start);
            }
            if (acceptInterrupt()) {
                prev = null;
            }
            if (prev == null && cpu.mmu.watchHit() != null) {
                return watchStop(start); // an interrupt's delivery wrote a watched stack
            }
            if (cpu.halted) {
                return new RunResult(StopReason.HALTED, cpu.instructionCount - start);
            }
            // Deliveries use budget too: a handler that faults again retires nothing, and would otherwise
            // keep run() from ever returning (a real CPU would hang there just the same).
            long remaining = limit - cpu.instructionCount - deliveries;
            if (remaining <= 0) {
                return new RunResult(StopReason.INSTRUCTION_LIMIT, cpu.instructionCount - start);
            }
            Block b;
            try {
                b = nextBlock(prev, remaining);
            } catch (GuestFault f) {
                raise(f); // fetching the first instruction faulted
                prev = null;
                if (stoppingFault != null || tripleFault) {
                    return stopOnFault(start);
                }
                if (cpu.mmu.watchHit() != null) {
                    return watchStop(start);
                }
                continue;
            } catch (RuntimeException | StackOverflowError bug) {
                return new RunResult(StopReason.EMULATOR_ERROR, cpu.instructionCount - start, null, bug);
            }
            if (b.breakpoint && b.linear != resumeAt) {
                stoppedAtBreakpoint = b.linear;
                return new RunResult(StopReason.BREAKPOINT, cpu.instructionCount - start);
            }
            resumeAt = -1; // only the first block may be the breakpoint being resumed from
            prev = execute(b) ? b : null;
            if (stoppingFault != null || tripleFault) {
                return stopOnFault(start);
            }
            if (emulatorError != null) {
                return new RunResult(StopReason.EMULATOR_ERROR, cpu.instructionCount - start, null, emulatorError);
            }
            if (prev == null && cpu.mmu.watchHit() != null) {
                // only a block that did not run to its linked end (or a delivery) can have hit a watch
                return watchStop(start);
            }
        }
    }

    private RunResult watchStop(long start) {
        WatchHit hit = cpu.mmu.watchHit();
        lastWatchHit = hit.rip() == -1 ? hit.withRip(cpu.rip) : hit;
        cpu.mmu.clearWatchHit();
        return new RunResult(StopReason.WATCHPOINT, cpu.instructionCount - start);
    }

    private RunResult stopOnFault(long start) {
        return new RunResult(tripleFault ? StopReason.TRIPLE_FAULT : StopReason.GUEST_FAULT,
                cpu.instructionCount - start, stoppingFault, null);
    }

    /** The block at CS:RIP: through the previous block's link, the cache, or a new translation. */
    private Block nextBlock(Block prev, long remaining) {
        long linear = Translator.linear(cpu.seg[Cpu.CS].base, cpu.rip, cpu.codeSize == CodeSize.BITS64);
        if (remaining < Translator.MAX_BLOCK || (cpu.rflags & Flags.TF) != 0 || cpu.interruptShadow) {
            // exact budgets, single-stepping and interrupt shadows run short, uncached blocks
            int n = (cpu.rflags & Flags.TF) != 0 || cpu.interruptShadow ? 1 : (int) remaining;
            Block b = cache.lookup(cpu, linear);
            if (b != null && b.length() <= n) {
                return b;
            }
            b = translator.translate(cpu, n);
            cache.setTransient(b);
            return b;
        }
        if (prev != null) {
            Block link = prev.next0;
            if (link != null && link.linear == linear && BlockCache.isCurrent(cpu, link, linear)) {
                return link;
            }
            link = prev.next1;
            if (link != null && link.linear == linear && BlockCache.isCurrent(cpu, link, linear)) {
                return link;
            }
        }
        Block b = cache.lookup(cpu, linear);
        if (b == null) {
            b = translator.translate(cpu, Translator.MAX_BLOCK);
            cache.put(b);
        }
        if (prev != null) {
            if (prev.next0 == null || prev.next0.linear == linear || !prev.next0.valid) {
                prev.next0 = b;
            } else {
                prev.next1 = b;
            }
        }
        return b;
    }

    /** Executes a block; returns true when it ran to its end (so it may link to the next). */
    private boolean execute(Block b) {
        boolean shadow = cpu.interruptShadow;
        // RFLAGS.TF at the start of an instruction makes it trap with #DB once it completes (SDM Vol. 3 §17.3.1.4);
        // such blocks hold one instruction (see nextBlock).
        boolean singleStep = (cpu.rflags & Flags.TF) != 0;
        int done;
        running = b;
        try {
            CompiledBlock compiled = b.compiled;
            done = compiled != null ? compiled.run(cpu, b) : interpret(b);
        } catch (GuestFault f) {
            running = null;
            cpu.mmu.clearWatchHit(); // the faulting instruction did not complete: no data breakpoint (SDM Vol. 3 §17.3.1.2)
            cpu.instructionCount += b.retired[b.faultIndex];
            cpu.rip = b.rips[b.faultIndex];
            raise(f);
            return false;
        } catch (SoftwareInterrupt si) {
            running = null;
            cpu.mmu.setWatchHitRip(b.rips[b.faultIndex]);
            cpu.instructionCount += b.retired[b.faultIndex + 1];
            cpu.rip = si.returnAddress;
            softwareInterrupt(si);
            return false;
        } catch (RuntimeException | StackOverflowError bug) {
            running = null;
            // An emulator bug must not take the machine (or the JVM) down: stop and report it.
            cpu.instructionCount += b.retired[b.faultIndex];
            cpu.rip = b.rips[b.faultIndex];
            emulatorError = bug;
            return false;
        }
        running = null;
        cpu.instructionCount += b.retired[done];
        if (done < b.ops.length || !b.valid) {
            if (done > 0) {
                cpu.mmu.setWatchHitRip(b.rips[done - 1]);
            }
            // the block wrote its own code: resume after the last completed instruction (SDM Vol. 3 §11.6)
            if (done < b.ops.length) {
                cpu.rip = b.rips[done];
            } else if (!b.endsWithBranch) {
                cpu.rip = b.endRip;
            }
            return false;
        }
        if (!b.endsWithBranch) {
            cpu.rip = b.endRip;
        }
        if (shadow) {
            cpu.interruptShadow = false;
        }
        if (singleStep && !(cpu.interruptShadow && !shadow)) {
            // an instruction that opened the shadow (mov ss, pop ss; also sti here) defers its trap to the
            // next instruction, which traps with TF still set (SDM Vol. 3 §6.8.3)
            raise(new DebugException(DR6_BS, true, "single-step"));
            return false;
        }
        if (++b.executions == compileThreshold && compiler != null) {
            b.compiled = compiler.compile(b);
        }
        return true;
    }

    /** Runs a block op by op (cold code); records the index of an op that throws. */
    private int interpret(Block b) {
        Op[] ops = b.ops;
        int i = 0;
        try {
            for (; i < ops.length; i++) {
                ops[i].execute(cpu);
                if (!b.valid) {
                    return i + 1;
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            b.faultIndex = i;
            throw e;
        }
        return ops.length;
    }

    private void softwareInterrupt(SoftwareInterrupt si) {
        try {
            if (!delivery.deliverInterrupt(cpu, si.vector, !si.privilegedSoftware)) {
                stoppingFault = si.vector == 3 ? new Breakpoint()
                        : si.vector == 4 ? new Overflow() : null;
                stopRequested = stoppingFault == null;
            }
        } catch (GuestFault f) {
            raise(f);
        }
    }

    /** An external interrupt, if one is pending and the vCPU accepts it (IF set, no shadow). */
    private boolean acceptInterrupt() {
        if (!interrupts.pending(cpu) || cpu.interruptShadow) {
            return false;
        }
        if ((cpu.rflags & Flags.IF) == 0) {
            return false;
        }
        int vector = interrupts.acknowledge(cpu);
        if (vector < 0) {
            return false;
        }
        cpu.halted = false;
        try {
            delivery.deliverInterrupt(cpu, vector, false);
        } catch (GuestFault f) {
            raise(f);
        }
        return true;
    }

    /**
     * Delivers a fault, turning a fault during delivery into #DF and a fault while delivering #DF
     * into a triple fault (SDM Vol. 3 §6.15, interrupt 8, Table 6-5).
     */
    private void raise(GuestFault first) {
        deliveries++;
        GuestFault current = first;
        GuestFault previous = null;
        while (true) {
            try {
                if (!delivery.deliverException(cpu, current)) {
                    stoppingFault = current;
                }
                return;
            } catch (GuestFault during) {
                if (current instanceof DoubleFault) {
                    tripleFault = true;
                    stoppingFault = during;
                    return;
                }
                previous = current;
                current = becomesDoubleFault(previous, during)
                        ? new DoubleFault(previous.mnemonic() + " then " + during.getMessage())
                        : during;
            }
        }
    }

    private static boolean becomesDoubleFault(GuestFault first, GuestFault second) {
        boolean firstPf = first instanceof PageFault;
        boolean secondContributoryOrPf = second.isContributory() || second instanceof PageFault;
        return first.isContributory() && second.isContributory() || firstPf && secondContributoryOrPf;
    }
}
