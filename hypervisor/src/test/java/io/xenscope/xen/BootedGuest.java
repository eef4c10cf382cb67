package io.xenscope.xen;

import io.xenscope.boot.elf.ElfImage;

/** A test guest booted on the machine (PV, PVH or HVM), with its ELF for symbol addresses. */
record BootedGuest(XenMachine machine, ElfImage image) {
    long symbol(String name) {
        return image.symbol(name).orElseThrow().value();
    }

    Vcpu vcpu() {
        return machine.vcpu0();
    }

    long reg(int n) {
        return machine.vcpu0().cpu().gpr[n];
    }

    /** Eight bytes at {@code label + offset} in the guest's virtual address space (through its page tables). */
    long read64(String label, int offset) {
        return machine.vcpu0().guest().read64(symbol(label) + offset);
    }

    /** Eight bytes at the physical address {@code label + offset} (an auto-translated guest's symbols are physical). */
    long phys64(String label, int offset) {
        return machine.domain().memory().read64(symbol(label) + offset);
    }

    int phys32(String label, int offset) {
        return machine.domain().memory().read32(symbol(label) + offset);
    }

    RunReport run() {
        return machine.run(5_000_000);
    }
}
