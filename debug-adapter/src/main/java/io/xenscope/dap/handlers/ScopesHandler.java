package io.xenscope.dap.handlers;

import io.xenscope.cpu.Flags;
import io.xenscope.dap.DapContext;
import io.xenscope.dap.GuestView;
import io.xenscope.dap.Handler;
import io.xenscope.dap.scopes.IoRingsScope;
import io.xenscope.dap.scopes.XenScope;
import io.xenscope.dap.expr.ExpressionError;
import io.xenscope.dap.expr.ExpressionParser;
import io.xenscope.dap.expr.GuestRegisters;
import io.xenscope.debug.DebugSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.ScopesResponse;
import org.eclipse.lsp4j.debug.Variable;

/**
 * scopes: "Registers" (the registers of the frame's vCPU as they are now, whatever the frame's level: GPRs, RIP, RFLAGS
 * with its flag bits, segment selectors, control registers and EFER; GPRs, rip, rflags bits,
 * fs/gs base and cr2 can be set), "Xen" ({@link XenScope}) and "I/O rings" ({@link IoRingsScope}),
 * both expanded lazily.
 */
public final class ScopesHandler implements Handler<ScopesArguments, ScopesResponse> {
    private static final String[] FLAG_NAMES = {"CF", "PF", "AF", "ZF", "SF", "TF", "IF", "DF", "OF"};
    private static final long[] FLAG_BITS = {Flags.CF, Flags.PF, Flags.AF, Flags.ZF, Flags.SF, Flags.TF, 1L << 9,
            1L << 10, 1L << 11};

    @Override
    public ScopesResponse handle(ScopesArguments a, DapContext ctx) {
        DebugSession s = ctx.stoppedSession();
        ThreadCheck.selectFrame(ctx, a == null ? null : a.getFrameId());
        int vcpu = s.selectedVcpu(); // expanded later: each scope reads the frame's vCPU
        Scope regs = new Scope();
        regs.setName("Registers");
        regs.setPresentationHint("registers");
        regs.setVariablesReference(ctx.variables.add(() -> {
            s.selectVcpu(vcpu);
            return registers(ctx, s);
        }, (name, value) -> {
            s.selectVcpu(vcpu);
            return setRegister(ctx, s, name, value);
        }));
        Scope xen = new Scope();
        xen.setName("Xen");
        xen.setVariablesReference(ctx.variables.add(() -> XenScope.variables(ctx.variables, s)));
        Scope rings = new Scope();
        rings.setName("I/O rings");
        rings.setVariablesReference(ctx.variables.add(() -> IoRingsScope.variables(ctx.variables, s)));
        ScopesResponse r = new ScopesResponse();
        r.setScopes(new Scope[] {regs, xen, rings});
        return r;
    }

    static List<Variable> registers(DapContext ctx, DebugSession s) {
        List<Variable> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : GuestView.registers(s).entrySet()) {
            Variable v = variable(e.getKey(), e.getValue());
            if (e.getKey().equals("rflags")) {
                long f = e.getValue();
                v.setValue(GuestView.hex(f) + " " + flagString(f));
                v.setVariablesReference(ctx.variables.add(() -> flagBits(f), (name, value) -> setFlag(s, name, value)));
            }
            out.add(v);
        }
        return out;
    }

    /** Sets a register to the value of an expression; the register as it now reads. */
    static Variable setRegister(DapContext ctx, DebugSession s, String name, String value) {
        GuestRegisters.write(s, name, ExpressionParser.parse(value, s.symbols()).eval(s));
        return registers(ctx, s).stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseGet(() -> variable(name, GuestRegisters.reader(name).orElseThrow().applyAsLong(s)));
    }

    /** Sets one flag under rflags to 0 or 1. */
    static Variable setFlag(DebugSession s, String name, String value) {
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if (FLAG_NAMES[i].equals(name)) {
                long bit = ExpressionParser.parse(value, s.symbols()).eval(s);
                if (bit != 0 && bit != 1) {
                    throw new ExpressionError("a flag is 0 or 1");
                }
                long f = s.rflags();
                GuestRegisters.write(s, "rflags", bit == 1 ? f | FLAG_BITS[i] : f & ~FLAG_BITS[i]);
                return flagBits(s.rflags()).get(i);
            }
        }
        throw new ExpressionError(name + " cannot be changed from the debugger");
    }

    static List<Variable> flagBits(long f) {
                    List<Variable> bits = new ArrayList<>();
                    for (int i = 0; i < FLAG_NAMES.length; i++) {
                        Variable b = new Variable();
                        b.setName(FLAG_NAMES[i]);
                        b.setValue((f & FLAG_BITS[i]) != 0 ? "1" : "0");
                        bits.add(b);
                    }
                    Variable iopl = new Variable();
                    iopl.setName("IOPL");
                    iopl.setValue(String.valueOf(f >> 12 & 3));
                    bits.add(iopl);
                    return bits;
    }

    static String flagString(long f) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((f & FLAG_BITS[i]) != 0) {
                sb.append(sb.length() > 1 ? " " : "").append(FLAG_NAMES[i]);
            }
        }
        return sb.append("]").toString();
    }

    static Variable variable(String name, long value) {
        Variable v = new Variable();
        v.setName(name);
        v.setValue(GuestView.hex(value));
        v.setMemoryReference(GuestView.hex(value));
        return v;
    }
}
