package io.xenscope.gdb;

import io.xenscope.debug.DebugSession;
import io.xenscope.debug.DebugSession.FaultFilter;
import io.xenscope.mmu.Watchpoint;
import io.xenscope.xen.Domain;
import io.xenscope.xen.EventChannels;
import io.xenscope.xen.HypercallDispatcher;
import io.xenscope.xen.PvTraps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * gdb's {@code monitor} commands (qRcmd): what a Xen developer wants beside the registers: page
 * walks, hypercall counts, the event channel table, the console, and stops on guest faults,
 * refused page-table updates and hypercalls (reported as a T05 with an explaining 'O' message).
 */
final class Monitor {
    static final String HELP = """
            XenScope monitor commands:
              pt VA                         page-table walk of a guest virtual address
              hypercalls                    hypercall counts by name
              evtchn                        the event channel table (port, state, bound to, pending, masked)
              catch fault [VECTOR]          stop before Xen delivers a guest exception (any, or 14, #PF, pf, ...)
              catch refused-update          stop when Xen refuses a page-table update
              catch hypercall NAME|N        stop after every call of a hypercall returns (e.g. xen_version, 17)
              uncatch fault|refused-update|hypercall NAME|N
              pwatch PA LEN [write|read|access]   data breakpoint on physical memory (any alias; unpwatch to remove)
              console                       the guest's console output so far
            """;

    private final DebugSession session;
    private final List<FaultFilter> faults = new ArrayList<>();

    Monitor(DebugSession session) {
        this.session = session;
    }

    /** The output of one command line. */
    String run(String line) {
        String[] w = line.trim().split("\\s+");
        String cmd = w[0].toLowerCase(Locale.ROOT);
        try {
            return switch (cmd) {
                case "pt" -> w.length < 2 ? "usage: monitor pt VA\n" : session.memory().describeWalk(number(w[1], 16));
                case "hypercalls" -> hypercalls();
                case "evtchn" -> eventChannels();
                case "console" -> session.machine().consoleOutput();
                case "catch", "uncatch" -> w.length < 2 ? HELP : catchCommand(cmd.equals("catch"), w);
                case "pwatch", "unpwatch" -> w.length < 3 ? "usage: monitor pwatch PA LEN [write|read|access]\n"
                        : physicalWatch(cmd.equals("pwatch"), w);
                case "catch-hypercall", "uncatch-hypercall" -> w.length < 2 ? "usage: monitor catch-hypercall N\n"
                        : catchHypercall(cmd.startsWith("catch"), w[1]);
                default -> HELP;
            };
        } catch (IllegalArgumentException e) {
            return e.getMessage() + "\n";
        }
    }

    /** A watch on physical memory gdb cannot express: its stops are explained in an 'O' message. */
    private String physicalWatch(boolean on, String[] w) {
        Watchpoint.Kind kind = w.length > 3 ? switch (w[3].toLowerCase(Locale.ROOT)) {
            case "write" -> Watchpoint.Kind.WRITE;
            case "read" -> Watchpoint.Kind.READ;
            case "access" -> Watchpoint.Kind.ACCESS;
            default -> throw new IllegalArgumentException("not a watch kind: " + w[3] + " (write, read or access)");
        } : Watchpoint.Kind.WRITE;
        Watchpoint watch = Watchpoint.physical(kind, number(w[1], 16), number(w[2], 10));
        boolean changed = on ? session.addWatchpoint(watch) : session.removeWatchpoint(watch);
        return (on ? (changed ? "armed " : "already armed: ") : (changed ? "removed " : "not armed: ")) + watch + "\n";
    }

    private String catchCommand(boolean on, String[] w) {
        return switch (w[1].toLowerCase(Locale.ROOT)) {
            case "fault" -> catchFault(on, w.length > 2 ? w[2] : null);
            case "refused-update" -> {
                session.stopOnRefusedUpdate(on, List.of());
                yield (on ? "stopping" : "no longer stopping") + " when Xen refuses a page-table update\n";
            }
            case "hypercall" -> {
                if (w.length < 3) {
                    throw new IllegalArgumentException("usage: monitor catch hypercall NAME|N");
                }
                yield catchHypercall(on, w[2]);
            }
            default -> throw new IllegalArgumentException("unknown catch '" + w[1] + "': fault, refused-update or hypercall");
        };
    }

