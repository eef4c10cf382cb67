package io.xenscope.gdb;

import io.xenscope.xen.Vcpu;

import io.xenscope.debug.DebugSession;
import io.xenscope.debug.StopEvent;
import io.xenscope.mmu.Watchpoint;
import io.xenscope.xen.MachineEvent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A GDB remote serial protocol stub over a {@link DebugSession}: one thread (vCPU 0), registers in
 * gdb's amd64 layout ({@link RegisterFile}), memory through the guest's page tables, software and
 * hardware breakpoints as engine breakpoints (guest memory is never patched), write/read/access
 * watchpoints (Z2/Z3/Z4, any length) reported as watch:/rwatch:/awatch: stops, continue/step
 * (including vCont), Ctrl-C, {@link Monitor} commands (stops they arm are explained in an 'O'
 * message before the T05), console output as 'O' packets, and W/X when the
 * domain shuts down. Malformed or unknown packets get an error or the empty reply; nothing a client
 * sends can throw out of {@link #serve}.
 */
public final class GdbServer {
    /** handle()'s answer when it has already sent its reply itself. */
    static final String SENT = new String("(sent)");
    /** Z2, Z3, Z4 (gdb's RSP "insert watchpoint"). */
    private static final Watchpoint.Kind[] WATCH_KINDS = {Watchpoint.Kind.WRITE, Watchpoint.Kind.READ, Watchpoint.Kind.ACCESS};
    private final DebugSession session;
    private final Monitor monitor;
    private PacketChannel channel;
    private final StringBuilder console = new StringBuilder();
    private boolean capture;
    private final io.xenscope.debug.ConsoleView consoleView = new io.xenscope.debug.ConsoleView();

    public GdbServer(DebugSession session) {
        this.session = session;
        this.monitor = new Monitor(session);
        session.machine().addListener(e -> {
            if (capture && e instanceof MachineEvent.ConsoleOutput c) {
                console.append(consoleView.show(c));
            }
        });
    }

    /** Listens on loopback {@code port} (0 = any free port); returns the bound socket. */
    public static ServerSocket listen(int port) throws IOException {
        return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
    }

    /** Accepts one connection and serves it until the client detaches, kills, or disconnects. */
    public void acceptAndServe(ServerSocket server) throws IOException {
        try (Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            serve(new BufferedInputStream(s.getInputStream()), new BufferedOutputStream(s.getOutputStream()));
        }
    }

    /** Serves one client over the given streams until it detaches, kills, or closes the stream. */
    public void serve(InputStream in, OutputStream out) throws IOException {
        channel = new PacketChannel(in, out);
        while (true) {
            String p = channel.read();
            if (p == null) {
                return;
            }
            if (p.equals(PacketChannel.INTERRUPT)) {
                channel.send(stopReply(session.lastStop(), session.selectedVcpu() + 1));
                continue;
            }
            String reply;
            try {
                reply = handle(p);
            } catch (RuntimeException e) {
                reply = "E01"; // a malformed packet, or a bug: the client gets an error, the server lives on
            }
            if (reply == null) { // k or D: the session ends
                return;
            }
            if (reply != SENT) {
                channel.send(reply);
            }
        }
    }

    /** The reply to one packet; null ends the session (after sending any final reply itself). */
    String handle(String p) throws IOException {
        if (p.isEmpty()) {
            return "";
        }
        char cmd = p.charAt(0);
        switch (cmd) {
            case '?':
                return stopReply(session.lastStop(), session.selectedVcpu() + 1);
            case 'g':
                return RegisterFile.readAll(session.cpu());
            case 'G':
                return RegisterFile.writeAll(session.cpu(), p.substring(1)) ? "OK" : "E01";
            case 'p': {
                int n = Integer.parseInt(p.substring(1), 16);
                return RegisterFile.size(n) < 0 ? "E00" : RegisterFile.read(session.cpu(), n);
            }
            case 'P': {
                int eq = p.indexOf('=');
                int n = Integer.parseInt(p.substring(1, eq), 16);
                return RegisterFile.write(session.cpu(), n, p.substring(eq + 1)) ? "OK" : "E00";
            }
            case 'm': {
                int comma = p.indexOf(',');
                long addr = Long.parseUnsignedLong(p.substring(1, comma), 16);
                int len = Integer.parseInt(p.substring(comma + 1), 16);
                byte[] data = session.memory().read(addr, Math.min(len, 0x4000));
                return data.length == 0 && len > 0 ? "E14" : hex(data);
            }
            case 'M': {
                int comma = p.indexOf(',');
                int colon = p.indexOf(':');
                long addr = Long.parseUnsignedLong(p.substring(1, comma), 16);
                int len = Integer.parseInt(p.substring(comma + 1, colon), 16);
                byte[] data = unhex(p.substring(colon + 1));
                if (data == null || data.length != len) {
                    return "E01";
                }
                return session.memory().write(addr, data) ? "OK" : "E14";
            }
            case 'X': {
                int comma = p.indexOf(',');
                int colon = p.indexOf(':');
                long addr = Long.parseUnsignedLong(p.substring(1, comma), 16);
                int len = Integer.parseInt(p.substring(comma + 1, colon), 16);
                byte[] data = p.substring(colon + 1).getBytes(StandardCharsets.ISO_8859_1);
                if (data.length != len) {
                    return "E01";
                }
                return len == 0 || session.memory().write(addr, data) ? "OK" : "E14";
            }
            case 'Z':
            case 'z': {
                char type = p.length() > 1 ? p.charAt(1) : '?';
                if (type < '0' || type > '4') {
                    return "";
                }
                String[] f = p.substring(3).split("[,;]");
                long addr = Long.parseUnsignedLong(f[0], 16);
                if (type >= '2') {
                    // Z2/Z3/Z4 ADDR,LENGTH: write, read, access watchpoint on a linear range of any length
                    Watchpoint w = Watchpoint.linear(WATCH_KINDS[type - '2'], addr, Long.parseLong(f[1], 16));
                    if (cmd == 'Z') {
                        session.addWatchpoint(w);
                    } else {
                        session.removeWatchpoint(w);
                    }
                    return "OK";
                }
                if (cmd == 'Z') {
                    session.addBreakpoint(addr);
                } else {
                    session.removeBreakpoint(addr);
                }
                return "OK";
            }
            case 'c':
            case 'C':
                setPcFrom(p, cmd == 'c');
                return run(false);
            case 's':
            case 'S':
                setPcFrom(p, cmd == 's');
                return run(true);
            case 'H':
                return selectThread(p.length() > 2 ? p.substring(2) : "0");
            case 'T':
                return alive(p.substring(1)) ? "OK" : "E01";
            case 'k':
                return null;
            case 'D':
                channel.send("OK");
                return null;
            case 'q':
            case 'Q':
                return query(p);
            case 'v':
                return vPacket(p);
            default:
                return "";
        }
    }

    private void setPcFrom(String p, boolean noSignal) {
        // c[addr] / C sig[;addr]
        String rest = p.substring(1);
        if (!noSignal) {
            int semi = rest.indexOf(';');
            rest = semi < 0 ? "" : rest.substring(semi + 1);
        }
        if (!rest.isEmpty()) {
            session.cpu().rip = Long.parseUnsignedLong(rest, 16);
        }
    }

    private String vPacket(String p) throws IOException {
        if (p.equals("vCont?")) {
            return "vCont;c;C;s;S";
        }
        if (p.startsWith("vCont;")) {
            // all-stop: a step action steps its thread (the others stay stopped), else everything continues
            boolean step = false;
            for (String action : p.substring(6).split(";")) {
                char a = action.isEmpty() ? 'c' : action.charAt(0);
                if (a == 's' || a == 'S') {
                    step = true;
                    int colon = action.indexOf(':');
                    if (colon > 0 && !selectThread(action.substring(colon + 1)).equals("OK")) {
                        return "E01";
                    }
                }
            }
            return run(step);
        }
        if (p.startsWith("vKill")) {
            channel.send("OK");
            return null;
        }
        return "";
    }

    private String query(String p) throws IOException {
        if (p.startsWith("qSupported")) {
            // swbreak: every breakpoint stop is reported as one (Z1 too: ours never need a pc adjustment)
            return "PacketSize=4000;qXfer:features:read+;QStartNoAckMode+;vContSupported+;swbreak+";
        }
        if (p.equals("QStartNoAckMode")) {
            channel.send("OK");
            channel.setNoAck(true);
            return SENT;
        }
        if (p.startsWith("qXfer:features:read:")) {
            String[] f = p.substring("qXfer:features:read:".length()).split(":");
            if (!f[0].equals("target.xml")) {
                return "E00";
            }
            String[] ol = f[1].split(",");
            int off = Integer.parseInt(ol[0], 16);
            int len = Integer.parseInt(ol[1], 16);
            String xml = RegisterFile.targetXml();
            if (off >= xml.length()) {
                return "l";
            }
            int end = Math.min(xml.length(), off + len);
            return (end == xml.length() ? "l" : "m") + xml.substring(off, end);
        }
        if (p.equals("qAttached")) {
            return "1";
        }
        if (p.equals("qC")) {
            return String.format("QC%02x", session.selectedVcpu() + 1);
        }
        if (p.equals("qfThreadInfo")) {
            StringBuilder b = new StringBuilder("m");
            for (Vcpu v : session.onlineVcpus()) {
                b.append(b.length() > 1 ? "," : "").append(String.format("%02x", v.id() + 1));
            }
            return b.toString();
        }
        if (p.equals("qsThreadInfo")) {
            return "l";
        }
        if (p.startsWith("qThreadExtraInfo,")) {
            int id = (int) Long.parseLong(p.substring(17), 16) - 1;
            if (id < 0 || id >= session.machine().domain().vcpus().size()) {
                return "E01";
            }
            Vcpu v = session.machine().domain().vcpu(id);
            String state = !v.up ? "down" : v.blocked() ? "blocked" : "runnable";
            return hex(("vCPU " + id + " (" + state + ")").getBytes(StandardCharsets.US_ASCII));
        }
        if (p.startsWith("qRcmd,")) {
            byte[] cmd = unhex(p.substring(6));
            if (cmd == null) {
                return "E01";
            }
            String out = monitor.run(new String(cmd, StandardCharsets.ISO_8859_1));
            if (!out.isEmpty()) {
                channel.send("O" + hex(out.getBytes(StandardCharsets.ISO_8859_1)));
            }
            return "OK";
        }
        return "";
    }

    /**
     * Hg/Hc THREAD (and vCont's s:THREAD): thread N is vCPU N-1; 0 (any) and -1 (all) keep the
     * selected vCPU. A thread that is not an online vCPU is an error.
     */
    private String selectThread(String tid) {
        if (tid.isEmpty() || tid.equals("0") || tid.equals("-1")) {
            return "OK";
        }
        return alive(tid) && session.selectVcpu((int) Long.parseLong(tid, 16) - 1) ? "OK" : "E01";
    }

    private boolean alive(String tid) {
        long id = Long.parseLong(tid, 16) - 1;
        for (Vcpu v : session.onlineVcpus()) {
            if (v.id() == id) {
                return true;
            }
        }
        return false;
    }

    /** Runs or steps, streaming console output as 'O' packets, and returns the stop reply. */
    private String run(boolean step) throws IOException {
        StopEvent e;
        console.setLength(0);
        capture = true;
        try {
            if (step) {
                e = session.step();
            } else {
                session.resumePastBreakpoints(); // gdb steps over a breakpoint itself too
                e = session.resume(() -> {
                    try {
                        flushConsole();
                        return channel.interruptPending();
                    } catch (IOException io) {
                        return true;
                    }
                });
            }
        } finally {
            capture = false;
        }
        flushConsole();
        String why = stopMessage(e);
        if (why != null) {
            channel.send("O" + hex((why + "\n").getBytes(StandardCharsets.ISO_8859_1)));
        }
        return stopReply(e, session.selectedVcpu() + 1);
    }

    /** Why the guest stopped, in words, for stops gdb has no notion of (printed by gdb as console output). */
    static String stopMessage(StopEvent e) {
        if (e instanceof StopEvent.FaultStop f) {
            return "XenScope: guest exception: " + f.explanation();
        }
        if (e instanceof StopEvent.RefusedUpdate r) {
            return "XenScope: Xen refused a page-table update (" + r.rule() + "): " + r.explanation();
        }
        if (e instanceof StopEvent.HypercallStop h) {
            return String.format("XenScope: hypercall %s (%d) returned %d", h.name(), h.number(), h.result());
        }
        if (e instanceof StopEvent.Crashed c) {
            return "XenScope: the domain crashed: " + c.detail();
        }
        if (e instanceof StopEvent.WatchpointHit w && (w.hit().byXen() || w.watch().space() == Watchpoint.Space.PHYSICAL)) {
            return "XenScope: " + w.description();
        }
        return null;
    }

    private void flushConsole() throws IOException {
        if (console.length() > 0) {
            String text = console.toString();
            console.setLength(0);
            for (int i = 0; i < text.length(); i += 1000) {
                channel.send("O" + hex(text.substring(i, Math.min(text.length(), i + 1000)).getBytes(StandardCharsets.ISO_8859_1)));
            }
        }
    }

    /** The stop reply packet for a stop event of vCPU 0 (thread 1). */
    static String stopReply(StopEvent e) {
        return stopReply(e, 1);
    }

    /** The stop reply packet for a stop event; {@code thread} is the gdb thread (vCPU + 1) that stopped. */
    static String stopReply(StopEvent e, int thread) {
        return stopReplyOf(e).replace("thread:01;", String.format("thread:%02x;", thread));
    }

    private static String stopReplyOf(StopEvent e) {
        if (e instanceof StopEvent.Exited x) {
            return x.crashed() ? "X06" : String.format("W%02x", Math.max(0, x.reason()) & 0xff);
        }
        if (e instanceof StopEvent.BreakpointHit) {
            return "T05swbreak:;thread:01;";
        }
        if (e instanceof StopEvent.WatchpointHit w && w.watch().space() == Watchpoint.Space.LINEAR) {
            // the data address gdb matches against its watchpoints: the first watched byte accessed
            long addr = Long.compareUnsigned(w.hit().linear(), w.watch().address()) > 0 ? w.hit().linear() : w.watch().address();
            String kind = switch (w.watch().kind()) {
                case WRITE -> "watch";
                case READ -> "rwatch";
                case ACCESS -> "awatch";
            };
            return String.format("T05%s:%x;thread:01;", kind, addr);
        }
        if (e instanceof StopEvent.Paused) {
            return "T02thread:01;";
        }
        if (e instanceof StopEvent.EmulatorError) {
            return "T04thread:01;"; // SIGILL: XenScope could not execute this instruction
        }
        return "T05thread:01;";
    }

    static String hex(byte[] data) {
        StringBuilder sb = new StringBuilder(data.length * 2);
        for (byte b : data) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    static byte[] unhex(String s) {
        if (s.length() % 2 != 0) {
            return null;
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int h = PacketChannel.hex(s.charAt(2 * i));
            int l = PacketChannel.hex(s.charAt(2 * i + 1));
            if (h < 0 || l < 0) {
                return null;
            }
            out[i] = (byte) (h << 4 | l);
        }
        return out;
    }
}
