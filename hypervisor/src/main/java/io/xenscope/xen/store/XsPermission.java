package io.xenscope.xen.store;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a node's permission list. The first entry names the owner (who may do anything) and
 * the access everybody not listed gets; later entries grant a domain specific access. On the wire
 * each is a letter and a domid: 'n' none, 'r' read, 'w' write, 'b' both ("r5", "n0").
 */
public record XsPermission(int domid, int perms) {

    public static XsPermission none(int domid) {
        return new XsPermission(domid, XsWire.XS_PERM_NONE);
    }

    public static XsPermission read(int domid) {
        return new XsPermission(domid, XsWire.XS_PERM_READ);
    }

    public static XsPermission write(int domid) {
        return new XsPermission(domid, XsWire.XS_PERM_WRITE);
    }

    public static XsPermission both(int domid) {
        return new XsPermission(domid, XsWire.XS_PERM_READ | XsWire.XS_PERM_WRITE);
    }

    /** xenstore_perm_to_string. */
    @Override
    public String toString() {
        char c = switch (perms & (XsWire.XS_PERM_READ | XsWire.XS_PERM_WRITE)) {
            case XsWire.XS_PERM_READ -> 'r';
            case XsWire.XS_PERM_WRITE -> 'w';
            case XsWire.XS_PERM_READ | XsWire.XS_PERM_WRITE -> 'b';
            default -> 'n';
        };
        return c + Integer.toUnsignedString(domid);
    }

    /** xenstore_strings_to_perms for one string; null for an unknown letter (xenstored: EINVAL). */
    public static XsPermission parse(String s) {
        if (s.isEmpty()) {
            return null;
        }
        int p;
        switch (s.charAt(0)) {
            case 'w' -> p = XsWire.XS_PERM_WRITE;
            case 'r' -> p = XsWire.XS_PERM_READ;
            case 'b' -> p = XsWire.XS_PERM_READ | XsWire.XS_PERM_WRITE;
            case 'n' -> p = XsWire.XS_PERM_NONE;
            default -> {
                return null;
            }
        }
        return new XsPermission(XsStrings.strtol0(s.substring(1)), p);
    }

    /** Parses "n0", "r1" ... ; null if any is malformed. */
    public static List<XsPermission> parseAll(List<String> strings) {
        List<XsPermission> out = new ArrayList<>();
        for (String s : strings) {
            XsPermission p = parse(s);
            if (p == null) {
                return null;
            }
            out.add(p);
        }
        return out;
    }
}
