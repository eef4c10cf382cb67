package io.xenscope.dap.handlers;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.CodeSource;
import io.xenscope.cpu.disasm.Disassembler;
import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.GuestView;
import io.xenscope.dap.Handler;
import io.xenscope.debug.DebugSession;
import io.xenscope.debug.symbols.SymbolTable;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.debug.DisassembleArguments;
import org.eclipse.lsp4j.debug.DisassembleResponse;
import org.eclipse.lsp4j.debug.DisassembledInstruction;
import org.eclipse.lsp4j.debug.DisassembledInstructionPresentationHint;
import org.eclipse.lsp4j.debug.Source;

/**
 * disassemble: our decoder in AT&T syntax, in the CPU's current code size (16-bit in real mode, at
 * linear addresses: CS.base + IP), branch targets named by the symbol table, each
 * instruction with its source line. Exactly {@code instructionCount} entries: unreadable memory gives
 * "invalid" placeholders. A negative instructionOffset decodes from the enclosing function's entry
 * (or from far enough back) to find the instructions before the reference.
 */
public final class DisassembleHandler implements Handler<DisassembleArguments, DisassembleResponse> {
    static final int MAX = 10_000;

    @Override
    public DisassembleResponse handle(DisassembleArguments a, DapContext ctx) {
        if (a == null) {
            throw new DapError("disassemble needs arguments");
        }
        DebugSession s = ctx.stoppedSession();
        int count = a.getInstructionCount();
        if (count < 0 || count > MAX) {
            throw new DapError("instructionCount must be between 0 and " + MAX);
        }
        long ref = GuestView.parseAddress(a.getMemoryReference()) + (a.getOffset() == null ? 0 : a.getOffset());
        int insnOffset = a.getInstructionOffset() == null ? 0 : a.getInstructionOffset();
        SymbolTable st = s.symbols();
        CodeSize size = s.codeSize(); // as the CPU would decode it now: 16-bit in real mode
        Disassembler d = Disassembler.att().withSymbolizer(addr -> {
            Optional<SymbolTable.Symbolized> sym = st == null ? Optional.empty() : st.lookup(addr);
            return sym.isPresent() && sym.get().function() != null
                    ? sym.get().function() + (sym.get().offset() == 0 ? "" : "+0x" + Long.toHexString(sym.get().offset()))
                    : null;
        });
        CodeSource src = addr -> {
            byte[] b = s.memory().read(addr, 1);
            if (b.length == 0) {
                throw new CodeSource.CodeSourceExhausted(addr);
            }
            return b[0] & 0xff;
        };
        List<DisassembledInstruction> out = new ArrayList<>();
        long start = ref;
        if (insnOffset < 0) {
            List<Long> before = addressesBefore(d, src, size, st, ref, -insnOffset);
            int missing = -insnOffset - before.size();
            for (int i = 0; i < missing && out.size() < count; i++) {
                out.add(invalid(ref - missing + i));
            }
            start = before.isEmpty() ? ref : before.get(0);
        } else {
            for (int i = 0; i < insnOffset; i++) {
                try {
                    start += d.disassembleOne(src, start, size).instruction().length();
                } catch (RuntimeException e) {
                    start += 1;
                }
            }
        }
        long addr = start;
        String lastFile = null;
        int lastLine = -1;
        while (out.size() < count) {
            DisassembledInstruction di = new DisassembledInstruction();
            di.setAddress(GuestView.hex(addr));
            try {
                Disassembler.Line l = d.disassembleOne(src, addr, size);
                di.setInstruction(l.text());
                di.setInstructionBytes(HexFormat.ofDelimiter(" ").formatHex(l.bytes()));
                Optional<SymbolTable.Symbolized> sym = st == null ? Optional.empty() : st.lookup(addr);
                if (sym.isPresent()) {
                    SymbolTable.Symbolized y = sym.get();
                    if (y.function() != null && y.offset() == 0) {
                        di.setSymbol(y.function());
                    }
                    if (y.file() != null && y.line() > 0 && (!y.file().equals(lastFile) || y.line() != lastLine)) {
                        Source so = GuestView.source(ctx, y.file());
                        di.setLocation(so);
                        di.setLine(y.line());
                        lastFile = y.file();
                        lastLine = y.line();
                    }
                }
                addr += l.instruction().length();
            } catch (RuntimeException e) {
                di = invalid(addr);
                addr += 1;
            }
            out.add(di);
        }
        DisassembleResponse r = new DisassembleResponse();
        r.setInstructions(out.toArray(new DisassembledInstruction[0]));
        return r;
    }

    private static DisassembledInstruction invalid(long addr) {
        DisassembledInstruction di = new DisassembledInstruction();
        di.setAddress(GuestView.hex(addr));
        di.setInstruction("(bad)");
        di.setPresentationHint(DisassembledInstructionPresentationHint.INVALID);
        return di;
    }

    /** Up to {@code n} instruction addresses that end exactly at {@code ref}, decoding forward from before it. */
    private static List<Long> addressesBefore(Disassembler d, CodeSource src, CodeSize size, SymbolTable st, long ref, int n) {
        long from = ref - 16L * n;
        if (st != null) {
            Optional<SymbolTable.Symbolized> f = st.lookup(ref - 1);
            if (f.isPresent() && f.get().function() != null && ref - 1 - f.get().offset() >= ref - 64L * n) {
                from = Math.min(from, ref - 1 - f.get().offset());
            }
        }
        for (long s = from; s < ref; s++) {
            List<Long> seen = new ArrayList<>();
            long a = s;
            try {
                while (a < ref) {
                    seen.add(a);
                    a += d.disassembleOne(src, a, size).instruction().length();
                }
            } catch (RuntimeException e) {
                continue;
            }
            if (a == ref) {
                return seen.subList(Math.max(0, seen.size() - n), seen.size());
            }
        }
        return List.of();
    }
}
