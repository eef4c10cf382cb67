package io.xenscope.memory;

/**
 * The 64 KiB I/O port space. Unclaimed ports read as all ones and ignore writes, as on a PC with
 * nothing decoding the address (the floating bus).
 */
public final class IoBus {
    private final IoPortHandler[] handlers = new IoPortHandler[0x10000];

    public void register(int firstPort, int count, IoPortHandler handler) {
        for (int p = firstPort; p < firstPort + count; p++) {
            handlers[p & 0xffff] = handler;
        }
    }

    public int in(int port, int size) {
        IoPortHandler h = handlers[port & 0xffff];
        if (h == null) {
            return size == 4 ? -1 : (1 << (size * 8)) - 1;
        }
        return h.in(port & 0xffff, size);
    }

    public void out(int port, int size, int value) {
        IoPortHandler h = handlers[port & 0xffff];
        if (h != null) {
            h.out(port & 0xffff, size, value);
        }
    }
}
