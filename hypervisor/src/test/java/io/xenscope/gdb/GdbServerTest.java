package io.xenscope.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.debug.DebugSession;
import io.xenscope.xen.PvBootOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each RSP command against hello-pv, stopped at its entry point, through the packet layer. */
class GdbServerTest {
    private DebugSession session;
    private GdbServer server;

    @BeforeEach
    void boot() throws Exception {
        session = DebugSession.boot(GdbEndToEndTest.helloPv(), PvBootOptions.defaults());
        server = new GdbServer(session);
    }

    static String frame(String payload) {
        int sum = 0;
        for (char c : payload.toCharArray()) {
            sum += c;
        }
        return "$" + payload + "#" + String.format("%02x", sum & 0xff);
    }

    /** Sends the packets (no-ack mode first) and returns every reply payload in order. */
    private List<String> exchange(String... packets) throws Exception {
        StringBuilder in = new StringBuilder(frame("QStartNoAckMode"));
        for (String p : packets) {
            in.append(p.equals(PacketChannel.INTERRUPT) ? p : frame(p));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        server.serve(new ByteArrayInputStream(in.toString().getBytes(StandardCharsets.ISO_8859_1)), out);
        String s = out.toString(StandardCharsets.ISO_8859_1);
        List<String> replies = new ArrayList<>();
        int i = 0;
        while ((i = s.indexOf('$', i)) >= 0) {
            int end = s.indexOf('#', i);
            replies.add(s.substring(i + 1, end));
            i = end + 3;
        }
        assertEquals("OK", replies.remove(0));
        return replies;
    }

    private String one(String packet) throws Exception {
        List<String> r = exchange(packet);
        assertEquals(1, r.size(), r.toString());
        return r.get(0);
    }

    private static String le64(long v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(String.format("%02x", (v >>> (8 * i)) & 0xff));
        }
        return sb.toString();
    }

