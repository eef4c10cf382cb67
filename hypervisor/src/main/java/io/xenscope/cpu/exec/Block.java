package io.xenscope.cpu.exec;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.mmu.Mmu;

/**
 * A basic block: straight-line translated instructions, entered only at the top. Cached by linear
 * address and code size, validated against the physical frames it was read from, and dropped when
 * one of them is written (self-modifying code).
 */
public final class Block {
    /** Linear address of the first instruction, and its CS base (RIP = linear - csBase). */
    final long linear;
    final long csBase;
    final CodeSize codeSize;
    /** Physical address of the first byte, and of the last instruction's last byte's frame. */
    final long physical;
    final long lastFrame;
    final Op[] ops;
    /** RIP of each op's (first) instruction, and the RIP after the block (for blocks that fall off their end). */
    final long[] rips;
    /**
     * Instructions retired before op i ({@code retired[ops.length]} is the block's instruction
     * count): a fused op stands for two instructions.
     */
    final int[] retired;
    final long endRip;
    /** The last op is a branch or another block-ending instruction that sets RIP itself. */
    final boolean endsWithBranch;
    /** The first instruction is at an engine breakpoint (see {@link Breakpoints}). */
    boolean breakpoint;
    /**
     * Cleared when a frame the block came from is written, or when an access hit a watchpoint: either
     * way the block stops after the current op (and is retranslated when next needed).
     */
    boolean valid = true;
    /** Times executed; hot blocks are compiled. */
    int executions;
    /** The bytecode-compiled form, once the block is hot (null before). */
    CompiledBlock compiled;
    /** Written by a compiled block when an op throws: the index of that op. */
    int faultIndex;

    /** The MMU and its generation at which {@link #physical} was last confirmed for {@link #linear}. */
    Mmu checkedMmu;
    int checkedGeneration;

    /** Successor links (QEMU's block chaining): the blocks last seen at the two exits. */
    Block next0, next1;

    Block(long linear, long csBase, CodeSize codeSize, long physical, long lastFrame, Op[] ops, long[] rips,
          int[] retired, long endRip, boolean endsWithBranch) {
        this.retired = retired;
        this.linear = linear;
        this.csBase = csBase;
        this.codeSize = codeSize;
        this.physical = physical;
        this.lastFrame = lastFrame;
        this.ops = ops;
        this.rips = rips;
        this.endRip = endRip;
        this.endsWithBranch = endsWithBranch;
    }

    /** Number of guest instructions in the block. */
    public int length() {
        return retired[ops.length];
    }

    long firstFrame() {
        return physical >>> 12;
    }
}
