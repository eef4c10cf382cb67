package io.xenscope.dap.handlers;

import com.google.gson.JsonObject;
import io.xenscope.dap.DapContext;
import io.xenscope.dap.Handler;
import io.xenscope.debug.DebugSession;
import io.xenscope.xen.Domain;
import io.xenscope.xen.EventChannels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * xenscope/eventChannels: every port that is not closed, from EVTCHNOP_status's view of the domain's
 * channels, with pending and masked from shared_info (see vscode-client/README.md).
 */
public final class EventChannelsHandler implements Handler<JsonObject, Map<String, Object>> {
    static final String[] VIRQ_NAMES = {"TIMER", "DEBUG", "CONSOLE", "DOM_EXC", "TBUF", "5", "DEBUGGER", "XENOPROF",
            "CON_RING", "PCPU_STATE", "MEM_EVENT", "ARGO", "ENOMEM", "XENPMU"};

    /** A VIRQ number by its xen.h name (VIRQ_TIMER → "TIMER"). */
    public static String virqName(int virq) {
        return virq >= 0 && virq < VIRQ_NAMES.length ? VIRQ_NAMES[virq] : String.valueOf(virq);
    }

    @Override
    public Map<String, Object> handle(JsonObject a, DapContext ctx) {
        DebugSession s = ctx.stoppedSession();
        Domain d = s.machine().domain();
        EventChannels ev = d.eventChannels;
        List<Map<String, Object>> channels = new ArrayList<>();
        int[] st = new int[4];
        for (int port = 1; port < EventChannels.NR_CHANNELS; port++) {
            if (ev.status(port, st) != 0 || st[0] == EventChannels.STAT_CLOSED) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("port", port);
            switch (st[0]) {
                case EventChannels.STAT_UNBOUND -> {
                    m.put("state", "unbound");
                    m.put("remoteDomain", st[2]);
                }
                case EventChannels.STAT_INTERDOMAIN -> {
                    m.put("state", "interdomain");
                    m.put("remoteDomain", st[2]);
                    m.put("remotePort", st[3]);
                }
                case EventChannels.STAT_VIRQ -> {
                    m.put("state", "virq");
                    m.put("virq", virqName(st[2]));
                }
                case EventChannels.STAT_PIRQ -> m.put("state", "pirq");
                case EventChannels.STAT_IPI -> m.put("state", "ipi");
                default -> m.put("state", String.valueOf(st[0]));
            }
            m.put("vcpu", st[1]);
            m.put("pending", d.sharedInfo.pending(port));
            m.put("masked", d.sharedInfo.masked(port));
            if (port == d.consolePort) {
                m.put("use", "console");
            } else if (port == d.storePort) {
                m.put("use", "xenstore");
            }
            channels.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channels", channels);
        return body;
    }
}
