package io.xenscope.xen.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A node of the store, immutable: its absolute name, value bytes, permissions (the first entry is
 * the owner), children names in creation order, and the generation count of its last write (the
 * basis of transaction conflict detection, as in xenstored).
 */
public record Node(String name, byte[] data, List<XsPermission> perms, List<String> children, long generation) {
    /** Generation of a node that does not exist (xenstored's NO_GENERATION, ~0). */
    public static final long NO_GENERATION = -1L;

    public Node {
        perms = List.copyOf(perms);
        children = List.copyOf(children);
    }

    public int owner() {
        return perms.get(0).domid();
    }

    public Node withData(byte[] d) {
        return new Node(name, d, perms, children, generation);
    }

    public Node withPerms(List<XsPermission> p) {
        return new Node(name, data, p, children, generation);
    }

    public Node withGeneration(long g) {
        return new Node(name, data, perms, children, g);
    }

    public Node withChild(String child) {
        List<String> c = new ArrayList<>(children);
        c.add(child);
        return new Node(name, data, perms, c, generation);
    }

    public Node withoutChild(String child) {
        List<String> c = new ArrayList<>(children);
        c.remove(child);
        return new Node(name, data, perms, c, generation);
    }

    /** Bytes of the children list on the wire: each name followed by a NUL. */
    public byte[] childrenBytes() {
        int len = 0;
        for (String c : children) {
            len += c.length() + 1;
        }
        byte[] out = new byte[len];
        int off = 0;
        for (String c : children) {
            byte[] b = XsStrings.bytes(c);
            System.arraycopy(b, 0, out, off, b.length);
            off += b.length + 1;
        }
        return out;
    }

    /** calc_node_acc_size: node_hdr (16) + 8 per permission + data + children, the node-size quota. */
    public int accountedSize() {
        return 16 + 8 * perms.size() + data.length + childrenBytes().length;
    }
}
