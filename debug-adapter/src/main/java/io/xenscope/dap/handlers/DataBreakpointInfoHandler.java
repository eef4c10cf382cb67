package io.xenscope.dap.handlers;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.ElfSymbol;
import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.GuestView;
import io.xenscope.dap.expr.GuestRegisters;
import io.xenscope.dap.Handler;
import io.xenscope.debug.DebugSession;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.debug.DataBreakpointAccessType;
import org.eclipse.lsp4j.debug.DataBreakpointInfoArguments;
import org.eclipse.lsp4j.debug.DataBreakpointInfoResponse;

/**
 * dataBreakpointInfo: what memory a data breakpoint on a variable or expression would watch, as a
 * dataId {@code va:0xADDR:LEN} (guest-virtual) or {@code pa:0xADDR:LEN} (physical). Sources: a
 * register of the Registers scope (the 8 bytes it points to), an address ({@code asAddress} with
 * {@code bytes}, or {@code 0xADDR}, {@code 0xADDR:LEN}, {@code *(uintN_t *)ADDR}, {@code phys 0xADDR[:LEN]}),
 * or a data symbol of the kernel's ELF symbol table (its size). Watches may have any length; they
 * cannot persist across sessions (addresses change with the build).
 */
public final class DataBreakpointInfoHandler implements Handler<DataBreakpointInfoArguments, DataBreakpointInfoResponse> {
    private static final Pattern CAST = Pattern.compile("\\*\\(\\s*u?int(8|16|32|64)_t\\s*\\*\\s*\\)\\s*(\\S+)");
    private static final Pattern RANGE = Pattern.compile("(phys\\s+)?(0[xX][0-9a-fA-F]+|\\d+)(?:\\s*:\\s*(\\d+))?");

    /** What a dataId names. */
    public record Target(boolean physical, long address, long length) {
        public String dataId() {
            return String.format("%s:0x%x:%d", physical ? "pa" : "va", address, length);
        }

        /** Parses {@code va:0xADDR:LEN} / {@code pa:0xADDR:LEN}. */
        public static Target parse(String dataId) {
            String[] f = dataId == null ? new String[0] : dataId.split(":");
            if (f.length != 3 || !(f[0].equals("va") || f[0].equals("pa"))) {
                throw new DapError("not a XenScope dataId (va:0xADDR:LEN or pa:0xADDR:LEN): '" + dataId + "'");
            }
            long len;
            try {
                len = Long.parseLong(f[2]);
            } catch (NumberFormatException e) {
                throw new DapError("bad length in dataId '" + dataId + "'");
            }
            if (len <= 0) {
                throw new DapError("a data breakpoint covers at least one byte: '" + dataId + "'");
            }
            return new Target(f[0].equals("pa"), GuestView.parseAddress(f[1]), len);
        }
    }

    @Override
    public DataBreakpointInfoResponse handle(DataBreakpointInfoArguments a, DapContext ctx) throws Exception {
        if (a == null || a.getName() == null) {
            throw new DapError("dataBreakpointInfo needs \"name\"");
        }
        DebugSession s = ctx.stoppedSession();
        DataBreakpointInfoResponse r = new DataBreakpointInfoResponse();
        r.setCanPersist(false);
        Target t;
        String what;
        try {
            if (a.getVariablesReference() != null && a.getVariablesReference() > 0) {
                Optional<Long> reg = GuestRegisters.reader(a.getName()).map(read -> read.applyAsLong(s));
                if (reg.isEmpty()) {
                    r.setDescription("'" + a.getName() + "' is not a register holding an address");
                    return r;
                }
                t = new Target(false, reg.get(), bytes(a, 8));
                what = "where " + a.getName() + " points";
            } else if (Boolean.TRUE.equals(a.getAsAddress())) {
                t = new Target(false, GuestView.parseAddress(a.getName()), bytes(a, 1));
                what = "memory";
            } else {
                t = expression(ctx, a.getName().trim(), a);
                what = a.getName().trim();
            }
        } catch (DapError e) {
            r.setDescription(e.getMessage());
            return r;
        }
        r.setDataId(t.dataId());
        r.setDescription(String.format("%d byte%s at %s0x%x (%s)", t.length(), t.length() == 1 ? "" : "s",
                t.physical() ? "physical " : "", t.address(), what));
        r.setAccessTypes(new DataBreakpointAccessType[] {DataBreakpointAccessType.WRITE, DataBreakpointAccessType.READ,
            DataBreakpointAccessType.READ_WRITE});
        return r;
    }

    private static long bytes(DataBreakpointInfoArguments a, long otherwise) {
        if (a.getBytes() == null) {
            return otherwise;
        }
        if (a.getBytes() <= 0) {
            throw new DapError("bytes must be positive: " + a.getBytes());
        }
        return a.getBytes();
    }

    private static Target expression(DapContext ctx, String e, DataBreakpointInfoArguments a) throws Exception {
        Matcher cast = CAST.matcher(e);
        if (cast.matches()) {
            return new Target(false, GuestView.parseAddress(cast.group(2)), Integer.parseInt(cast.group(1)) / 8);
        }
        Matcher range = RANGE.matcher(e);
        if (range.matches()) {
            long len = range.group(3) != null ? Long.parseLong(range.group(3)) : bytes(a, 1);
            if (len <= 0) {
                throw new DapError("a data breakpoint covers at least one byte");
            }
            return new Target(range.group(1) != null, GuestView.parseAddress(range.group(2)), len);
        }
        if (ctx.program() != null) {
            for (ElfSymbol sym : ElfImage.read(ctx.program()).symbols()) {
                if (sym.name().equals(e) && sym.type() == ElfSymbol.STT_OBJECT) {
                    return new Target(false, sym.value(), bytes(a, Math.max(1, sym.size())));
                }
            }
        }
        throw new DapError("cannot watch '" + e + "': not an address, *(uintN_t *)ADDR, or a data symbol of the kernel");
    }
}
