package io.xenscope.cpu.decoder;

/**
 * One operand of a decoded instruction, in the order the Intel SDM writes them (destination first).
 * Immutable; values are already sign-extended and resolved so that the executor never looks at
 * instruction bytes again.
 */
public sealed interface Operand {

    /** Width of the operand in bytes (1, 2, 4, 8, 10, 16; 0 when the instruction does not access it, e.g. lea's M). */
    int size();

    /** A register operand. */
    record Reg(Register register) implements Operand {
        @Override
        public int size() {
            return register.size;
        }
    }

    /**
     * A memory operand: {@code segment:[base + index*scale + displacement]} computed in
     * {@code addressSize} bytes. {@code base} is {@link Register#RIP}/{@link Register#EIP} for
     * RIP-relative addressing, in which case the executor adds the address of the next instruction.
     * {@code segment} is the effective segment (default or overridden); {@code segmentOverride}
     * says whether a prefix named it (the disassembler prints it only then).
     * {@code base} and {@code index} are null when absent; {@code scale} is 1, 2, 4 or 8.
     */
    record Mem(int size, Register segment, boolean segmentOverride, Register base, Register index, int scale,
               long displacement, int addressSize) implements Operand {
        public boolean ripRelative() {
            return base != null && base.kind == Register.Kind.IP;
        }
    }

    /** An immediate already extended to {@code size} bytes as the instruction uses it (e.g. 83 /0 ib: sign-extended). */
    record Imm(long value, int size) implements Operand {
    }

    /** A relative branch target, resolved to the absolute target address (truncated to the operand size). */
    record Rel(long target, int size) implements Operand {
    }

    /** A direct far pointer {@code selector:offset} (ptr16:16 / ptr16:32 of jmp/call far). */
    record Far(int selector, long offset, int size) implements Operand {
    }
}
