package io.xenscope.xen.ring;

/**
 * "Notify the guest": the hypervisor implements this by sending on the event channel port bound to
 * a ring (what {@code xenevtchn_notify} does for a real backend). Backends call it after they moved
 * a ring index the guest may be waiting on.
 */
@FunctionalInterface
public interface EventNotifier {
    void notifyGuest();

    EventNotifier NONE = () -> { };
}
