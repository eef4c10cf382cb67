package io.xenscope.cpu.exec;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.decoder.Register;

/** Builds {@link Location}s from decoded operands. */
public final class Locations {
    private Locations() {
    }

    public static Location of(Operand operand, Instruction insn) {
        if (operand instanceof Operand.Reg r) {
            return register(r.register());
        } else if (operand instanceof Operand.Mem m) {
            return memory(m, insn, m.size());
        } else if (operand instanceof Operand.Imm i) {
            return new Immediate(i.value() & mask(i.size()), i.size());
        } else if (operand instanceof Operand.Rel r) {
            return new Immediate(r.target(), r.size());
        }
        throw new IllegalArgumentException(operand + " is not a location");
    }

    /** The operand at {@code index} of {@code insn}. */
    public static Location operand(Instruction insn, int index) {
        return of(insn.operand(index), insn);
    }

    /** A memory operand accessed with a size other than its declared one (e.g. a descriptor table pointer). */
    public static MemoryLocation memory(Operand.Mem m, Instruction insn, int size) {
        return new MemoryLocation(EffectiveAddress.of(m, insn), m.segment().number, size, insn.codeSize() == CodeSize.BITS64);
    }

    public static Location register(Register r) {
        if (r.kind != Register.Kind.GPR) {
            throw new IllegalArgumentException("not a general-purpose register: " + r);
        }
        return switch (r.size) {
            case 8 -> new Gpr64(r.number);
            case 4 -> new Gpr32(r.number);
            case 2 -> new Gpr16(r.number);
            default -> r.highByte ? new GprHigh8(r.number) : new Gpr8(r.number);
        };
    }

    public static Location gpr(int number, int size) {
        return register(Register.gpr(number, size, true));
    }

    public static long mask(int size) {
        return size >= 8 ? -1L : (1L << (size * 8)) - 1;
    }

    /** Sign-extends the low {@code size} bytes of {@code v}. */
    public static long signExtend(long v, int size) {
        int shift = 64 - size * 8;
        return (v << shift) >> shift;
    }

    // ---- registers ------------------------------------------------------------------------------

    record Gpr64(int n) implements Location {
        public int size() {
            return 8;
        }

        public long read(Cpu c) {
            return c.gpr[n];
        }

        public void write(Cpu c, long v) {
            c.gpr[n] = v;
        }
    }

    record Gpr32(int n) implements Location {
        public int size() {
            return 4;
        }

        public long read(Cpu c) {
            return c.gpr[n] & 0xffffffffL;
        }

        public void write(Cpu c, long v) {
            c.gpr[n] = v & 0xffffffffL;
        }
    }

    record Gpr16(int n) implements Location {
        public int size() {
            return 2;
        }

        public long read(Cpu c) {
            return c.gpr[n] & 0xffff;
        }

        public void write(Cpu c, long v) {
            c.gpr[n] = (c.gpr[n] & ~0xffffL) | (v & 0xffff);
        }
    }

    record Gpr8(int n) implements Location {
        public int size() {
            return 1;
        }

        public long read(Cpu c) {
            return c.gpr[n] & 0xff;
        }

        public void write(Cpu c, long v) {
            c.gpr[n] = (c.gpr[n] & ~0xffL) | (v & 0xff);
        }
    }

    record GprHigh8(int n) implements Location {
        public int size() {
            return 1;
        }

        public long read(Cpu c) {
            return (c.gpr[n] >>> 8) & 0xff;
        }

        public void write(Cpu c, long v) {
            c.gpr[n] = (c.gpr[n] & ~0xff00L) | ((v & 0xff) << 8);
        }
    }

    record Immediate(long value, int size) implements Location {
        public long read(Cpu c) {
            return value;
        }

        public void write(Cpu c, long v) {
            throw new IllegalStateException("write to an immediate");
        }
    }

    // ---- memory ---------------------------------------------------------------------------------

    /** A memory operand: effective address, segment, size ({@code longMode}: 64-bit code, no limit checks). */
    public record MemoryLocation(EffectiveAddress effectiveAddress, int segment, int size, boolean longMode)
            implements Location {

        @Override
        public boolean isMemory() {
            return true;
        }

        /** Linear address for an access of this operand's size. */
        public long linear(Cpu c, boolean write) {
            long e = effectiveAddress.compute(c);
            return longMode ? Segmentation.linear64(c, segment, e) : Segmentation.linearLegacy(c, segment, e, size, write);
        }

        @Override
        public long resolve(Cpu c) {
            return linear(c, true);
        }

        @Override
        public long read(Cpu c) {
            return readAt(c, linear(c, false));
        }

        @Override
        public void write(Cpu c, long v) {
            writeAt(c, linear(c, true), v);
        }

        @Override
        public long readAt(Cpu c, long la) {
            return switch (size) {
                case 1 -> c.mmu.read8(la);
                case 2 -> c.mmu.read16(la);
                case 4 -> c.mmu.read32(la) & 0xffffffffL;
                default -> c.mmu.read64(la);
            };
        }

        @Override
        public void writeAt(Cpu c, long la, long v) {
            switch (size) {
                case 1 -> c.mmu.write8(la, (int) v);
                case 2 -> c.mmu.write16(la, (int) v);
                case 4 -> c.mmu.write32(la, (int) v);
                default -> c.mmu.write64(la, v);
            }
        }
    }
}
