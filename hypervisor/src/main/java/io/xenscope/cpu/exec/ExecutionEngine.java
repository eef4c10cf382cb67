package io.xenscope.cpu.exec;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.fault.DoubleFault;
import io.xenscope.cpu.fault.GuestFault;
import io.xenscope.cpu.fault.PageFault;

/**
 * Runs one vCPU: looks up (or translates) the block at CS:RIP, executes its ops, follows block links
 * to the next block, and turns guest faults and interrupts into deliveries. Virtual time is the
 * retired-instruction count, so a run is exactly reproducible; {@link #run} retires exactly the
 * number of instructions asked for unless the guest stops earlier.
 */
public final class ExecutionEngine {
    private final Cpu cpu;
    private final Translator translator;
    private final BlockCache cache;
    private ExceptionDelivery delivery = ExceptionDelivery.STOP;
    private InterruptSource interrupts = InterruptSource.NONE;
    private volatile boolean stopRequested;
    private GuestFault stoppingFault;
    private boolean tripleFault;

    public ExecutionEngine(Cpu cpu) {
        this(cpu, new Translator(InstructionSet.table()), new BlockCache(cpu.memory));
    }

    public ExecutionEngine(Cpu cpu, Translator translator, BlockCache cache) {
        this.cpu = cpu;
        this.translator = translator;
        this.cache = cache;
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

    public void setInterruptSource(InterruptSource interrupts) {
        this.interrupts = interrupts;
    }

    /** Asks a running {@link #run} to return at the next block boundary (safe from any thread). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Executes exactly one instruction (or delivers one pending event). */
    public RunResult step() {
        return run(1);
    }

    /** Runs until the vCPU halts, a stop is requested, or {@code maxInstructions} retired. */
    public RunResult run(long maxInstructions) {
        long start = cpu.instructionCount;
        long limit = start + maxInstructions;
        stopRequested = false;
        stoppingFault = null;
        tripleFault = false;
        Block prev = null;
        while (true) {
            if (stopRequested) {
                return new RunResult(StopReason.STOP_REQUESTED, cpu.instructionCount - start);
            }
            if (acceptInterrupt()) {
                prev = null;
            }
            if (cpu.halted) {
                return new RunResult(StopReason.HALTED, cpu.instructionCount - start);
            }
            long remaining = limit - cpu.instructionCount;
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
                continue;
            }
            prev = execute(b) ? b : null;
            if (stoppingFault != null || tripleFault) {
                return stopOnFault(start);
            }
        }
    }

    private RunResult stopOnFault(long start) {
        return new RunResult(tripleFault ? StopReason.TRIPLE_FAULT : StopReason.GUEST_FAULT,
                cpu.instructionCount - start, stoppingFault);
    }

    /** The block at CS:RIP: through the previous block's link, the cache, or a new translation. */
    private Block nextBlock(Block prev, long remaining) {
        long linear = Translator.linear(cpu.seg[Cpu.CS].base, cpu.rip, cpu.codeSize == io.xenscope.cpu.decoder.CodeSize.BITS64);
        if (remaining < Translator.MAX_BLOCK || (cpu.rflags & io.xenscope.cpu.Flags.TF) != 0 || cpu.interruptShadow) {
            // exact budgets, single-stepping and interrupt shadows run short, uncached blocks
            int n = (cpu.rflags & io.xenscope.cpu.Flags.TF) != 0 || cpu.interruptShadow ? 1 : (int) remaining;
            Block b = cache.lookup(cpu, linear);
            if (b != null && b.length() <= n) {
                return b;
            }
            return translator.translate(cpu, n);
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
        Op[] ops = b.ops;
        int i = 0;
        boolean shadow = cpu.interruptShadow;
        try {
            for (; i < ops.length; i++) {
                ops[i].execute(cpu);
                if (!b.valid) {
                    // the block wrote its own code: continue with a fresh translation (SDM Vol. 3 §11.6)
                    i++;
                    cpu.instructionCount += i;
                    if (i < ops.length || !b.endsWithBranch) {
                        cpu.rip = i < ops.length ? b.rips[i] : b.endRip;
                    }
                    return false;
                }
            }
        } catch (GuestFault f) {
            cpu.instructionCount += i;
            cpu.rip = b.rips[i];
            raise(f);
            return false;
        } catch (SoftwareInterrupt si) {
            cpu.instructionCount += i + 1;
            cpu.rip = si.returnAddress;
            softwareInterrupt(si);
            return false;
        }
        cpu.instructionCount += ops.length;
        if (!b.endsWithBranch) {
            cpu.rip = b.endRip;
        }
        if (shadow) {
            cpu.interruptShadow = false;
        }
        b.executions++;
        return true;
    }

    private void softwareInterrupt(SoftwareInterrupt si) {
        try {
            if (!delivery.deliverInterrupt(cpu, si.vector, !si.privilegedSoftware)) {
                stoppingFault = si.vector == 3 ? new io.xenscope.cpu.fault.Breakpoint()
                        : si.vector == 4 ? new io.xenscope.cpu.fault.Overflow() : null;
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
        if ((cpu.rflags & io.xenscope.cpu.Flags.IF) == 0) {
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
