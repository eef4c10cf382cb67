package io.xenscope.cpu.exec;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.CodeSource;
import io.xenscope.cpu.decoder.Decoder;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.GuestFault;
import io.xenscope.cpu.fault.InvalidOpcode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes guest code once into a {@link Block} of {@link Op}s. A block ends at a block-ending
 * instruction (branches, mode changes: see {@link OpTable#addBlockEnd}), before an instruction that
 * starts on another page, or at {@link #MAX_BLOCK} instructions. An instruction that cannot be
 * fetched ends the block before it, so its fault is raised when execution reaches it.
 */
public final class Translator {
    public static final int MAX_BLOCK = 64;

    private final OpTable table;
    private Breakpoints breakpoints = Breakpoints.NONE;

    public Translator(OpTable table) {
        this.table = table;
    }

    /** Blocks translated from now on end before any instruction at one of these linear addresses. */
    public void setBreakpoints(Breakpoints breakpoints) {
        this.breakpoints = breakpoints == null ? Breakpoints.NONE : breakpoints;
    }

    public OpTable table() {
        return table;
    }

    /** Translates at most {@code maxInstructions} starting at the current CS:RIP. */
    public Block translate(Cpu cpu, int maxInstructions) {
        CodeSize size = cpu.codeSize;
        boolean bits64 = size == CodeSize.BITS64;
        long csBase = bits64 ? 0 : cpu.seg[Cpu.CS].base;
        long csLimit = cpu.seg[Cpu.CS].limit;
        long ripMask = bits64 ? -1L : size == CodeSize.BITS32 ? 0xffffffffL : 0xffffL;
        long startRip = cpu.rip;
        long startLinear = linear(csBase, startRip, bits64);

        CodeSource fetch = rip -> {
            long offset = rip & ripMask;
            if (!bits64 && offset > csLimit) {
                throw new GeneralProtection(0, String.format("instruction fetch at 0x%x beyond the CS limit 0x%x", offset, csLimit));
            }
            long pa = cpu.mmu.translateFetch(linear(csBase, offset, bits64));
            cpu.memory.markCode(pa);
            return cpu.memory.read8(pa);
        };

        long physical = cpu.mmu.translateFetch(startLinear);
        List<Op> ops = new ArrayList<>();
        List<Long> rips = new ArrayList<>();
        List<Integer> retired = new ArrayList<>();
        int instructions = 0;
        long rip = startRip;
        long lastFrame = physical >>> 12;
        boolean branch = false;
        Instruction pending = null; // decoded ahead while looking for a fusion partner
        Breakpoints bps = breakpoints;
        boolean anyBreakpoint = !bps.isEmpty();
        while (instructions < maxInstructions) {
            if (anyBreakpoint && instructions > 0 && bps.contains(linear(csBase, rip, bits64))) {
                break; // a breakpoint always starts a block
            }
            Instruction insn = pending;
            pending = null;
            if (insn == null) {
                try {
                    insn = Decoder.decode(fetch, rip, size);
                } catch (GuestFault f) {
                    if (ops.isEmpty()) {
                        throw f;
                    }
                    break; // the fault belongs to this instruction: raise it when execution gets here
                }
            }
            long next = (rip + insn.length()) & ripMask;
            lastFrame = cpu.mmu.translateFetch(linear(csBase, rip + insn.length() - 1, bits64)) >>> 12;
            rips.add(rip);
            retired.add(instructions);
            TranslationContext ctx = new TranslationContext(size, instructions);
            boolean samePage = ((linear(csBase, next, bits64) ^ startLinear) >>> 12) == 0;

            FusionFactory fusion = insn.isValid() && !insn.lockInvalid() ? table.fusion(insn.mnemonic()) : null;
            if (fusion != null && samePage && instructions + 2 <= maxInstructions) {
                Instruction jcc = decodeQuietly(fetch, next, size);
                if (jcc != null && isConditionalJump(jcc)
                        && !(anyBreakpoint && bps.contains(linear(csBase, next, bits64)))) {
                    Op fused = fusion.fuse(insn, jcc, ctx);
                    if (fused != null) {
                        lastFrame = cpu.mmu.translateFetch(linear(csBase, next + jcc.length() - 1, bits64)) >>> 12;
                        ops.add(fused);
                        instructions += 2;
                        rip = (next + jcc.length()) & ripMask;
                        branch = true;
                        break;
                    }
                }
                pending = jcc;
            }
            ops.add(build(insn, ctx));
            instructions++;
            rip = next;
            if (table.endsBlock(insn) && insn.isValid()) {
                branch = true;
                break;
            }
            if (!samePage || !insn.isValid()) {
                break;
            }
        }
        retired.add(instructions);
        long[] ripArray = new long[rips.size()];
        int[] retiredArray = new int[retired.size()];
        for (int i = 0; i < ripArray.length; i++) {
            ripArray[i] = rips.get(i);
        }
        for (int i = 0; i < retiredArray.length; i++) {
            retiredArray[i] = retired.get(i);
        }
        Block block = new Block(startLinear, csBase, size, physical, lastFrame, ops.toArray(new Op[0]), ripArray,
                retiredArray, rip, branch);
        block.breakpoint = anyBreakpoint && bps.contains(startLinear);
        return block;
    }

    private static boolean isConditionalJump(Instruction insn) {
        return insn.condition() >= 0 && insn.isValid() && insn.mnemonic().name().charAt(0) == 'J';
    }

    private static Instruction decodeQuietly(CodeSource fetch, long rip, CodeSize size) {
        try {
            return Decoder.decode(fetch, rip, size);
        } catch (GuestFault f) {
            return null;
        }
    }

    static long linear(long csBase, long rip, boolean bits64) {
        return bits64 ? rip : (csBase + rip) & 0xffffffffL;
    }

    private Op build(Instruction insn, TranslationContext ctx) {
        if (insn.tooLong()) {
            return c -> {
                throw new GeneralProtection(0, "instruction longer than 15 bytes");
            };
        }
        if (!insn.isValid()) {
            return c -> {
                throw new InvalidOpcode("invalid instruction encoding");
            };
        }
        if (insn.lockInvalid()) {
            return c -> {
                throw new InvalidOpcode("LOCK prefix on an instruction that cannot be locked");
            };
        }
        OpFactory factory = table.factory(insn);
        if (factory == null) {
            String name = insn.mnemonic().name().toLowerCase(Locale.ROOT);
            return c -> {
                throw new InvalidOpcode(name + " is not implemented by XenScope's CPU");
            };
        }
        return factory.translate(insn, ctx);
    }
}
