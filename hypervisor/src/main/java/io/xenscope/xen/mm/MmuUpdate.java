package io.xenscope.xen.mm;

/** struct mmu_update {uint64_t ptr; uint64_t val;} (xen/include/public/xen.h). */
public record MmuUpdate(long ptr, long val) {
    public static final int MMU_NORMAL_PT_UPDATE = 0;
    public static final int MMU_MACHPHYS_UPDATE = 1;
    public static final int MMU_PT_UPDATE_PRESERVE_AD = 2;
    public static final int MMU_PT_UPDATE_NO_TRANSLATE = 3;

    public static MmuUpdate normal(long pteMachineAddress, long val) {
        return new MmuUpdate(pteMachineAddress | MMU_NORMAL_PT_UPDATE, val);
    }

    public static MmuUpdate preserveAd(long pteMachineAddress, long val) {
        return new MmuUpdate(pteMachineAddress | MMU_PT_UPDATE_PRESERVE_AD, val);
    }

    public static MmuUpdate machphys(long mfn, long pfn) {
        return new MmuUpdate(mfn << 12 | MMU_MACHPHYS_UPDATE, pfn);
    }

    public int cmd() {
        return (int) (ptr & 3);
    }
}
