/**
 * Xen shared rings as a backend sees them.
 *
 * <p>{@link io.xenscope.xen.ring.ByteRing} is one direction of a byte ring (xenstore req/rsp,
 * console in/out); {@link io.xenscope.xen.ring.BackRing} is the backend end of an io/ring.h
 * request/response ring. Indices are free-running u32 counters; {@code idx & (size - 1)} addresses
 * the array. Every access reads both indices once, checks {@code prod - cons <= size} (xenstored's
 * check_indexes), copies, then publishes the moved index. A failed check yields
 * {@link io.xenscope.xen.ring.RingCorruption} (never an exception, never a loop); the owner of the
 * ring decides to stop processing it and reports it. Memory barriers are no-ops for an in-process
 * backend, but the order of reads and writes mirrors the real backends.
 *
 * <p>{@link io.xenscope.xen.ring.EventNotifier} is how a backend "notifies the guest"; the
 * hypervisor implements it by sending on the ring's event channel port. Backends expose an
 * {@code onGuestNotify()} the hypervisor calls when the guest sends on that port.
 */
package io.xenscope.xen.ring;
