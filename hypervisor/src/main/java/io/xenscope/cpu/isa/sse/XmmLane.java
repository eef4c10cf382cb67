package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;

/**
 * The low {@code size} bytes of quadword {@code half} (0 = bits 0..63, 1 = bits 64..127) of XMM
 * register {@code n}, as a {@link Location}: scalar sources (Wss, Wsd, Wq register forms) and
 * destinations. Writing merges into the lane, leaving the other bits.
 */
public record XmmLane(int n, int half, int size) implements Location {
    @Override
    public long read(Cpu c) {
        return c.xmm[2 * n + half] & Locations.mask(size);
    }

    @Override
    public void write(Cpu c, long value) {
        long m = Locations.mask(size);
        int i = 2 * n + half;
        c.xmm[i] = (c.xmm[i] & ~m) | (value & m);
    }
}
