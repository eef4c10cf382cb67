package io.xenscope.cpu.isa.io;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.decoder.Register;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.OpTable;
import io.xenscope.cpu.exec.Segmentation;
import io.xenscope.cpu.exec.TranslationContext;

/**
 * Port I/O through {@link Cpu#io}: in/out with an immediate port or DX, and the string forms ins/outs
 * (with rep), after the I/O permission check ({@link IoPermission}). Both operand shapes (listed
 * AL/eAX and DX, or none) are accepted.
 */
public final class IoFamily implements InstructionFamily {
    @Override
    public void register(OpTable t) {
        t.add(Mnemonic.IN, IoFamily::in);
        t.add(Mnemonic.OUT, IoFamily::out);
        // Bounded like the other repeated string instructions: they end their block and may leave RIP
        // on themselves (SDM Vol. 2 REP: the state an interrupt between iterations leaves).
        t.addBlockEnd(Mnemonic.INS, IoFamily::ins);
        t.addBlockEnd(Mnemonic.OUTS, IoFamily::outs);
    }

    /** The fixed port of an imm8 form, or -1 for the DX forms. */
    private static int immediatePort(Instruction i) {
        for (Operand o : i.operands()) {
            if (o instanceof Operand.Imm imm) {
                return (int) imm.value() & 0xff;
            }
        }
        return -1;
    }

    /** Width of the accumulator operand: the listed AL/AX/EAX, else the operand size. */
    private static int accumulatorSize(Instruction i) {
        for (Operand o : i.operands()) {
            if (o instanceof Operand.Reg r && r.register().kind == Register.Kind.GPR && r.register().number == 0) {
                return r.register().size;
            }
        }
        return Math.min(i.operandSize(), 4);
    }

    private static Op in(Instruction i, TranslationContext x) {
        int port = immediatePort(i);
        int size = accumulatorSize(i);
        return c -> {
            int p = port >= 0 ? port : (int) c.gpr[2] & 0xffff;
            IoPermission.check(c, p, size);
            long v = c.io.in(p, size) & 0xffffffffL;
            c.writeGpr(0, size, false, v);
        };
    }

    private static Op out(Instruction i, TranslationContext x) {
        int port = immediatePort(i);
        int size = accumulatorSize(i);
        return c -> {
            int p = port >= 0 ? port : (int) c.gpr[2] & 0xffff;
            IoPermission.check(c, p, size);
            c.io.out(p, size, (int) c.readGpr(0, size, false));
        };
    }

    /** One element of INS or OUTS: moves {@code size} bytes between port {@code port} and memory. */
    @FunctionalInterface
    private interface PortTransfer {
        void transfer(Cpu c, int port, long addressMask);
    }

    private static Op ins(Instruction i, TranslationContext x) {
        int size = Math.min(i.operandSize(), 4);
        int addr = i.addressSize();
        return repeated(i, size, (c, port, mask) -> {
            long di = c.gpr[7] & mask;
            long la = Segmentation.linear(c, Cpu.ES, di, size, true);
            c.mmu.probeWrite(la, size);
            int v = c.io.in(port, size);
            c.mmu.write(la, size, v);
            step(c, 7, di, size, addr, mask);
        });
    }

    private static Op outs(Instruction i, TranslationContext x) {
        int size = Math.min(i.operandSize(), 4);
        int addr = i.addressSize();
        int segment = segmentOf(i);
        return repeated(i, size, (c, port, mask) -> {
            long si = c.gpr[6] & mask;
            long la = Segmentation.linear(c, segment, si, size, false);
            long v = c.mmu.read(la, size);
            c.io.out(port, size, (int) v);
            step(c, 6, si, size, addr, mask);
        });
    }

    /**
     * The REP framing of INS/OUTS (SDM Vol. 2 REP): rCX counts elements in the address size, the
     * I/O permission is checked per element, and an execution ends after its iteration budget with
     * RIP left on the instruction.
     */
    private static Op repeated(Instruction i, int size, PortTransfer element) {
        int addr = i.addressSize();
        long mask = addr == 8 ? -1L : (1L << (addr * 8)) - 1;
        boolean rep = i.has(Instruction.PREFIX_REP) || i.has(Instruction.PREFIX_REPNE);
        long self = i.address();
        long next = nextRip(i);
        return c -> {
            int budget = iterationBudget(c);
            while (!rep || (c.gpr[1] & mask) != 0) {
                if (budget-- == 0) {
                    c.rip = self;
                    return;
                }
                int p = (int) c.gpr[2] & 0xffff;
                IoPermission.check(c, p, size);
                element.transfer(c, p, mask);
                if (!rep) {
                    break;
                }
                c.gpr[1] = merge(c.gpr[1], (c.gpr[1] - 1) & mask, addr);
            }
            c.rip = next;
        };
    }

    /** At most 65,536 iterations per execution, or one under single-step (RFLAGS.TF). */
    private static int iterationBudget(Cpu c) {
        return (c.rflags & Flags.TF) != 0 ? 1 : 1 << 16;
    }

    private static long nextRip(Instruction i) {
        long next = i.nextAddress();
        return i.codeSize() == CodeSize.BITS64 ? next
                : next & (i.codeSize() == CodeSize.BITS32 ? 0xffffffffL : 0xffffL);
    }

    /** OUTS reads DS:rSI unless a segment prefix overrides DS (SDM Vol. 2 OUTS). */
    private static int segmentOf(Instruction i) {
        return i.segmentOverride() != null ? i.segmentOverride().number : Cpu.DS;
    }

    private static void step(Cpu c, int reg, long value, int size, int addr, long mask) {
        long nv = ((c.rflags & Flags.DF) != 0 ? value - size : value + size) & mask;
        c.gpr[reg] = merge(c.gpr[reg], nv, addr);
    }

    /** Address-size register update: 16-bit merges, 32-bit zero-extends, 64-bit replaces. */
    private static long merge(long old, long v, int addr) {
        return addr == 2 ? (old & ~0xffffL) | v : v;
    }
}
