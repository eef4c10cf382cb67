package io.xenscope.xen;

/**
 * HVM parameters (xen/include/public/hvm/params.h) and which of them a guest may read or write
 * about itself (hvm_allow_get_param / hvm_allow_set_param, xen/arch/x86/hvm/hvm.c).
 */
public final class HvmParams {
    public static final int HVM_PARAM_CALLBACK_IRQ = 0, HVM_PARAM_STORE_PFN = 1, HVM_PARAM_STORE_EVTCHN = 2,
            HVM_PARAM_PAE_ENABLED = 4, HVM_PARAM_IOREQ_PFN = 5, HVM_PARAM_BUFIOREQ_PFN = 6, HVM_PARAM_VIRIDIAN = 9,
            HVM_PARAM_TIMER_MODE = 10, HVM_PARAM_HPET_ENABLED = 11, HVM_PARAM_IDENT_PT = 12,
            HVM_PARAM_ACPI_S_STATE = 14, HVM_PARAM_VM86_TSS = 15, HVM_PARAM_VPT_ALIGN = 16,
            HVM_PARAM_CONSOLE_PFN = 17, HVM_PARAM_CONSOLE_EVTCHN = 18, HVM_PARAM_ACPI_IOPORTS_LOCATION = 19,
            HVM_PARAM_MEMORY_EVENT_CR0 = 20, HVM_PARAM_NESTEDHVM = 24, HVM_PARAM_PAGING_RING_PFN = 27,
            HVM_PARAM_MONITOR_RING_PFN = 28, HVM_PARAM_SHARING_RING_PFN = 29, HVM_PARAM_TRIPLE_FAULT_REASON = 31,
            HVM_PARAM_IOREQ_SERVER_PFN = 32, HVM_PARAM_NR_IOREQ_SERVER_PAGES = 33,
            HVM_PARAM_VM_GENERATION_ID_ADDR = 34, HVM_PARAM_ALTP2M = 35, HVM_PARAM_X87_FIP_WIDTH = 36,
            HVM_PARAM_VM86_TSS_SIZED = 37, HVM_PARAM_MCA_CAP = 38;
    public static final int HVM_NR_PARAMS = 39;

    /** HVM_PARAM_CALLBACK_IRQ: the type in bits 63:56. */
    public static final int HVM_PARAM_CALLBACK_TYPE_GSI = 0, HVM_PARAM_CALLBACK_TYPE_PCI_INTX = 1,
            HVM_PARAM_CALLBACK_TYPE_VECTOR = 2, HVM_PARAM_CALLBACK_TYPE_PPI = 3;

    private HvmParams() {
    }

    /** hvm_allow_get_param(): may a domain read this parameter of itself. */
    public static boolean guestMayGet(int index) {
        return switch (index) {
            case HVM_PARAM_CALLBACK_IRQ, HVM_PARAM_VM86_TSS, HVM_PARAM_VM86_TSS_SIZED, HVM_PARAM_ACPI_IOPORTS_LOCATION,
                 HVM_PARAM_VM_GENERATION_ID_ADDR, HVM_PARAM_STORE_PFN, HVM_PARAM_STORE_EVTCHN, HVM_PARAM_CONSOLE_PFN,
                 HVM_PARAM_CONSOLE_EVTCHN, HVM_PARAM_ALTP2M, HVM_PARAM_X87_FIP_WIDTH -> true;
            default -> false;
        };
    }

    /** hvm_allow_set_param(): may a domain write this parameter of itself. */
    public static boolean guestMaySet(int index) {
        return switch (index) {
            case HVM_PARAM_CALLBACK_IRQ, HVM_PARAM_VM86_TSS, HVM_PARAM_VM86_TSS_SIZED, HVM_PARAM_ACPI_IOPORTS_LOCATION,
                 HVM_PARAM_VM_GENERATION_ID_ADDR, HVM_PARAM_STORE_EVTCHN, HVM_PARAM_CONSOLE_EVTCHN,
                 HVM_PARAM_X87_FIP_WIDTH -> true;
            default -> false;
        };
    }

    /** The vector of a CALLBACK_IRQ value of type vector, else 0. */
    public static int callbackVector(long callbackIrq) {
        return (int) (callbackIrq >>> 56) == HVM_PARAM_CALLBACK_TYPE_VECTOR ? (int) (callbackIrq & 0xff) : 0;
    }
}
