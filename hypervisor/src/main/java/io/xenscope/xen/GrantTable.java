package io.xenscope.xen;

import io.xenscope.xen.mm.Errno;

import java.util.ArrayList;
import java.util.List;

/**
 * A domain's grant table, version 1 (xen/common/grant_table.c): shared frames of
 * grant_entry_v1 {u16 flags; u16 domid; u32 frame} the guest maps after GNTTABOP_setup_table.
 * Frames are Xen-heap frames shared writable with the guest, grown on demand up to
 * max_grant_frames (libxl leaves it to Xen: opt_max_grant_frames = 64, the gnttab_max_frames
 * default; the table starts with INITIAL_NR_GRANT_FRAMES = 1 frame).
 */
public final class GrantTable {
    public static final int DEFAULT_MAX_FRAMES = 64;
    public static final int INITIAL_FRAMES = 1;
    public static final int GNTST_OKAY = 0, GNTST_GENERAL_ERROR = -1, GNTST_BAD_DOMAIN = -2, GNTST_BAD_VIRT_ADDR = -10,
            GNTST_PERMISSION_DENIED = -8;

    private final Domain d;
    private final List<Long> frames = new ArrayList<>();
    private int maxFrames = DEFAULT_MAX_FRAMES;
    private int version = 1;

    GrantTable(Domain d) {
        this.d = d;
    }

    public int nrFrames() {
        return frames.size() == 0 ? INITIAL_FRAMES : frames.size();
    }

    public int maxFrames() {
        return maxFrames;
    }

    public int version() {
        return version;
    }

    /** gnttab_grow_table + the frame list for setup_table: mfns of the first {@code n} frames, or null if n > max. */
    public long[] frames(int n) {
        if (n > maxFrames) {
            return null;
        }
        while (frames.size() < Math.max(n, INITIAL_FRAMES)) {
            long mfn = d.heap.alloc();
            d.mmu.shareXenPage(d.domid, mfn, true);
            frames.add(mfn);
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = frames.get(i);
        }
        return out;
    }

    /** The machine frames of the table grown so far (read-only view, for debuggers). */
    public List<Long> allocatedFrames() {
        return List.copyOf(frames);
    }

    /** GNTTABOP_set_version: 1 only (version 2 is not modelled). */
    public int setVersion(int v) {
        if (v == version) {
            return 0;
        }
        if (v == 2) {
            return -Errno.ENOSYS;
        }
        return -Errno.EINVAL;
    }
}
