package io.xenscope.cpu.isa.state;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Locations.MemoryLocation;
import io.xenscope.cpu.exec.OpTable;
import io.xenscope.cpu.fault.DeviceNotAvailable;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.InvalidOpcode;
import io.xenscope.cpu.isa.sse.Mxcsr;
import io.xenscope.cpu.isa.sse.SseAvailability;

/**
 * Saving and restoring SIMD/x87 state: ldmxcsr/stmxcsr, fxsave/fxrstor, and xsave/xrstor for the
 * x87 and SSE components (XCR0 bits 0 and 1; other components are not supported, so XCR0 can hold
 * no others). The standard (non-compacted) format only.
 */
public final class StateFamily implements InstructionFamily {
    static final int XSAVE_HEADER = 512, XSAVE_SIZE = 576;

    @Override
    public void register(OpTable t) {
        t.add(Mnemonic.LDMXCSR, (insn, ctx) -> {
            MemoryLocation m = memory(insn, 4);
            return c -> {
                SseAvailability.check(c);
                int v = (int) m.read(c);
                if ((v & ~Mxcsr.WRITABLE) != 0) {
                    throw new GeneralProtection(0, String.format("ldmxcsr 0x%x sets reserved bits", v));
                }
                c.mxcsr = v;
            };
        });
        t.add(Mnemonic.STMXCSR, (insn, ctx) -> {
            MemoryLocation m = memory(insn, 4);
            return c -> {
                SseAvailability.check(c);
                m.write(c, c.mxcsr & 0xffffffffL);
            };
        });
        t.add(Mnemonic.FXSAVE, (insn, ctx) -> {
            MemoryLocation m = memory(insn, FxState.SIZE);
            boolean rexW = insn.has(Instruction.PREFIX_REX_W);
            return c -> {
                fxAvailable(c);
                long la = aligned(c, m.linear(c, true), 16);
                c.mmu.probeWrite(la, FxState.SIZE);
                FxState.storeX87(c, la, rexW);
                FxState.storeMxcsr(c, la);
                FxState.storeXmm(c, la);
            };
        });
        t.add(Mnemonic.FXRSTOR, (insn, ctx) -> {
            MemoryLocation m = memory(insn, FxState.SIZE);
            boolean rexW = insn.has(Instruction.PREFIX_REX_W);
            return c -> {
                fxAvailable(c);
                long la = aligned(c, m.linear(c, false), 16);
                int mxcsr = FxState.readMxcsr(c, la);
                c.mmu.read64(la + FxState.SIZE - 8); // fault on the last page before changing anything
                FxState.loadX87(c, la, rexW);
                FxState.loadXmm(c, la);
                c.mxcsr = mxcsr;
            };
        });
        t.add(Mnemonic.XSAVE, (insn, ctx) -> {
            MemoryLocation m = memory(insn, XSAVE_SIZE);
            boolean rexW = insn.has(Instruction.PREFIX_REX_W);
            return c -> {
                long rfbm = xsaveAvailable(c);
                long la = aligned(c, m.linear(c, true), 64);
                c.mmu.probeWrite(la, XSAVE_SIZE);
                if ((rfbm & 1) != 0) {
                    FxState.storeX87(c, la, rexW);
                }
                if ((rfbm & 2) != 0) {
                    FxState.storeMxcsr(c, la);
                    FxState.storeXmm(c, la);
                }
                long bv = c.mmu.read64(la + XSAVE_HEADER);
                c.mmu.write64(la + XSAVE_HEADER, (bv & ~rfbm) | (rfbm & 3)); // XINUSE taken as all ones
            };
        });
        t.add(Mnemonic.XRSTOR, (insn, ctx) -> {
            MemoryLocation m = memory(insn, XSAVE_SIZE);
            boolean rexW = insn.has(Instruction.PREFIX_REX_W);
            return c -> {
                long rfbm = xsaveAvailable(c);
                long la = aligned(c, m.linear(c, false), 64);
                long bv = c.mmu.read64(la + XSAVE_HEADER);
                long comp = c.mmu.read64(la + XSAVE_HEADER + 8);
                // SDM XRSTOR: #GP(0) for a compacted image, XSTATE_BV bits outside XCR0, reserved header bytes
                if (comp != 0 || (bv & ~c.xcr0) != 0 || c.mmu.read64(la + XSAVE_HEADER + 16) != 0) {
                    throw new GeneralProtection(0, "xrstor: invalid XSAVE header");
                }
                int mxcsr = (rfbm & 2) != 0 ? FxState.readMxcsr(c, la) : c.mxcsr;
                if ((rfbm & 1) != 0) {
                    if ((bv & 1) != 0) {
                        FxState.loadX87(c, la, rexW);
                    } else {
                        c.x87.init();
                        java.util.Arrays.fill(c.x87.significand, 0);
                        java.util.Arrays.fill(c.x87.signExponent, 0);
                    }
                }
                if ((rfbm & 2) != 0) {
                    if ((bv & 2) != 0) {
                        FxState.loadXmm(c, la);
                    } else {
                        java.util.Arrays.fill(c.xmm, 0, 2 * FxState.xmmCount(c), 0);
                    }
                    c.mxcsr = mxcsr;
                }
            };
        });
    }

    static MemoryLocation memory(Instruction insn, int size) {
        return Locations.memory((Operand.Mem) insn.operand(0), insn, size);
    }

    static long aligned(Cpu c, long la, int alignment) {
        if ((la & (alignment - 1)) != 0) {
            throw new GeneralProtection(0, String.format("state image at 0x%x is not %d-byte aligned", la, alignment));
        }
        return la;
    }

    /** FXSAVE/FXRSTOR: #NM if CR0.TS or CR0.EM (SDM FXSAVE "Protected Mode Exceptions"). */
    static void fxAvailable(Cpu c) {
        if ((c.cr0 & (Cpu.CR0_TS | Cpu.CR0_EM)) != 0) {
            throw new DeviceNotAvailable("fxsave/fxrstor with CR0.TS or CR0.EM set");
        }
    }

    /** XSAVE/XRSTOR: #UD if CR4.OSXSAVE = 0, #NM if CR0.TS; returns RFBM = XCR0 AND EDX:EAX. */
    static long xsaveAvailable(Cpu c) {
        if ((c.cr4 & Cpu.CR4_OSXSAVE) == 0) {
            throw new InvalidOpcode("xsave/xrstor with CR4.OSXSAVE=0");
        }
        if ((c.cr0 & Cpu.CR0_TS) != 0) {
            throw new DeviceNotAvailable("xsave/xrstor with CR0.TS set");
        }
        long mask = (c.gpr[2] << 32) | (c.gpr[0] & 0xffffffffL);
        return c.xcr0 & mask & 3;
    }
}
