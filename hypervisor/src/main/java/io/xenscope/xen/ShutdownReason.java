package io.xenscope.xen;

/** SHUTDOWN_* reasons (xen/include/public/sched.h). */
public final class ShutdownReason {
    public static final int POWEROFF = 0, REBOOT = 1, SUSPEND = 2, CRASH = 3, WATCHDOG = 4, SOFT_RESET = 5;

    private ShutdownReason() {
    }

    public static String name(int reason) {
        return switch (reason) {
            case POWEROFF -> "poweroff";
            case REBOOT -> "reboot";
            case SUSPEND -> "suspend";
            case CRASH -> "crash";
            case WATCHDOG -> "watchdog";
            case SOFT_RESET -> "soft_reset";
            default -> "reason " + reason;
        };
    }
}
