package io.xenscope.cpu.decoder;

/**
 * Where the decoder reads instruction bytes from. The execution engine reads through the MMU with
 * execute permission (so a fetch can raise a guest #PF on the second page of an instruction); the
 * disassembler reads from a byte array or a debugger's memory view.
 */
@FunctionalInterface
public interface CodeSource {
    /** The byte at {@code address}, 0..255. May throw a guest fault. */
    int fetch(long address);

    static CodeSource of(byte[] bytes, long baseAddress) {
        return address -> {
            long i = address - baseAddress;
            if (i < 0 || i >= bytes.length) {
                throw new CodeSourceExhausted(address);
            }
            return bytes[(int) i] & 0xff;
        };
    }

    /** Thrown by array-backed sources when an instruction runs past the end of the bytes. */
    final class CodeSourceExhausted extends RuntimeException {
        public final long address;

        public CodeSourceExhausted(long address) {
            super("no code byte at 0x" + Long.toHexString(address), null, false, false);
            this.address = address;
        }
    }
}
