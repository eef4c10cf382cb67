package io.xenscope.xen.console;

import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.ring.ByteRing;
import io.xenscope.xen.ring.EventNotifier;
import io.xenscope.xen.ring.RingCorruption;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;

/**
 * The PV console backend (what xenconsoled does for a domU) over {@code struct xencons_interface}
 * (io/console.h): {@code in[1024] @0, out[2048] @1024, in_cons @3072, in_prod @3076,
 * out_cons @3080, out_prod @3084}.
 *
 * <p>On each guest notification it consumes everything in out[], advances out_cons, hands the bytes
 * to the listener and notifies the guest (guests spin or yield until out_cons == out_prod). Input is
 * written into in[] as space allows; what does not fit waits (as it would in xenconsoled's tty) and
 * is delivered when the guest consumes and notifies. Methods are synchronized: input may come from
 * another thread (the CLI) than notifications (the machine). A ring whose indices are corrupt is reported once
 * and then left alone; {@link #reset()} re-arms both rings.
 */
public final class ConsoleBackend {
    public static final int IN_OFFSET = 0;
    public static final int IN_SIZE = 1024;
    public static final int OUT_OFFSET = 1024;
    public static final int OUT_SIZE = 2048;
    public static final int IN_CONS = 3072;
    public static final int IN_PROD = 3076;
    public static final int OUT_CONS = 3080;
    public static final int OUT_PROD = 3084;

    private final ByteRing in;
    private final ByteRing out;
    private final EventNotifier notifier;
    private final ConsoleListener listener;
    private final ArrayDeque<Byte> pendingInput = new ArrayDeque<>();
    private boolean outBroken;
    private boolean inBroken;
    private long bytesOut;

    public ConsoleBackend(PhysicalMemory mem, long pageAddress, EventNotifier notifier, ConsoleListener listener) {
        this.in = new ByteRing("console in", mem, pageAddress + IN_OFFSET, IN_SIZE,
                pageAddress + IN_CONS, pageAddress + IN_PROD);
        this.out = new ByteRing("console out", mem, pageAddress + OUT_OFFSET, OUT_SIZE,
                pageAddress + OUT_CONS, pageAddress + OUT_PROD);
        this.notifier = notifier;
        this.listener = listener;
    }

    /** The guest sent an event on the console port (EVTCHNOP_send): drain out[], refill in[]. */
    public synchronized void onGuestNotify() {
        boolean moved = drainOutput();
        moved |= flushInput();
        if (moved) {
            notifier.notifyGuest();
        }
    }

    /** Queues input for the guest (keyboard, CLI) and writes what fits into in[] now. */
    public synchronized void writeInput(byte[] bytes) {
        for (byte b : bytes) {
            pendingInput.addLast(b);
        }
        if (flushInput()) {
            notifier.notifyGuest();
        }
    }

    /** Input bytes not yet placed in in[] (the guest has not consumed enough). */
    public synchronized int pendingInputBytes() {
        return pendingInput.size();
    }

    public synchronized long bytesOut() {
        return bytesOut;
    }

    public synchronized boolean isBroken() {
        return outBroken || inBroken;
    }

    /** After the guest re-initialised the page (e.g. on resume): process both rings again. */
    public synchronized void reset() {
        outBroken = false;
        inBroken = false;
    }

    private boolean drainOutput() {
        if (outBroken) {
            return false;
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[OUT_SIZE];
        while (true) {
            int n = out.read(buf, 0, buf.length);
            if (n == ByteRing.CORRUPT) {
                outBroken = true;
                report(out.corruption());
                break;
            }
            if (n == 0) {
                break;
            }
            got.write(buf, 0, n);
        }
        if (got.size() == 0) {
            return false;
        }
        bytesOut += got.size();
        listener.output(got.toByteArray());
        return true;
    }

    private boolean flushInput() {
        if (inBroken || pendingInput.isEmpty()) {
            return false;
        }
        int space = in.space();
        if (space == ByteRing.CORRUPT) {
            inBroken = true;
            report(in.corruption());
            return false;
        }
        int n = Math.min(space, pendingInput.size());
        if (n == 0) {
            return false;
        }
        byte[] chunk = new byte[n];
        for (int i = 0; i < n; i++) {
            chunk[i] = pendingInput.pollFirst();
        }
        int written = in.write(chunk, 0, n);
        if (written == ByteRing.CORRUPT) {
            inBroken = true;
            report(in.corruption());
            for (int i = n - 1; i >= 0; i--) {
                pendingInput.addFirst(chunk[i]);
            }
            return false;
        }
        return written > 0;
    }

    private void report(RingCorruption c) {
        listener.ringCorrupt(c);
    }
}
