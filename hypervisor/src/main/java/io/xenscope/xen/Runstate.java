package io.xenscope.xen;

/**
 * struct vcpu_runstate_info (vcpu.h): {int state; uint64_t state_entry_time; uint64_t time[4];}
 * (48 bytes). States RUNSTATE_running 0, runnable 1, blocked 2, offline 3.
 */
public final class Runstate {
    public static final int RUNNING = 0, RUNNABLE = 1, BLOCKED = 2, OFFLINE = 3;
    public static final int SIZE = 48;

    int state = RUNNING;

    public int state() {
        return state;
    }
    long entryTime;
    final long[] time = new long[4];

    /** Accounts the time spent in the current state and enters {@code next}. */
    public void change(int next, long now) {
        time[state] += now - entryTime;
        state = next;
        entryTime = now;
    }

    /** The info as of {@code now} (time[] of the current state includes the time spent in it). */
    public long[] snapshot(long now) {
        long[] t = time.clone();
        t[state] += now - entryTime;
        return new long[] {state, entryTime, t[0], t[1], t[2], t[3]};
    }

    /** Writes vcpu_runstate_info at guest virtual {@code va}. */
    public static void writeTo(GuestMemory g, long va, long[] s) {
        g.write32(va, (int) s[0]);
        g.write32(va + 4, 0);
        g.write64(va + 8, s[1]);
        for (int i = 0; i < 4; i++) {
            g.write64(va + 16 + i * 8L, s[2 + i]);
        }
    }

    /** Updates the area registered with VCPUOP_register_runstate_memory_area (errors ignored, as Xen does). */
    public static void write(Vcpu v) {
        try {
            writeTo(v.guest, v.runstateArea, v.runstate.snapshot(v.now()));
        } catch (GuestFaultOnCopy ignored) {
            // Xen silently skips an unmapped area
        }
    }
}
