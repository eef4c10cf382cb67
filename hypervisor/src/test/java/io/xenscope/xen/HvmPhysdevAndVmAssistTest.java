package io.xenscope.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.xen.mm.Errno;
import org.junit.jupiter.api.Test;

/**
 * physdev_op and vm_assist in the HVM hypercall table (xen/arch/x86/hvm/hypercall.c): an HVM
 * domU has pirqs (libxl's emulation flags) and may query them, a PVH domU has none (-ENOSYS);
 * vm_assist accepts only HVM_VM_ASSIST_VALID (runstate_update_flag) from either.
 */
class HvmPhysdevAndVmAssistTest {
    private static final String MULTIBOOT_HEADER = "jmp 1f\n .p2align 2\n .long 0x1BADB002, 3, -(0x1BADB002 + 3)\n1:\n";

    /** The guest: irq_status_query(pirq 1), vm_assist(enable, runstate_update_flag), vm_assist(enable, writable_pagetables). */
    private static final String BODY = """
            INSTALL_HYPERCALL_PAGE
            LONG_MODE
            movl $5, %edi
            movq $query, %rsi
            HCALL 33
            movq %rax, res
            movl $0, %edi
            movl $5, %esi
            HCALL 21
            movq %rax, res+8
            movl $0, %edi
            movl $2, %esi
            HCALL 21
            movq %rax, res+16
            POWEROFF64
            """;
    private static final String DATA = "res: .quad 0, 0, 0\nquery: .long 1, 0\n";

    private static long[] results(XenMachine m, byte[] image) throws Exception {
        RunReport r = m.run(2_000_000);
        assertEquals(ShutdownReason.POWEROFF, r.shutdownReason(), r.detail());
        long res = ElfImage.parse(image).symbol("res").orElseThrow().value();
        return new long[] {m.domain().memory().read64(res), m.domain().memory().read64(res + 8),
                m.domain().memory().read64(res + 16)};
    }

    @Test
    void anHvmGuestQueriesItsPirqsAndMayOnlyAskForTheRunstateUpdateFlag() throws Exception {
        byte[] image = PvhTestGuest.build(MULTIBOOT_HEADER + BODY, "", DATA);
        XenMachine m = XenMachine.bootHvm(image, PvBootOptions.defaults());
        long[] r = results(m, image);
        assertEquals(0, r[0], "physdev_op(irq_status_query)");
        assertEquals(0, r[1], "vm_assist(enable, runstate_update_flag)");
        assertEquals(-Errno.EINVAL, r[2], "vm_assist(enable, writable_pagetables): not in HVM_VM_ASSIST_VALID");
        long query = ElfImage.parse(image).symbol("query").orElseThrow().value();
        assertEquals(1, m.domain().memory().read32(query + 4), "XENIRQSTAT_needs_eoi");
    }

    @Test
    void aPvhGuestHasNoPirqs() throws Exception {
        byte[] image = PvhTestGuest.build(BODY, "", DATA);
        XenMachine m = XenMachine.bootPvh(image, PvBootOptions.defaults());
        long[] r = results(m, image);
        assertEquals(-Errno.ENOSYS, r[0], "physdev_op without XEN_X86_EMU_USE_PIRQ");
        assertEquals(0, r[1], "vm_assist(enable, runstate_update_flag)");
    }
}
