package io.xenscope.cpu.exec;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.memory.PhysicalMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translated blocks by linear address, validated by code size and physical address on lookup, and
 * dropped when a frame they were read from is written ({@link PhysicalMemory.CodeWriteListener}).
 * One cache per machine: vCPUs share code.
 */
public final class BlockCache implements PhysicalMemory.CodeWriteListener {
    private final Map<Long, Block> byLinear = new HashMap<>();
    private final Map<Long, List<Block>> byFrame = new HashMap<>();
    /** An uncached block being executed (single steps, exact budgets): it must see writes to its code too. */
    private Block transientBlock;
    private long translations;
    private long invalidations;

    public BlockCache(PhysicalMemory memory) {
        memory.addCodeWriteListener(this);
    }

    /** The cached block at the current CS:RIP if it is still the right one, else null. */
    Block lookup(Cpu cpu, long linear) {
        Block b = byLinear.get(linear);
        if (b == null || !isCurrent(cpu, b, linear)) {
            return null;
        }
        return b;
    }

    /** The block still describes the code at {@code linear} in the current mode and mapping. */
    static boolean isCurrent(Cpu cpu, Block b, long linear) {
        if (!b.valid || b.linear != linear || b.codeSize != cpu.codeSize) {
            return false;
        }
        if (b.codeSize != CodeSize.BITS64 && b.csBase != cpu.seg[Cpu.CS].base) {
            return false;
        }
        // The mapping was checked and no TLB flush or invlpg happened since: it still holds (software
        // that changes a mapping must invalidate it: SDM Vol. 3 §4.10.4).
        if (b.checkedMmu == cpu.mmu && b.checkedGeneration == cpu.mmu.generation()) {
            return true;
        }
        try {
            if (cpu.mmu.translateFetch(linear) != b.physical) {
                return false;
            }
        } catch (RuntimeException pageFault) {
            return false;
        }
        b.checkedMmu = cpu.mmu;
        b.checkedGeneration = cpu.mmu.generation();
        return true;
    }

    void put(Block b) {
        translations++;
        byLinear.put(b.linear, b);
        byFrame.computeIfAbsent(b.firstFrame(), k -> new ArrayList<>()).add(b);
        if (b.lastFrame != b.firstFrame()) {
            byFrame.computeIfAbsent(b.lastFrame, k -> new ArrayList<>()).add(b);
        }
    }

    /** Registers a block that is executed once without being cached. */
    void setTransient(Block b) {
        transientBlock = b;
    }

    @Override
    public void codeFrameWritten(long pfn) {
        Block t = transientBlock;
        if (t != null && (t.firstFrame() == pfn || t.lastFrame == pfn)) {
            t.valid = false;
            transientBlock = null;
        }
        List<Block> blocks = byFrame.remove(pfn);
        if (blocks == null) {
            return;
        }
        for (Block b : blocks) {
            b.valid = false;
            invalidations++;
            byLinear.remove(b.linear, b);
        }
    }

    /** Forgets one block (already marked invalid). */
    void drop(Block b) {
        byLinear.remove(b.linear, b);
        for (long frame : new long[] {b.firstFrame(), b.lastFrame}) {
            List<Block> list = byFrame.get(frame);
            if (list != null) {
                list.remove(b);
            }
        }
        if (transientBlock == b) {
            transientBlock = null;
        }
    }

    public void clear() {
        Block t = transientBlock;
        if (t != null) {
            t.valid = false;
            transientBlock = null;
        }
        for (List<Block> list : byFrame.values()) {
            for (Block b : list) {
                b.valid = false;
            }
        }
        byLinear.clear();
        byFrame.clear();
    }

    public long translations() {
        return translations;
    }

    public long invalidations() {
        return invalidations;
    }

    public int size() {
        return byLinear.size();
    }
}
