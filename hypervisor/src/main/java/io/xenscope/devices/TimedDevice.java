package io.xenscope.devices;

/** A device with a timer in virtual time (ns). The platform calls {@link #expire} once its deadline passed. */
interface TimedDevice {
    /** Virtual time of the next event; Long.MAX_VALUE if none is armed. */
    long deadline();

    /** Handles the events due at {@code now} (≥ the deadline) and arms the next. */
    void expire(long now);
}
