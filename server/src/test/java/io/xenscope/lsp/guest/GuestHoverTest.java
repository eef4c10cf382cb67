package io.xenscope.lsp.guest;

import static io.xenscope.lsp.LspAssert.assertHover;

import org.junit.jupiter.api.Test;

class GuestHoverTest {
    private static final String C = "file:///g/main.c", S = "file:///g/head.S";

    @Test
    void hypercalls() {
        assertHover(C, "rc = HYPERVISOR_mmu|_update(req, 1, &done, DOMID_SELF);", "__HYPERVISOR_mmu_update` = 1", "MMU_NORMAL_PT_UPDATE", "xen/xen.h", "Returns");
        assertHover(S, "mov $__HYPERVISOR_event_cha|nnel_op, %eax", "= 32", "send 4");
        assertHover(C, "long do_sched|_op(int cmd, void *arg);", "= 29", "block 1");
    }

    @Test
    void constants() {
        assertHover(C, "op.cmd = MMUEXT_PIN_L4|_TABLE;", "#define MMUEXT_PIN_L4_TABLE 3", "HYPERVISOR_mmuext_op");
        assertHover(C, "send.port = p; HYPERVISOR_event_channel_op(EVTCHNOP_se|nd, &send);", "EVTCHNOP_send** = 4", "xen/event_channel.h");
        assertHover(C, "bind.virq = VIRQ_TIM|ER;", "= 0");
        assertHover(C, "HYPERVISOR_sched_op(SCHEDOP_bl|ock, 0);", "= 1", "sti; hlt");
        assertHover(C, "if (rc == -XEN_EINV|AL)", "= 22", "-EINVAL");
        assertHover(C, "if (rc == -EPE|RM)", "= 1");
        assertHover(C, "flags = UVMF_INVLPG + UVMF_A|LL;", "= 4");
        assertHover(C, "CONSOLEIO_wr|ite", "= 0");
        assertHover(C, "SHUTDOWN_po|weroff", "on_poweroff");
        assertHover(C, "XENMEM_populate_phys|map", "= 6");
    }

    @Test
    void structsAndFields() {
        assertHover(C, "start_in|fo_t *si;", "struct start_info", "1168 bytes", "| 32 | `nr_pages`");
        assertHover(C, "n = si->nr_pa|ges;", "start_info.nr_pages** at offset 32");
        assertHover(C, "v->evtchn_upcall_ma|sk = 1;", "vcpu_info.evtchn_upcall_mask** at offset 1", "PV `cli`");
        assertHover(C, "u.p|tr = ma;", "mmu_update.ptr");
        assertHover(C, "struct shared_i|nfo *s;", "3136 bytes");
        assertHover(C, "x = mfn_li|st;");
        assertHover(C, "int fo|o;");
    }
}
