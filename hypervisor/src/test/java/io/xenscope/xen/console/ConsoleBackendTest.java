package io.xenscope.xen.console;

import static io.xenscope.xen.console.ConsoleBackend.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.ring.RingCorruption;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleBackendTest {
    private static final long PAGE = 0x3000;
    private final PhysicalMemory mem = new PhysicalMemory(1 << 20);
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<RingCorruption> corruptions = new ArrayList<>();
    private int notified;
    private final ConsoleBackend console = new ConsoleBackend(mem, PAGE, () -> notified++, new ConsoleListener() {
        @Override
        public void output(byte[] bytes) {
            output.writeBytes(bytes);
        }

        @Override
        public void ringCorrupt(RingCorruption c) {
            corruptions.add(c);
        }
    });

    /** The guest's side, as Mini-OS's xencons_ring_send: copy at MASK(prod), then publish out_prod. */
    private void guestWrite(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        int prod = mem.read32(PAGE + OUT_PROD);
        for (int i = 0; i < b.length; i++) {
            mem.write8(PAGE + OUT_OFFSET + ((prod + i) & (OUT_SIZE - 1)), b[i]);
        }
        mem.write32(PAGE + OUT_PROD, prod + b.length);
    }

    /** The guest's input handler: everything between in_cons and in_prod, then in_cons = in_prod. */
    private String guestRead() {
        int cons = mem.read32(PAGE + IN_CONS);
        int prod = mem.read32(PAGE + IN_PROD);
        StringBuilder sb = new StringBuilder();
        for (int i = cons; i != prod; i++) {
            sb.append((char) mem.read8(PAGE + IN_OFFSET + (i & (IN_SIZE - 1))));
        }
        mem.write32(PAGE + IN_CONS, prod);
        return sb.toString();
    }

    private String out() {
        return output.toString(StandardCharsets.ISO_8859_1);
    }

    private void setOutIndices(int idx) {
        mem.write32(PAGE + OUT_CONS, idx);
        mem.write32(PAGE + OUT_PROD, idx);
    }

    @Test
    void notifyConsumesAllOutputAndDeliversIt() {
        guestWrite("Bootstrapping...\n");
        console.onGuestNotify();
        assertEquals("Bootstrapping...\n", out());
        assertEquals(mem.read32(PAGE + OUT_PROD), mem.read32(PAGE + OUT_CONS));
    }

    @Test
    void guestIsNotifiedAfterOutputIsConsumed() {
        guestWrite("x");
        console.onGuestNotify();
        assertEquals(1, notified);
    }

    @Test
    void notifyWithNothingToDoDoesNotNotify() {
        console.onGuestNotify();
        assertEquals(0, notified);
    }

    @Test
    void outputWrapsAroundTheArrayEnd() {
        setOutIndices(OUT_SIZE - 3);
        guestWrite("wrapped!");
        console.onGuestNotify();
        assertEquals("wrapped!", out());
    }

    @Test
    void outputWrapsAroundTwoToTheThirtyTwo() {
        setOutIndices(0xfffffffc);
        guestWrite("across zero");
        console.onGuestNotify();
        assertEquals("across zero", out());
        assertEquals(0xfffffffc + 11, mem.read32(PAGE + OUT_CONS));
    }

    @Test
    void aFullRingIsConsumedInOneNotify() {
        String s = "0123456789abcdef".repeat(OUT_SIZE / 16);
        guestWrite(s);
        console.onGuestNotify();
        assertEquals(s, out());
    }

    @Test
    void inputIsPlacedInTheInRingAndTheGuestNotified() {
        console.writeInput("ls\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(3, mem.read32(PAGE + IN_PROD));
        assertEquals(1, notified);
        assertEquals("ls\n", guestRead());
    }

    @Test
    void inputRoundTripsAcrossTheWrap() {
        mem.write32(PAGE + IN_CONS, 0xfffffffe);
        mem.write32(PAGE + IN_PROD, 0xfffffffe);
        console.writeInput("hello".getBytes(StandardCharsets.US_ASCII));
        assertEquals("hello", guestRead());
    }

    @Test
    void inputBeyondTheRingWaitsUntilTheGuestConsumes() {
        String s = "k".repeat(IN_SIZE + 100);
        console.writeInput(s.getBytes(StandardCharsets.US_ASCII));
        assertEquals(100, console.pendingInputBytes());
        String first = guestRead();
        console.onGuestNotify();
        assertEquals(s, first + guestRead());
    }

    @Test
    void corruptOutIndicesAreReportedNotThrown() {
        mem.write32(PAGE + OUT_PROD, 5000);
        console.onGuestNotify();
        assertEquals(1, corruptions.size());
        assertTrue(corruptions.get(0).describe().contains("console out ring corrupt"), corruptions.toString());
        assertEquals("", out());
    }

    @Test
    void corruptRingIsNotProcessedAgainUntilReset() {
        mem.write32(PAGE + OUT_PROD, 5000);
        console.onGuestNotify();
        console.onGuestNotify();
        assertEquals(1, corruptions.size());
        setOutIndices(0);
        console.reset();
        guestWrite("back");
        console.onGuestNotify();
        assertEquals("back", out());
    }

    @Test
    void corruptInIndicesAreReported() {
        mem.write32(PAGE + IN_CONS, 0x7000_0000);
        console.writeInput("x".getBytes(StandardCharsets.US_ASCII));
        assertEquals("console in", corruptions.get(0).ring());
    }

    @Test
    void randomIndicesAndBytesNeverThrow() {
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            int field = r.nextInt(5);
            if (field < 4) {
                mem.write32(PAGE + IN_CONS + 4L * field, r.nextBoolean() ? r.nextInt() : r.nextInt(4096));
            } else {
                mem.write8(PAGE + r.nextInt(3072), r.nextInt(256));
            }
            console.onGuestNotify();
            if (r.nextInt(10) == 0) {
                console.writeInput(new byte[r.nextInt(300)]);
            }
            if (console.isBroken()) {
                console.reset();
            }
        }
        assertTrue(corruptions.size() > 0);
    }
}
