package io.xenscope.xen.store;

/**
 * A registered watch: the canonical (absolute or '@special') node, the guest's token, and how many
 * leading characters to strip when reporting (home path plus '/', for watches set with a relative
 * path), as watch.c's prefix_len.
 */
public record XsWatch(String node, String token, int prefixLen) {
    String reported(String name) {
        return prefixLen <= name.length() ? name.substring(prefixLen) : name;
    }
}
