package io.xenscope.dap.handlers;

import com.google.gson.JsonObject;
import io.xenscope.dap.DapContext;
import io.xenscope.dap.GuestView;
import io.xenscope.dap.Handler;
import io.xenscope.debug.DebugSession;
import io.xenscope.xen.Domain;
import io.xenscope.xen.MachineEvent;
import io.xenscope.xen.Vcpu;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** xenscope/machineSummary: the domain, its memory, its vCPUs and a few counters (see vscode-client/README.md). */
public final class MachineSummaryHandler implements Handler<JsonObject, Map<String, Object>> {
    @Override
    public Map<String, Object> handle(JsonObject a, DapContext ctx) {
        DebugSession s = ctx.stoppedSession();
        Domain d = s.machine().domain();
        Map<String, Object> body = new LinkedHashMap<>();

        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("id", d.domid);
        domain.put("name", d.name);
        domain.put("mode", s.machine().mode().name().toLowerCase(java.util.Locale.ROOT));
        body.put("domain", domain);

        Map<String, Object> memory = new LinkedHashMap<>();
        long pages = d.totPages;
        memory.put("pages", pages);
        memory.put("bytes", pages << 12);
        memory.put("maxPages", d.maxPages);
        body.put("memory", memory);

        List<Map<String, Object>> vcpus = new ArrayList<>();
        for (Vcpu v : d.vcpus) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", v.id);
            m.put("state", !v.up ? "down" : v.blocked ? "blocked" : "paused");
            m.put("rip", GuestView.hex(v.cpu.rip));
            m.put("cr3", GuestView.hex(v.cpu.cr3));
            if (s.machine().mode() == io.xenscope.boot.elf.GuestType.PV) { // a PV kernel runs in ring 3: Xen's kernel/user flag
                m.put("kernelMode", v.kernelMode);
            }
            vcpus.add(m);
        }
        body.put("vcpus", vcpus);

        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("instructions", d.instructions());
        long hypercalls = 0;
        for (long n : s.hypercallCounts().values()) {
            hypercalls += n;
        }
        counters.put("hypercalls", hypercalls);
        long refused = 0;
        for (MachineEvent e : s.machine().events()) {
            if (e instanceof MachineEvent.PageTableUpdateRejected) {
                refused++;
            }
        }
        counters.put("refusedUpdates", refused);
        body.put("counters", counters);
        return body;
    }
}
