package io.xenscope.cpu.exec;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Operand;

/**
 * The offset part of a memory operand, {@code base + index*scale + displacement} truncated to the
 * address size (SDM Vol. 1 §3.7.5), specialised at translation time for the common shapes.
 * Implementations are records so compiled blocks can constant-fold them.
 */
public interface EffectiveAddress {
    long compute(Cpu c);

    static EffectiveAddress of(Operand.Mem m, Instruction insn) {
        long mask = Locations.mask(m.addressSize());
        long disp = m.displacement();
        if (m.ripRelative()) {
            return new Absolute((insn.nextAddress() + disp) & mask);
        }
        int base = m.base() == null ? -1 : m.base().number;
        int index = m.index() == null ? -1 : m.index().number;
        int shift = Integer.numberOfTrailingZeros(m.scale());
        if (base < 0 && index < 0) {
            return new Absolute(disp & mask);
        }
        if (mask == -1L) {
            if (index < 0) {
                return new Base64(base, disp);
            }
            return base < 0 ? new Index64(index, shift, disp) : new BaseIndex64(base, index, shift, disp);
        }
        return new Masked(base, index, shift, disp, mask);
    }

    record Absolute(long address) implements EffectiveAddress {
        public long compute(Cpu c) {
            return address;
        }
    }

    record Base64(int base, long disp) implements EffectiveAddress {
        public long compute(Cpu c) {
            return c.gpr[base] + disp;
        }
    }

    record Index64(int index, int shift, long disp) implements EffectiveAddress {
        public long compute(Cpu c) {
            return (c.gpr[index] << shift) + disp;
        }
    }

    record BaseIndex64(int base, int index, int shift, long disp) implements EffectiveAddress {
        public long compute(Cpu c) {
            return c.gpr[base] + (c.gpr[index] << shift) + disp;
        }
    }

    /** 16- and 32-bit addressing: the sum wraps at the address size. */
    record Masked(int base, int index, int shift, long disp, long mask) implements EffectiveAddress {
        public long compute(Cpu c) {
            long ea = disp;
            if (base >= 0) {
                ea += c.gpr[base];
            }
            if (index >= 0) {
                ea += c.gpr[index] << shift;
            }
            return ea & mask;
        }
    }
}
