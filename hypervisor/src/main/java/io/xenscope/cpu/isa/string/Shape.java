package io.xenscope.cpu.isa.string;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Segmentation;

/**
 * What one string instruction works on, fixed at translation time: element size, address size
 * (rSI, rDI and rCX are SI/DI/CX, ESI/EDI/ECX or RSI/RDI/RCX), the source segment (DS unless
 * overridden; the destination is always ES), and its own and the next RIP.
 */
record Shape(int size, int addressSize, long addressMask, int sourceSegment, boolean longMode, long self, long next) {
    static final int RSI = 6, RDI = 7, RCX = 1;

    long si(Cpu c) {
        return c.gpr[RSI] & addressMask;
    }

    long di(Cpu c) {
        return c.gpr[RDI] & addressMask;
    }

    long count(Cpu c) {
        return c.gpr[RCX] & addressMask;
    }

    void setCount(Cpu c, long count) {
        c.writeGpr(RCX, addressSize, false, count);
    }

    /** The element stride: +size, or -size when DF is set. */
    long delta(Cpu c) {
        return (c.rflags & Flags.DF) != 0 ? -size : size;
    }

    void advanceSi(Cpu c, long delta) {
        c.writeGpr(RSI, addressSize, false, c.gpr[RSI] + delta);
    }

    void advanceDi(Cpu c, long delta) {
        c.writeGpr(RDI, addressSize, false, c.gpr[RDI] + delta);
    }

    /** Linear address of {@code bytes} bytes at seg:offset, with the mode's checks. */
    long linear(Cpu c, int segment, long offset, int bytes, boolean write) {
        return longMode ? Segmentation.linear64(c, segment, offset) : Segmentation.linearLegacy(c, segment, offset, bytes, write);
    }

    long source(Cpu c) {
        return linear(c, sourceSegment, si(c), size, false);
    }

    long destination(Cpu c, boolean write) {
        return linear(c, Cpu.ES, di(c), size, write);
    }

    /** Elements from {@code offset} that fit before the address size wraps (unbounded for 64-bit). */
    long beforeWrap(long offset) {
        return addressMask == -1L ? Long.MAX_VALUE : (addressMask - offset + 1) / size;
    }
}
