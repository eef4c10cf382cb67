package io.xenscope.cpu.isa.segment;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.cpu.fault.StackSegmentFault;

/**
 * A stack being pushed or popped by a far transfer or an event delivery: the current SS:rSP, or a
 * new stack from the TSS not yet loaded. The pointer moves here and reaches RSP only through
 * {@link #commitRsp}, so a fault halfway leaves RSP as it was (SDM Vol. 3 §6.5). Slow path: one
 * instance per transfer.
 */
public final class Stack {
    private final Cpu c;
    private final long base;
    private final long limit;
    private final int attributes;
    private final boolean flat64;
    /** Width of the stack pointer: 2, 4 or 8 bytes. */
    private final int width;
    private final int errorCode;
    private final boolean supervisor;
    public long sp;

    private Stack(Cpu c, long base, long limit, int attributes, boolean flat64, int width, long sp, int errorCode,
                  boolean supervisor) {
        this.c = c;
        this.base = base;
        this.limit = limit;
        this.attributes = attributes;
        this.flat64 = flat64;
        this.width = width;
        this.sp = sp & mask(width);
        this.errorCode = errorCode;
        this.supervisor = supervisor;
    }

    /** The current stack, SS:rSP. */
    public static Stack current(Cpu c) {
        SegmentRegister ss = c.seg[Cpu.SS];
        int w = c.stackSize();
        return new Stack(c, ss.base, ss.limit, ss.attributes, w == 8, w, c.gpr[4], 0, false);
    }

    /** A stack described by a descriptor (a privilege change); faults report {@code selector}. */
    public static Stack of(Cpu c, long descriptor, int selector, long sp, boolean supervisor) {
        int w = Descriptors.defaultBig(descriptor) ? 4 : 2;
        int attr = (int) ((descriptor >>> 40) & 0xff) | (int) ((descriptor >>> 40) & 0xf000);
        return new Stack(c, Descriptors.base(descriptor), Descriptors.limit(descriptor), attr, false, w, sp,
                selector & 0xfffc, supervisor);
    }

    /** A 64-bit stack (IA-32e mode privilege changes and all 64-bit deliveries). */
    public static Stack flat64(Cpu c, long rsp, boolean supervisor) {
        return new Stack(c, 0, -1, 0, true, 8, rsp, 0, supervisor);
    }

    public int width() {
        return width;
    }

    public void push(long value, int size) {
        sp = (sp - size) & mask(width);
        long la = linear(sp, size);
        if (supervisor) {
            c.mmu.writeSupervisor(la, size, value);
        } else {
            c.mmu.write(la, size, value);
        }
    }

    /** Writes the low 16 bits of {@code value} at the stack pointer (push Sreg with a wider operand size). */
    public void pokeWord(long value, int size) {
        long la = linear(sp, size);
        if (supervisor) {
            c.mmu.writeSupervisor(la, 2, value);
        } else {
            c.mmu.write(la, 2, value);
        }
    }

    public long pop(int size) {
        long la = linear(sp, size);
        long v = c.mmu.read(la, size);
        sp = (sp + size) & mask(width);
        return v;
    }

    /** Reads {@code size} bytes at {@code offset} above the stack pointer without popping. */
    public long peek(int offset, int size) {
        long a = (sp + offset) & mask(width);
        return c.mmu.read(linear(a, size), size);
    }

    public void skip(int bytes) {
        sp = (sp + bytes) & mask(width);
    }

    /** Writes the stack pointer back into RSP with this stack's width (SP, ESP or RSP). */
    public void commitRsp() {
        c.gpr[4] = switch (width) {
            case 2 -> (c.gpr[4] & ~0xffffL) | sp;
            case 4 -> sp; // a 32-bit stack pointer write zero-extends outside 64-bit mode as well
            default -> sp;
        };
    }

    private long linear(long offset, int size) {
        if (flat64) {
            if ((offset << 16) >> 16 != offset) {
                throw new StackSegmentFault(errorCode, String.format("non-canonical stack address 0x%x", offset));
            }
            return offset;
        }
        boolean expandDown = (attributes & (SegmentRegister.TYPE_CODE | SegmentRegister.TYPE_DC)) == SegmentRegister.TYPE_DC;
        if (c.mode.isProtected()) {
            if ((attributes & SegmentRegister.UNUSABLE) != 0) {
                throw new StackSegmentFault(errorCode, "stack segment is unusable");
            }
            if (expandDown) {
                long top = (attributes & SegmentRegister.DB) != 0 ? 0xffffffffL : 0xffffL;
                if (offset <= limit || offset + size - 1 > top) {
                    throw new StackSegmentFault(errorCode, String.format("stack offset 0x%x outside expand-down limit", offset));
                }
                return (base + offset) & 0xffffffffL;
            }
        }
        if (offset + size - 1 > limit) {
            throw new StackSegmentFault(errorCode, String.format("stack offset 0x%x beyond the limit 0x%x", offset, limit));
        }
        return (base + offset) & 0xffffffffL;
    }

    static long mask(int width) {
        return width == 8 ? -1L : (1L << (width * 8)) - 1;
    }
}
