package io.xenscope.xen;

/** struct start_info for a 64-bit guest (xen/include/public/xen.h): field offsets. */
public final class StartInfo {
    public static final String MAGIC_X86_64 = "xen-3.0-x86_64";
    public static final int MAGIC = 0, NR_PAGES = 32, SHARED_INFO = 40, FLAGS = 48, STORE_MFN = 56, STORE_EVTCHN = 64,
            CONSOLE_MFN = 72, CONSOLE_EVTCHN = 80, PT_BASE = 88, NR_PT_FRAMES = 96, MFN_LIST = 104, MOD_START = 112,
            MOD_LEN = 120, CMD_LINE = 128, MAX_GUEST_CMDLINE = 1024, FIRST_P2M_PFN = 1152, NR_P2M_FRAMES = 1160;
    public static final int SIF_PRIVILEGED = 1, SIF_INITDOMAIN = 2, SIF_MULTIBOOT_MOD = 4, SIF_MOD_START_PFN = 8,
            SIF_VIRT_P2M_4TOOLS = 16;

    private StartInfo() {
    }
}
