package io.xenscope.gdb;

import io.xenscope.debug.DebugSession;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.PvTestGuestAccess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gdb threads are the domain's online vCPUs (thread N = vCPU N-1), on the two-vCPU test guest stopped in vCPU 1. */
class GdbThreadsTest {
    private Path elf;
    private DebugSession session;
    private GdbServer server;
    private long apEntry;

    @BeforeEach
    void stopInVcpu1() throws Exception {
        elf = PvTestGuestAccess.smpGuestElf();
        session = DebugSession.boot(elf, PvBootOptions.defaults().withVcpus(2));
        server = new GdbServer(session);
        apEntry = session.symbols().elfSymbol("ap_entry").orElseThrow();
    }

    private String reply(String packet) throws Exception {
        java.util.List<String> r = exchange(packet);
        return r.get(r.size() - 1);
    }

    /** The packets through the packet layer (no-ack mode); the replies, console output ('O' packets) left out. */
    private java.util.List<String> exchange(String... packets) throws Exception {
        StringBuilder in = new StringBuilder(GdbServerTest.frame("QStartNoAckMode"));
        for (String p : packets) {
            in.append(GdbServerTest.frame(p));
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        server.serve(new java.io.ByteArrayInputStream(in.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)), out);
        String s = out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.util.List<String> replies = new java.util.ArrayList<>();
        for (int i = 0; (i = s.indexOf('$', i)) >= 0; ) {
            int end = s.indexOf('#', i);
            String r = s.substring(i + 1, end);
            if (!r.startsWith("O") || r.equals("OK")) {
                replies.add(r);
            }
            i = end + 3;
        }
        replies.remove(0);
        return replies;
    }

    private void runToApEntry() throws Exception {
        assertEquals(java.util.List.of("OK", "T05swbreak:;thread:02;"), exchange("Z0," + Long.toHexString(apEntry) + ",1", "c"));
    }

    @Test
    void beforeBringUpOnlyThread1Exists() throws Exception {
        assertEquals("m01", reply("qfThreadInfo"));
        assertEquals("l", reply("qsThreadInfo"));
        assertEquals("E01", reply("T2"));
    }

    @Test
    void theStopReplyNamesTheThreadOfTheVcpuThatHitTheBreakpoint() throws Exception {
        runToApEntry();
        assertEquals("QC02", reply("qC"));
        assertEquals("m01,02", reply("qfThreadInfo"));
        assertEquals("OK", reply("T2"));
    }

    @Test
    void hgSelectsTheThreadWhoseRegistersAreRead() throws Exception {
        runToApEntry();
        assertEquals("OK", reply("Hg1"));
        assertEquals(session.machine().domain().vcpu(0).cpu().rip, session.cpu().rip);
        assertEquals("OK", reply("Hg2"));
        assertEquals(apEntry, session.cpu().rip);
        assertEquals("E01", reply("Hg3"));
    }

    @Test
    void threadExtraInfoSaysWhichVcpuAndItsState() throws Exception {
        runToApEntry();
        assertEquals(GdbServer.hex("vCPU 1 (runnable)".getBytes()), reply("qThreadExtraInfo,2"));
    }

    @Test
    void vContStepsTheNamedThreadOnly() throws Exception {
        runToApEntry();
        reply("Hg1");
        long v0 = session.machine().domain().vcpu(0).cpu().instructionCount;
        assertEquals("T05thread:02;", reply("vCont;s:2"));
        assertEquals(v0, session.machine().domain().vcpu(0).cpu().instructionCount);
        assertEquals(1, session.selectedVcpu());
    }

    @Test
    void realGdbListsTheVcpusAsThreadsAndReadsEachOnesRegisters() throws Exception {
        String out = GdbEndToEndTest.gdb(session, elf, "break ap_entry", "continue", "info threads", "info registers rip",
                "thread 1", "info registers rip");
        assertTrue(Pattern.compile("\\* 2\\s+Thread 2 \\(vCPU 1 \\(runnable\\)\\)\\s+0x[0-9a-f]+ in ap_entry").matcher(out).find(), out);
        assertTrue(Pattern.compile("\\n\\s+1\\s+Thread 1 \\(vCPU 0").matcher(out).find(), out);
        assertTrue(Pattern.compile("rip\\s+0x" + Long.toHexString(apEntry) + "\\s+0x" + Long.toHexString(apEntry)
                + " <ap_entry>").matcher(out).find(), out);
        assertTrue(out.contains("[Switching to thread 1 (Thread 1)]"), out);
    }

    @Test
    void realGdbStepsTheCurrentThreadOnly() throws Exception {
        String out = GdbEndToEndTest.gdb(session, elf, "break ap_entry", "continue", "stepi", "info registers rip");
        assertTrue(Pattern.compile("rip\\s+0x[0-9a-f]+\\s+0x[0-9a-f]+ <ap_entry\\+7>").matcher(out).find(), out);
        assertEquals(1, session.selectedVcpu());
    }
}
