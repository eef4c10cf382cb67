package io.xenscope.mmu;

import io.xenscope.cpu.Cpu;

/** The four paging modes of SDM Vol. 3 §4.1.1 (Table 4-1), selected by CR0.PG, CR4.PAE and EFER.LME. */
public enum PagingMode {
    NONE, BITS32, PAE, LEVEL4;

    public static PagingMode of(Cpu cpu) {
        if ((cpu.cr0 & Cpu.CR0_PG) == 0) {
            return NONE;
        }
        if ((cpu.cr4 & Cpu.CR4_PAE) == 0) {
            return BITS32;
        }
        return (cpu.efer & Cpu.EFER_LMA) != 0 ? LEVEL4 : PAE;
    }
}
