package io.xenscope.xen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** set_gdt, update_descriptor and the other vCPU-state hypercalls. */
class DescriptorTableTest {
    static final int RBX = 3, R12 = 12, R13 = 13, R14 = 14;

    /** rax = machine frame of `scratch` (via mfn_list), remapped read-only so it can hold descriptors. */
    static final String SCRATCH_MFN_READ_ONLY = """
            lea scratch(%rip),%rax; movabs $0xffffffff80000000,%rdx; sub %rdx,%rax; shr $12,%rax
            mov 104(%rsi),%rdx; mov (%rdx,%rax,8),%rax; mov %rax,mfn(%rip)
            lea scratch(%rip),%rdi; mov %rax,%rsi; shl $12,%rsi; or $0x5,%rsi; mov $2,%edx; HYPERCALL 14
            mov %rax,%r14
            """;

    @Test
    void aDescriptorFrameBecomesTheGdtAndItsSelectorsLoad() {
        BootedGuest g = HypercallTest.run(SCRATCH_MFN_READ_ONLY + """
                mov mfn(%rip),%rdi; shl $12,%rdi; add $8,%rdi
                movabs $0x00cf92000000ffff,%rsi                 /* flat data, DPL 0 */
                HYPERCALL 10; mov %rax,%r12
                lea mfn(%rip),%rdi; mov $512,%esi; HYPERCALL 2; mov %rax,%r13
                mov $0x0b,%eax; mov %eax,%es; mov %es,%ebx
                """, "mfn: .quad 0");
        assertEquals(0, g.reg(R14), "remapped read-only");
        assertEquals(0, g.reg(R12), "update_descriptor");
        assertEquals(0, g.reg(R13), "set_gdt");
        assertEquals(0x0b, g.reg(RBX));
        assertEquals(0x00cff3000000ffffL, g.read64("scratch", 8), "DPL raised to 3 by check_descriptor; accessed by the load");
    }

    @Test
    void aFrameMappedWritableCannotBeAGdt() {
        assertEquals(-22, HypercallTest.rbx("""
                lea scratch(%rip),%rax; movabs $0xffffffff80000000,%rdx; sub %rdx,%rax; shr $12,%rax
                mov 104(%rsi),%rdx; mov (%rdx,%rax,8),%rax; mov %rax,mfn(%rip)
                lea mfn(%rip),%rdi; mov $512,%esi; HYPERCALL 2; mov %rax,%rbx
                """, "mfn: .quad 0"));
    }

    @Test
    void moreEntriesThanTheGuestPartOfTheGdtIsEinval() {
        assertEquals(-22, HypercallTest.rbx("lea mfn(%rip),%rdi; mov $7169,%esi; HYPERCALL 2; mov %rax,%rbx",
                "mfn: .quad 0"));
    }

    @Test
    void aTssDescriptorIsRefused() {
        assertEquals(-22, HypercallTest.rbx(SCRATCH_MFN_READ_ONLY + """
                mov mfn(%rip),%rdi; shl $12,%rdi
                movabs $0x0000890000000067,%rsi                 /* available 64-bit TSS */
                HYPERCALL 10; mov %rax,%rbx
                """, "mfn: .quad 0"));
    }

    @Test
    void updateDescriptorOfAFrameTheDomainDoesNotOwnIsEinval() {
        assertEquals(-22, HypercallTest.rbx("mov 40(%rsi),%rdi; xor %esi,%esi; HYPERCALL 10; mov %rax,%rbx", ""));
    }

    @Test
    void fpuTaskswitchSetsCr0Ts() {
        BootedGuest g = HypercallTest.run("mov $1,%edi; HYPERCALL 5; mov %rax,%rbx", "");
        assertEquals(0, g.reg(RBX));
        assertEquals(io.xenscope.cpu.Cpu.CR0_TS, g.vcpu().cpu().cr0 & io.xenscope.cpu.Cpu.CR0_TS);
    }

    @Test
    void aNestedMulticallIsEinval() {
        BootedGuest g = HypercallTest.run("lea mc(%rip),%rdi; mov $1,%esi; HYPERCALL 13; mov %rax,%rbx",
                "mc: .quad 13, 0, 0, 0, 0, 0, 0, 0");
        assertEquals(0, g.reg(RBX));
        assertEquals(-22, g.read64("mc", 8));
    }

    @Test
    void aMulticallListXenCannotReadIsEfault() {
        assertEquals(-14, HypercallTest.rbx("mov $0x1000,%edi; mov $1,%esi; HYPERCALL 13; mov %rax,%rbx", ""));
    }
}
