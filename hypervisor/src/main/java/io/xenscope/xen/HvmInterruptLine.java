package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.InterruptSource;
import io.xenscope.devices.PcPlatform;

/**
 * The INTR line of an HVM vCPU, in the order hvm_vcpu_has_pending_irq() (xen/arch/x86/hvm/irq.c)
 * looks: Xen's event upcall by vector first (the per-vCPU upcall vector, else HVM_PARAM_CALLBACK_IRQ
 * of type vector: {@link HvmVcpu}), then the platform's interrupt controllers. A CALLBACK_IRQ of
 * type GSI or PCI INTx is no vector: Xen asserts that platform interrupt line while
 * evtchn_upcall_pending is set (hvm_set_callback_irq_level), so the line follows the flag each time
 * the line is looked at.
 */
final class HvmInterruptLine implements InterruptSource {
    private final Vcpu v;
    private final HvmVcpu hvm;
    private final PcPlatform platform;
    private int assertedGsi = -1;

    HvmInterruptLine(Vcpu v, HvmVcpu hvm, PcPlatform platform) {
        this.v = v;
        this.hvm = hvm;
        this.platform = platform;
    }

    /** The GSI a CALLBACK_IRQ value routes to, or -1 (type vector, or none). */
    static int callbackGsi(long callbackIrq) {
        int type = (int) (callbackIrq >>> 56);
        if (type == HvmParams.HVM_PARAM_CALLBACK_TYPE_GSI) {
            long gsi = callbackIrq & 0x00ff_ffff_ffff_ffffL;
            return gsi == 0 ? -1 : (int) gsi;
        }
        if (type == HvmParams.HVM_PARAM_CALLBACK_TYPE_PCI_INTX) {
            int dev = (int) (callbackIrq >>> 11) & 0x1f, intx = (int) callbackIrq & 3;
            return ((dev << 2) + (dev >> 3) + intx & 31) + 16; // hvm_pci_intx_gsi()
        }
        return -1;
    }

    /** Brings the callback GSI's level in line with evtchn_upcall_pending. */
    private void syncCallbackGsi() {
        int gsi = callbackGsi(v.domain.hvmParams[HvmParams.HVM_PARAM_CALLBACK_IRQ]);
        boolean level = gsi >= 0 && !v.domain.shutdown && v.upcallPending() != 0;
        int want = level ? gsi : -1;
        if (want != assertedGsi) {
            if (assertedGsi >= 0) {
                platform.setIrq(assertedGsi, false);
            }
            if (want >= 0) {
                platform.setIrq(want, true);
            }
            assertedGsi = want;
        }
    }

    @Override
    public boolean pending(Cpu cpu) {
        syncCallbackGsi();
        return hvm.pending(cpu) || platform.pending(cpu);
    }

    @Override
    public int acknowledge(Cpu cpu) {
        if (hvm.pending(cpu)) {
            return hvm.acknowledge(cpu);
        }
        return platform.acknowledge(cpu);
    }
}