    private String catchFault(boolean on, String vectorArg) {
        int vector = vectorArg == null ? -1 : vector(vectorArg);
        String what = vector < 0 ? "any guest exception" : PvTraps.vectorName(vector);
        FaultFilter f = FaultFilter.vector(vector);
        if (on) {
            if (!faults.contains(f)) {
                faults.add(f);
            }
        } else if (vectorArg == null) {
            faults.clear();
            what = "guest exceptions";
        } else {
            faults.remove(f);
        }
        session.setFaultStops(faults);
        return (on ? "stopping before Xen delivers " : "no longer stopping on ") + what + "\n";
    }

    /** 14, 0xe, #PF, pf: a vector number or the mnemonic of PvTraps' names. */
    static int vector(String s) {
        String m = s.startsWith("#") ? s.substring(1) : s;
        for (int v = 0; v < 32; v++) {
            String name = PvTraps.vectorName(v);
            if (name.startsWith("#") && name.substring(1).split(" ")[0].equalsIgnoreCase(m)) {
                return v;
            }
        }
        int v = (int) number(s, 10);
        if (v < 0 || v > 31) {
            throw new IllegalArgumentException("not an exception vector: " + s);
        }
        return v;
    }

    private String catchHypercall(boolean on, String nameOrNumber) {
        int nr = hypercall(nameOrNumber);
        session.stopOnHypercall(nr, on);
        return (on ? "stopping after" : "no longer stopping after") + " hypercall " + nr + " ("
                + HypercallDispatcher.name(nr) + ")\n";
    }

    static int hypercall(String s) {
        for (int nr = 0; nr < 64; nr++) {
            if (HypercallDispatcher.name(nr).equalsIgnoreCase(s) || HypercallDispatcher.name(nr).equalsIgnoreCase("HYPERVISOR_" + s)) {
                return nr;
            }
        }
        int nr = (int) number(s, 10);
        if (nr < 0 || nr >= 64) {
            throw new IllegalArgumentException("not a hypercall: " + s);
        }
        return nr;
    }

    private static long number(String s, int defaultRadix) {
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            return defaultRadix == 16 ? Long.parseUnsignedLong(s, 16) : Long.parseLong(s, defaultRadix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + s);
        }
    }

    private String hypercalls() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : session.hypercallCounts().entrySet()) {
            sb.append(String.format("%-24s %d%n", e.getKey(), e.getValue()));
        }
        return sb.length() == 0 ? "no hypercalls yet\n" : sb.toString();
    }

    /** The open ports as EVTCHNOP_status sees them, with pending and masked from shared_info. */
    private String eventChannels() {
        Domain d = session.machine().domain();
        StringBuilder sb = new StringBuilder(String.format("%-5s %-12s %-28s %-7s %s%n", "port", "state", "bound to", "pending", "masked"));
        int[] st = new int[4];
        int open = 0;
        for (int port = 1; port < EventChannels.NR_CHANNELS; port++) {
            if (d.eventChannels.status(port, st) != 0 || st[0] == EventChannels.STAT_CLOSED) {
                continue;
            }
            open++;
            String state = switch (st[0]) {
                case EventChannels.STAT_UNBOUND -> "unbound";
                case EventChannels.STAT_INTERDOMAIN -> "interdomain";
                case EventChannels.STAT_PIRQ -> "pirq";
                case EventChannels.STAT_VIRQ -> "virq";
                case EventChannels.STAT_IPI -> "ipi";
                default -> String.valueOf(st[0]);
            };
            String bound = switch (st[0]) {
                case EventChannels.STAT_UNBOUND -> "dom " + st[2];
                case EventChannels.STAT_INTERDOMAIN -> "dom " + st[2] + " port " + st[3];
                case EventChannels.STAT_VIRQ -> "virq " + st[2] + " on vcpu " + st[1];
                case EventChannels.STAT_IPI -> "vcpu " + st[1];
                default -> "";
            };
            if (port == d.consolePort) {
                bound += " (console)";
            } else if (port == d.storePort) {
                bound += " (xenstore)";
            }
            sb.append(String.format("%-5d %-12s %-28s %-7s %s%n", port, state, bound,
                    d.sharedInfo.pending(port) ? "yes" : "no", d.sharedInfo.masked(port) ? "yes" : "no"));
        }
        return open == 0 ? "no open event channels\n" : sb.toString();
    }
}
