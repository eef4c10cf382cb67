package io.xenscope.cpu.decoder;

/**
 * The default operand and address size of the code being decoded, as set by the code segment
 * (CS.D, CS.L, CR0.PE, EFER.LMA; Intel SDM Vol. 1 §3.6). This is all the decoder needs of the CPU
 * mode: 16-bit covers real mode, virtual-8086 and 16-bit protected mode; 64-bit is IA-32e 64-bit mode.
 */
public enum CodeSize {
    BITS16(2), BITS32(4), BITS64(8);

    /** Default operand and address size in bytes (64-bit mode: operand 4, address 8). */
    public final int bytes;

    CodeSize(int bytes) {
        this.bytes = bytes;
    }

    public int defaultOperandSize() {
        return this == BITS64 ? 4 : bytes;
    }

    public int defaultAddressSize() {
        return bytes;
    }
}
