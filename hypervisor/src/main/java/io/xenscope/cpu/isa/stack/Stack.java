package io.xenscope.cpu.isa.stack;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.exec.Segmentation;

/**
 * Stack accesses through SS:rSP (SDM Vol. 1 §6.2, Vol. 3 §6.14): the stack-pointer width is the
 * stack-address size ({@link Cpu#stackSize()}: SS.B outside 64-bit mode, 8 in 64-bit mode); the
 * element size is the operand size. Limit and canonical violations raise #SS(0).
 *
 * <p>{@link #push} writes memory before it changes rSP, so a fault leaves rSP intact. Callers that
 * need several accesses before committing use the explicit-pointer forms and {@link #setSp}.
 */
public final class Stack {
    private Stack() {
    }

    /** Pushes the low {@code size} bytes of {@code value}. */
    public static void push(Cpu c, int size, long value) {
        int width = c.stackSize();
        long sp = wrap(c.gpr[4] - size, width);
        write(c, sp, size, value);
        setSp(c, width, sp);
    }

    /** Reads the value on top of the stack without popping it (zero-extended). */
    public static long top(Cpu c, int size) {
        return read(c, wrap(c.gpr[4], c.stackSize()), size);
    }

    /** Pops {@code size} bytes (zero-extended). */
    public static long pop(Cpu c, int size) {
        int width = c.stackSize();
        long sp = wrap(c.gpr[4], width);
        long v = read(c, sp, size);
        setSp(c, width, sp + size);
        return v;
    }

    /** rSP after adding {@code delta}, wrapped to the stack width, as {@link #setSp} would store it. */
    public static long wrap(long sp, int width) {
        return width == 8 ? sp : width == 4 ? sp & 0xffffffffL : sp & 0xffff;
    }

    /** Writes rSP with the stack width: SP merges into RSP, ESP zero-extends (SDM Vol. 1 §3.4.1.1). */
    public static void setSp(Cpu c, int width, long sp) {
        c.writeGpr(4, width, false, sp);
    }

    public static long read(Cpu c, long offset, int size) {
        return c.mmu.read(linear(c, offset, size, false), size);
    }

    public static void write(Cpu c, long offset, int size, long value) {
        c.mmu.write(linear(c, offset, size, true), size, value);
    }

    /** Linear address of a stack access at SS:{@code offset}. */
    public static long linear(Cpu c, long offset, int size, boolean write) {
        return c.mode == CpuMode.LONG_64
                ? Segmentation.linear64(c, Cpu.SS, offset)
                : Segmentation.linearLegacy(c, Cpu.SS, offset, size, write);
    }
}
