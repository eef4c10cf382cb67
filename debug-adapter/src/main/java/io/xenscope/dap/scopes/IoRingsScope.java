package io.xenscope.dap.scopes;

import io.xenscope.dap.VariableStore;
import io.xenscope.debug.DebugSession;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.Domain;
import io.xenscope.xen.console.ConsoleBackend;
import io.xenscope.xen.store.XsWire;
import java.util.List;
import org.eclipse.lsp4j.debug.Variable;

/**
 * The "I/O rings" scope: the PV console ring (xencons_interface, io/console.h) and the xenstore ring
 * (xenstore_domain_interface, io/xs_wire.h) as they are in memory now: free-running indices, the
 * bytes between cons and prod (what the other side has not consumed yet) as text, and the xs_wire
 * header of a pending xenstore message.
 */
public final class IoRingsScope {
    private IoRingsScope() {
    }

    public static List<Variable> variables(VariableStore store, DebugSession s) {
        Domain d = s.machine().domain();
        PhysicalMemory m = d.mem;
        Vars v = new Vars(store);
        long con = d.consoleMfn << 12;
        long xs = d.storeMfn << 12;
        v.group("console", summary(m, con + ConsoleBackend.OUT_CONS, con + ConsoleBackend.OUT_PROD, "out")
                + ", " + summary(m, con + ConsoleBackend.IN_CONS, con + ConsoleBackend.IN_PROD, "in"), c -> {
                    c.hex("ring", con).dec("evtchn", d.consolePort);
                    ring(c, m, "out", con + ConsoleBackend.OUT_OFFSET, ConsoleBackend.OUT_SIZE,
                            con + ConsoleBackend.OUT_CONS, con + ConsoleBackend.OUT_PROD);
                    ring(c, m, "in", con + ConsoleBackend.IN_OFFSET, ConsoleBackend.IN_SIZE,
                            con + ConsoleBackend.IN_CONS, con + ConsoleBackend.IN_PROD);
                });
        v.group("xenstore", summary(m, xs + XsWire.REQ_CONS, xs + XsWire.REQ_PROD, "req")
                + ", " + summary(m, xs + XsWire.RSP_CONS, xs + XsWire.RSP_PROD, "rsp"), c -> {
                    c.hex("ring", xs).dec("evtchn", d.storePort);
                    ring(c, m, "req", xs + XsWire.REQ, XsWire.XENSTORE_RING_SIZE, xs + XsWire.REQ_CONS, xs + XsWire.REQ_PROD);
                    ring(c, m, "rsp", xs + XsWire.RSP, XsWire.XENSTORE_RING_SIZE, xs + XsWire.RSP_CONS, xs + XsWire.RSP_PROD);
                    c.hex("server_features", u32(m, xs + XsWire.SERVER_FEATURES));
                    c.dec("connection", u32(m, xs + XsWire.CONNECTION));
                    c.dec("error", u32(m, xs + XsWire.ERROR));
                });
        return v.list;
    }

    private static long u32(PhysicalMemory m, long pa) {
        return m.read32(pa) & 0xffffffffL;
    }

    private static String summary(PhysicalMemory m, long consAt, long prodAt, String name) {
        return name + " " + (int) (u32(m, prodAt) - u32(m, consAt)) + " pending";
    }

    /** cons, prod, and the pending bytes (prod - cons, the indices masked by the ring size). */
    private static void ring(Vars c, PhysicalMemory m, String name, long data, int size, long consAt, long prodAt) {
        long cons = u32(m, consAt);
        long prod = u32(m, prodAt);
        int pending = (int) (prod - cons);
        c.dec(name + "_cons", cons).dec(name + "_prod", prod);
        if (pending < 0 || pending > size) {
            c.add(name + " pending", "corrupt: prod - cons = " + pending + " exceeds the ring (" + size + ")");
            return;
        }
        byte[] b = new byte[pending];
        for (int i = 0; i < pending; i++) {
            b[i] = (byte) m.read8(data + ((cons + i) & (size - 1)));
        }
        c.add(name + " pending", pending + " bytes " + Vars.text(b));
        if (name.equals("req") || name.equals("rsp")) {
            if (pending >= XsWire.HEADER_SIZE) {
                java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(b, 0, XsWire.HEADER_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                int type = h.getInt();
                long reqId = h.getInt() & 0xffffffffL;
                long txId = h.getInt() & 0xffffffffL;
                long len = h.getInt() & 0xffffffffL;
                c.add(name + " message", XsWire.typeName(type) + " req_id=" + reqId + " tx_id=" + txId + " len=" + len);
            }
        }
    }
}
