package io.xenscope.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/**
 * IA32_APIC_BASE (MSR 0x1B) as an HVM guest sees it on Xen (guest_rdmsr/guest_wrmsr_apic_base,
 * xen/arch/x86/hvm/vlapic.c), next to the Xen MSRs of the same vCPU: boot sectors that rdmsr/wrmsr
 * and leave what they saw at 0000:0500.
 */
class HvmApicBaseMsrTest {
    private static final int RESULT = 0x500;

    /** Runs {@code body} (real mode, ES = 0) and then isa-debug-exit; the machine afterwards. */
    private static XenMachine run(String body) {
        XenMachine m = HvmMachineTest.boot(HvmMachineTest.bootSector("xor %bx, %bx\n mov %bx, %es\n" + body
                + "\n mov $0, %al\n out %al, $0xf4\n"));
        RunReport r = m.run(1_000_000);
        assertEquals(RunReport.Outcome.DEBUG_EXIT, r.outcome(), r.detail());
        return m;
    }

    private static long result(XenMachine m, int offset) {
        return m.domain().memory().read32(RESULT + offset) & 0xffffffffL;
    }

    private static final String READ_APIC_BASE = "mov $0x1b, %ecx\n rdmsr\n mov %eax, %es:0x500\n mov %edx, %es:0x504\n";

    @Test
    void theBspReadsItsEnabledXapicAt0xFEE00000() {
        XenMachine m = run(READ_APIC_BASE);
        assertEquals(0xfee00900L, result(m, 0), "base 0xFEE00000 | ENABLE | BSP");
        assertEquals(0, result(m, 4));
    }

    @Test
    void clearingEnableHardwareDisablesTheLocalApicAndReadsBack() {
        XenMachine m = run("mov $0x1b, %ecx\n mov $0xfee00100, %eax\n xor %edx, %edx\n wrmsr\n" + READ_APIC_BASE);
        assertEquals(0xfee00100L, result(m, 0));
        assertEquals(false, m.platform().lapic().hardwareEnabled());
    }

    @Test
    void settingX2apicModeIsAGeneralProtectionFaultAndLeavesTheMsr() {
        XenMachine m = run("""
                call 1f
            1:  pop %ax
                add $(gp - 1b), %ax
                mov %ax, %es:0x34
                movw %cs, %es:0x36
                mov $0x1b, %ecx
                mov $0xfee00d00, %eax
                xor %edx, %edx
                wrmsr
                movw $0x0bad, %es:0x508
                mov $0, %al
                out %al, $0xf4
            gp: movw $0x0d0d, %es:0x508
            """ + READ_APIC_BASE);
        assertEquals(0x0d0d, result(m, 8) & 0xffff, "#GP (vector 13) through the IVT");
        assertEquals(0xfee00900L, result(m, 0));
    }

    @Test
    void theXenHypercallMsrIsStillXensThroughTheChain() {
        XenMachine m = run("mov $0x40000000, %ecx\n mov $0x9000, %eax\n xor %edx, %edx\n wrmsr\n");
        PhysicalMemory mem = m.domain().memory();
        assertEquals(0xb8, mem.read8(0x9000 + 32), "hypercall 1's stub: mov $1, %eax");
        assertEquals(1, mem.read8(0x9000 + 33));
    }
}
