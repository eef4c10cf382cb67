package io.xenscope.dap;

import io.xenscope.check.BootCheck;
import io.xenscope.check.Finding;
import io.xenscope.check.FindingCollector;
import io.xenscope.debug.DebugSession;
import io.xenscope.xen.MachineEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;

/**
 * Live runtime diagnostics: while the guest runs, the boot check's {@link FindingCollector} turns
 * its refused page-table updates, failed hypercalls, unknown hypercalls, unhandled faults and
 * crashes into source-located findings, and the adapter sends them to the client as the custom
 * event {@value #EVENT} (the extension shows them in the Problems panel). Each event carries every
 * finding of the session so far, so the client replaces what it showed: {@code {"findings": [
 * {"severity": "error"|"warning", "kind", "file", "line", "column", "message", "count",
 * "related": [{"file", "line", "message"}]}]}} (file null when no source line is known; a related
 * entry without a file is a detail of the finding itself). A new finding is sent at once; a count
 * that grows (the same finding again, e.g. in a loop) at most every {@value #COUNT_INTERVAL_MS} ms.
 */
public final class LiveFindings {
    public static final String EVENT = "xenscope/findings";
    static final long COUNT_INTERVAL_MS = 200;

    /** The client as the adapter sees it: the DAP events plus {@value #EVENT}. */
    public interface Client extends IDebugProtocolClient {
        @JsonNotification(EVENT)
        void findings(Map<String, Object> body);
    }

    private final DapContext ctx;
    private final FindingCollector collector;
    private int sentDistinct;
    private int sentRecorded;
    private long sentAt;

    private LiveFindings(DapContext ctx, DebugSession s) {
        this.ctx = ctx;
        this.collector = FindingCollector.attach(s.machine(), s.symbols(), BootCheck::isSdkFile);
        s.machine().addListener(this::afterEvent); // after the collector's listener
    }

    /** The remote client of {@code launcher}, able to send {@value #EVENT} too. */
    public static IDebugProtocolClient client(Launcher<?> launcher) {
        return ServiceEndpoints.toServiceObject(launcher.getRemoteEndpoint(), Client.class);
    }

    /** Starts reporting the findings of the session's guest (when there are symbols to place them). */
    public static void watch(DapContext ctx, DebugSession s) {
        if (s.symbols() != null) {
            new LiveFindings(ctx, s);
        }
    }

    private void afterEvent(MachineEvent e) {
        int recorded = collector.recorded();
        if (recorded == sentRecorded) {
            return;
        }
        List<Finding> findings = collector.findings();
        long now = System.currentTimeMillis();
        boolean flush = findings.size() != sentDistinct || now - sentAt >= COUNT_INTERVAL_MS
                || e instanceof MachineEvent.Shutdown;
        if (flush && ctx.client() instanceof Client c) {
            sentDistinct = findings.size();
            sentRecorded = recorded;
            sentAt = now;
            c.findings(body(findings));
        }
    }

    static Map<String, Object> body(List<Finding> findings) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
            m.put("kind", f.kind());
            m.put("file", f.file());
            m.put("line", f.line());
            m.put("column", f.column());
            m.put("message", f.message());
            m.put("count", f.count());
            List<Map<String, Object>> related = new ArrayList<>();
            for (Finding.Note n : f.notes()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("file", n.file());
                r.put("line", n.line());
                r.put("message", n.message());
                related.add(r);
            }
            m.put("related", related);
            list.add(m);
        }
        return Map.of("findings", list);
    }
}
