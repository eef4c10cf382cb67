package io.xenscope.xen.console;

import io.xenscope.xen.ring.RingCorruption;

/** What the console backend tells the machine: output bytes as the guest wrote them, and broken rings. */
public interface ConsoleListener {
    /** Bytes the guest wrote to out[], in order. The array is the listener's to keep. */
    void output(byte[] bytes);

    /** The guest corrupted a console ring; that ring is no longer processed. */
    default void ringCorrupt(RingCorruption corruption) {
    }
}
