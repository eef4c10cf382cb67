package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.InterruptSource;
import io.xenscope.devices.PcPlatform;

/**
 * The INTR line of an HVM vCPU (each has its own: its local APIC, and for vCPU 0 the 8259), in the order hvm_vcpu_has_pending_irq() (xen/arch/x86/hvm/irq.c)
 * looks: Xen's event upcall by vector first (the per-vCPU upcall vector, else HVM_PARAM_CALLBACK_IRQ
 * of type vector: {@link HvmVcpu}), then the platform's interrupt controllers. A CALLBACK_IRQ of
 * type GSI or PCI INTx is no vector: Xen drives that platform line while vCPU 0's
 * evtchn_upcall_pending is set (hvm_set_callback_irq_level) and lowers it lazily, at the next VM
 * exit (hvm_maybe_deassert_evtchn_irq): here each time the line is looked at, and before a
 * level-triggered EOI reaches the I/O APIC (the EOI write is a VM exit), so a handler that clears
 * the flag and then EOIs is not interrupted again.
 */
final class HvmInterruptLine implements InterruptSource {
    /** No callback line asserted. */
    private static final long NONE = -1;
    private final Vcpu v;
    private final int id;
    private final HvmVcpu hvm;
    private final PcPlatform platform;
    /** The CALLBACK_IRQ value whose line is asserted, or NONE. */
    private long asserted = NONE;

    HvmInterruptLine(Vcpu v, HvmVcpu hvm, PcPlatform platform) {
        this.v = v;
        this.id = v.id;
        this.hvm = hvm;
        this.platform = platform;
        if (id == 0) {
            platform.beforeLevelEoi(this::syncCallbackLine); // the callback line follows vCPU 0's upcall flag
        }
    }

    /**
     * Drives the platform line a CALLBACK_IRQ value names, as hvm_set_callback_via() decodes it:
     * type GSI — GSI (uint8_t)via, none if 0 or past the I/O APIC's 48 pins; ISA GSIs 1-15 reach the
     * 8259 too (PcPlatform.setIrq); type PCI INTx — device bits 15:11, INTx bits 1:0, through the
     * PIIX3's link routing as __hvm_pci_intx_assert (PcPlatform.setPciIntx). Other types: no line.
     */
    private void drive(long callbackIrq, boolean level) {
        int type = (int) (callbackIrq >>> 56);
        if (type == HvmParams.HVM_PARAM_CALLBACK_TYPE_GSI) {
            int gsi = (int) callbackIrq & 0xff;
            if (gsi != 0) {
                platform.setIrq(gsi, level); // numbers past the 48 pins are ignored
            }
        } else if (type == HvmParams.HVM_PARAM_CALLBACK_TYPE_PCI_INTX) {
            platform.setPciIntx((int) (callbackIrq >>> 11) & 31, (int) callbackIrq & 3, level);
        }
    }

    /** Brings the callback line's level in line with evtchn_upcall_pending (and a changed CALLBACK_IRQ). */
    private void syncCallbackLine() {
        long via = v.domain.hvmParams[HvmParams.HVM_PARAM_CALLBACK_IRQ];
        // checked per block boundary: no callback (0) or the vector type reads no guest memory
        boolean line = via != 0 && via >>> 56 < HvmParams.HVM_PARAM_CALLBACK_TYPE_VECTOR;
        long want = line && !v.domain.shutdown && v.upcallPending() != 0 ? via : NONE;
        if (want != asserted) {
            if (asserted != NONE) {
                drive(asserted, false);
            }
            if (want != NONE) {
                drive(want, true);
            }
            asserted = want;
        }
    }

    @Override
    public boolean pending(Cpu cpu) {
        if (id == 0) {
            syncCallbackLine();
        }
        return hvm.pending(cpu) || platform.pending(id);
    }

    @Override
    public int acknowledge(Cpu cpu) {
        if (hvm.pending(cpu)) {
            return hvm.acknowledge(cpu);
        }
        return platform.acknowledge(id);
    }
}
