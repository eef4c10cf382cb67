package io.xenscope.xen.ring;

/**
 * A guest left a ring's free-running indices in a state no correct producer/consumer can reach:
 * {@code prod - cons} (as u32) exceeds the ring's size. The backend stops processing that ring and
 * reports this instead of looping or throwing.
 *
 * @param ring   which ring, e.g. "xenstore req" or "console out"
 * @param cons   the consumer index read from the shared page
 * @param prod   the producer index read from the shared page
 * @param size   the ring's size in bytes (or entries)
 */
public record RingCorruption(String ring, int cons, int prod, int size) {
    public String describe() {
        return String.format("%s ring corrupt: prod 0x%08x - cons 0x%08x = %s exceeds ring size %d",
                ring, prod, cons, Integer.toUnsignedString(prod - cons), size);
    }

    @Override
    public String toString() {
        return describe();
    }
}
