package io.xenscope.cpu.conformance;

/**
 * One differential case: a snippet of Intel-syntax assembly (one or more instructions, newline
 * separated; GNU as encodes it, never our decoder) and the state it starts from.
 *
 * <p>Memory: the data window of {@link Layout#DATA_SIZE} bytes at {@link Layout#DATA_BASE} (the case sets the first {@link Layout#CASE_DATA}, the rest is zero) is
 * compared; address it absolutely ({@code dword ptr [0x10000100]}) or through a register you set.
 * RSP starts at {@link Layout#STACK_TOP}. {@code undefinedFlags} are the RFLAGS bits the SDM leaves
 * undefined after this snippet: they are not compared.
 *
 * @param group label the suite counts cases by (e.g. "arithmetic", "shift")
 */
public record ConformanceCase(String group, String asm, long[] gpr, long rflags, byte[] data, long undefinedFlags) {
}