    @Test
    void qSupportedAdvertisesFeaturesAndPacketSize() throws Exception {
        String r = one("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
        assertTrue(r.contains("PacketSize=") && r.contains("qXfer:features:read+") && r.contains("QStartNoAckMode+"), r);
    }

    @Test
    void targetXmlReadsInChunksAndDescribesEveryRegisterOfTheGPacket() throws Exception {
        StringBuilder xml = new StringBuilder();
        for (int off = 0; ; off += 0x100) {
            String r = one(String.format("qXfer:features:read:target.xml:%x,100", off));
            xml.append(r.substring(1));
            if (r.charAt(0) == 'l') {
                break;
            }
        }
        assertEquals(RegisterFile.targetXml(), xml.toString());
        int regs = xml.toString().split("<reg ").length - 1;
        assertEquals(RegisterFile.COUNT, regs);
        int bits = 0;
        for (int n = 0; n < RegisterFile.COUNT; n++) {
            bits += 8 * RegisterFile.size(n);
        }
        assertEquals(bits / 4, one("g").length());
        assertTrue(xml.toString().contains("org.gnu.gdb.i386.core"));
    }

    @Test
    void theInitialStopIsATrapInThread1() throws Exception {
        assertEquals("T05thread:01;", one("?"));
    }

    @Test
    void ripReadsAsRegister16() throws Exception {
        assertEquals(le64(session.cpu().rip), one("p10"));
    }

    @Test
    void registerWritesShowInTheGPacket() throws Exception {
        List<String> r = exchange("P0=" + le64(0x1122334455667788L), "g", "P3=" + le64(7), "p3");
        assertEquals("OK", r.get(0));
        assertTrue(r.get(1).startsWith(le64(0x1122334455667788L)));
        assertEquals(0x1122334455667788L, session.cpu().gpr[0]);
        assertEquals(7, session.cpu().gpr[2], "gdb's register 3 is rdx");
        assertEquals(le64(7), r.get(3));
    }

    @Test
    void memoryReadsThroughTheGuestPageTables() throws Exception {
        long rip = session.cpu().rip;
        String r = one(String.format("m%x,4", rip));
        byte[] expected = session.memory().read(rip, 4);
        assertEquals(GdbServer.hex(expected), r);
    }

    @Test
    void unmappedMemoryIsAnError() throws Exception {
        assertEquals("E14", one("m0,4"));
    }

    @Test
    void memoryWritesInHexAndBinaryReadBack() throws Exception {
        long sp = session.cpu().gpr[4] - 64;
        List<String> r = exchange(String.format("M%x,2:abcd", sp), String.format("m%x,2", sp),
                String.format("X%x,2:}\u0003}\u0004", sp + 2), String.format("m%x,4", sp));
        assertEquals(List.of("OK", "abcd", "OK", "abcd2324"), r);
    }

    @Test
    void aBreakpointOnMainStopsThereAndRemovingItRunsToTheEnd() throws Exception {
        long main = session.symbols().addressOf("main").getAsLong();
        List<String> r = exchange(String.format("Z0,%x,1", main), "c", "p10", String.format("z0,%x,1", main), "c");
        assertEquals("OK", r.get(0));
        int i = 1;
        while (r.get(i).startsWith("O")) {
            i++; // console output
        }
        assertEquals("T05swbreak:;thread:01;", r.get(i));
        assertEquals(le64(main), r.get(i + 1));
        assertEquals("OK", r.get(i + 2));
        assertEquals("W00", r.get(r.size() - 1), "the guest powered off");
        assertTrue(session.exited());
    }

    @Test
    void hardwareBreakpointsAreEngineBreakpointsToo() throws Exception {
        long main = session.symbols().addressOf("main").getAsLong();
        List<String> r = exchange(String.format("Z1,%x,1", main), "vCont;c");
        assertEquals("T05swbreak:;thread:01;", r.get(r.size() - 1));
        assertEquals(main, session.cpu().rip);
    }

    @Test
    void stepExecutesOneInstruction() throws Exception {
        long before = session.cpu().instructionCount;
        List<String> r = exchange("s", "vCont;s:1");
        assertEquals(List.of("T05thread:01;", "T05thread:01;"), r);
        assertEquals(before + 2, session.cpu().instructionCount);
    }

    @Test
    void threadQueriesDescribeOneVcpu() throws Exception {
        assertEquals(List.of("m01", "l", "QC01", "1", "OK", "OK", "vCont;c;C;s;S"),
                exchange("qfThreadInfo", "qsThreadInfo", "qC", "qAttached", "Hg0", "T01", "vCont?"));
    }

    @Test
    void monitorPtPrintsThePageWalk() throws Exception {
        String cmd = GdbServer.hex(String.format("pt %x", session.cpu().rip).getBytes(StandardCharsets.US_ASCII));
        List<String> r = exchange("qRcmd," + cmd);
        assertEquals("OK", r.get(1));
        String text = new String(GdbServer.unhex(r.get(0).substring(1)), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("PML4[") && text.contains("PT[") && text.contains("physical address"), text);
    }

    @Test
    void monitorCatchHypercallStopsAfterIt() throws Exception {
        String cmd = GdbServer.hex("catch-hypercall 17".getBytes(StandardCharsets.US_ASCII));
        List<String> r = exchange("qRcmd," + cmd, "c");
        assertEquals("T05thread:01;", r.get(r.size() - 1));
        assertEquals(1L, session.hypercallCounts().get("xen_version"));
    }

    @Test
    void unknownAndMalformedPacketsGetEmptyOrErrorRepliesAndTheServerLivesOn() throws Exception {
        List<String> r = exchange("qNoSuchThing", "!", "mzz,4", "Pzz", "Z0,", "Z5,1000,4", "G12", "?");
        assertEquals(List.of("", "", "E01", "E01", "E01", "", "E01", "T05thread:01;"), r);
    }

    @Test
    void ctrlCWhileRunningPausesTheGuestWithSigint() throws Exception {
        session.setPollInterval(1000);
        List<String> r = exchange("c", PacketChannel.INTERRUPT, "?");
        assertEquals("T02thread:01;", r.get(r.size() - 2));
        assertEquals("T02thread:01;", r.get(r.size() - 1));
        assertTrue(!session.exited() && session.cpu().instructionCount >= 1000);
    }

    @Test
    void killEndsTheSession() throws Exception {
        List<String> r = exchange("k", "?");
        assertTrue(r.isEmpty(), r.toString());
    }

    @Test
    void stopRepliesForExitsAndCrashes() {
        assertEquals("W00", GdbServer.stopReply(new io.xenscope.debug.StopEvent.Exited(0, "poweroff", null)));
        assertEquals("X06", GdbServer.stopReply(new io.xenscope.debug.StopEvent.Exited(3, "crash", "fault")));
        assertNotEquals("", GdbServer.stopReply(new io.xenscope.debug.StopEvent.Paused(0)));
    }
}
