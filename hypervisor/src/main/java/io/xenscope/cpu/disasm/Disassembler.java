package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.CodeSource;
import io.xenscope.cpu.decoder.Decoder;
import io.xenscope.cpu.decoder.Instruction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Disassembles with our {@link Decoder} and prints in AT&T ({@code objdump -d}) or Intel
 * ({@code objdump -d -M intel}) syntax. An optional symbolizer names branch targets and
 * RIP-relative addresses ({@code call   0x401020 <main+0x10>}).
 */
public final class Disassembler {
    /** One disassembled instruction. */
    public record Line(Instruction instruction, byte[] bytes, String text) {
    }

    private final Syntax syntax;
    private final LongFunction<String> symbolizer;

    public Disassembler(Syntax syntax, LongFunction<String> symbolizer) {
        this.syntax = syntax;
        this.symbolizer = symbolizer;
    }

    public static Disassembler att() {
        return new Disassembler(new AttSyntax(), null);
    }

    public static Disassembler intel() {
        return new Disassembler(new IntelSyntax(), null);
    }

    public Disassembler withSymbolizer(LongFunction<String> symbolizer) {
        return new Disassembler(syntax, symbolizer);
    }

    /** Text of an already decoded instruction, whose bytes {@code src} still holds. */
    public String format(Instruction insn, CodeSource src) {
        return syntax.format(insn, bytes(insn, src), symbolizer);
    }

    public String format(Instruction insn, byte[] bytes) {
        return syntax.format(insn, bytes, symbolizer);
    }

    public Line disassembleOne(CodeSource src, long address, CodeSize mode) {
        Instruction insn = Decoder.decode(src, address, mode);
        byte[] b = bytes(insn, src);
        return new Line(insn, b, syntax.format(insn, b, symbolizer));
    }

    /** Up to {@code count} consecutive instructions (fewer when the source runs out). */
    public List<Line> disassemble(CodeSource src, long address, CodeSize mode, int count) {
        List<Line> out = new ArrayList<>(count);
        long a = address;
        for (int i = 0; i < count; i++) {
            Line l;
            try {
                l = disassembleOne(src, a, mode);
            } catch (CodeSource.CodeSourceExhausted e) {
                break;
            }
            out.add(l);
            a += l.instruction().length();
        }
        return out;
    }

    private static byte[] bytes(Instruction insn, CodeSource src) {
        byte[] b = new byte[insn.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) src.fetch(insn.address() + i);
        }
        return b;
    }
}
