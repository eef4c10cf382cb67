package io.xenscope.xen;

/** The Xen release this machine presents itself as (XENVER_version, cpuid leaf 0x40000001). */
public final class XenVersionInfo {
    public static final int MAJOR = 4;
    public static final int MINOR = 17;
    public static final String EXTRAVERSION = ".0-xenscope";
    public static final String CAPABILITIES = "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64";

    private XenVersionInfo() {
    }
}
