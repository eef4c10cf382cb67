package io.xenscope.xen.mm;

/**
 * struct mmuext_op {unsigned int cmd; union {xen_pfn_t mfn; unsigned long linear_addr;} arg1;
 * union {unsigned int nr_ents; const void *vcpumask; xen_pfn_t src_mfn;} arg2;} (public/xen.h).
 */
public record MmuextOp(int cmd, long arg1, long arg2) {
    public static final int PIN_L1_TABLE = 0;
    public static final int PIN_L2_TABLE = 1;
    public static final int PIN_L3_TABLE = 2;
    public static final int PIN_L4_TABLE = 3;
    public static final int UNPIN_TABLE = 4;
    public static final int NEW_BASEPTR = 5;
    public static final int TLB_FLUSH_LOCAL = 6;
    public static final int INVLPG_LOCAL = 7;
    public static final int TLB_FLUSH_MULTI = 8;
    public static final int INVLPG_MULTI = 9;
    public static final int TLB_FLUSH_ALL = 10;
    public static final int INVLPG_ALL = 11;
    public static final int FLUSH_CACHE = 12;
    public static final int SET_LDT = 13;
    public static final int NEW_USER_BASEPTR = 15;
    public static final int CLEAR_PAGE = 16;
    public static final int COPY_PAGE = 17;
    public static final int MARK_SUPER = 18;
    public static final int UNMARK_SUPER = 19;
    public static final int FLUSH_CACHE_GLOBAL = 20;

    public static MmuextOp of(int cmd, long arg1) {
        return new MmuextOp(cmd, arg1, 0);
    }

    public static String name(int cmd) {
        return switch (cmd) {
            case PIN_L1_TABLE -> "MMUEXT_PIN_L1_TABLE";
            case PIN_L2_TABLE -> "MMUEXT_PIN_L2_TABLE";
            case PIN_L3_TABLE -> "MMUEXT_PIN_L3_TABLE";
            case PIN_L4_TABLE -> "MMUEXT_PIN_L4_TABLE";
            case UNPIN_TABLE -> "MMUEXT_UNPIN_TABLE";
            case NEW_BASEPTR -> "MMUEXT_NEW_BASEPTR";
            case TLB_FLUSH_LOCAL -> "MMUEXT_TLB_FLUSH_LOCAL";
            case INVLPG_LOCAL -> "MMUEXT_INVLPG_LOCAL";
            case TLB_FLUSH_MULTI -> "MMUEXT_TLB_FLUSH_MULTI";
            case INVLPG_MULTI -> "MMUEXT_INVLPG_MULTI";
            case TLB_FLUSH_ALL -> "MMUEXT_TLB_FLUSH_ALL";
            case INVLPG_ALL -> "MMUEXT_INVLPG_ALL";
            case FLUSH_CACHE -> "MMUEXT_FLUSH_CACHE";
            case SET_LDT -> "MMUEXT_SET_LDT";
            case NEW_USER_BASEPTR -> "MMUEXT_NEW_USER_BASEPTR";
            case CLEAR_PAGE -> "MMUEXT_CLEAR_PAGE";
            case COPY_PAGE -> "MMUEXT_COPY_PAGE";
            case MARK_SUPER -> "MMUEXT_MARK_SUPER";
            case UNMARK_SUPER -> "MMUEXT_UNMARK_SUPER";
            case FLUSH_CACHE_GLOBAL -> "MMUEXT_FLUSH_CACHE_GLOBAL";
            default -> "mmuext cmd " + cmd;
        };
    }
}
