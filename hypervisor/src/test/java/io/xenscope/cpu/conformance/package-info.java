/**
 * The differential conformance suite: instruction sequences run on the host CPU and in XenScope's
 * CPU from the same state, and everything architectural must agree.
 *
 * <p><b>How it works.</b> {@link io.xenscope.cpu.conformance.DifferentialConformanceTest} collects
 * {@link io.xenscope.cpu.conformance.ConformanceCase}s from every
 * {@link io.xenscope.cpu.conformance.CaseContributor}, and {@link io.xenscope.cpu.conformance.DifferentialEngine}
 * runs them in batches of 8,000: GNU as assembles a batch into one blob (so the encodings never come
 * from our decoder), {@link io.xenscope.testing.NativeCpu} runs each snippet's bytes on the host
 * from the case's GPRs (RSP included), flags and data, and {@code EmulatedCpu} runs the blob in
 * 64-bit long mode with the same data and stack addresses, each snippet followed by a HLT. Compared:
 * the exception raised (if any) and its offset in the snippet, all 16 GPRs, CF PF AF ZF SF OF DF,
 * and the whole 4 KiB data block at {@link io.xenscope.cpu.conformance.Layout#DATA_BASE} (RSP starts
 * at its top, so pushes are compared too).
 *
 * <p><b>Undefined flags.</b> Each case masks the flags the SDM leaves undefined (listed in
 * {@link io.xenscope.cpu.conformance.AluCases}); random sequences track them through the sequence.
 * Beyond that, the ALU families reproduce what the host (an Intel Xeon) does with undefined flags:
 * run with {@code -DargLine=-Dconformance.strict=true} to compare them too. On the reference host
 * the strict run differs only in OF after ROL/ROR by an immediate count above 1 when the previous
 * OF writer was an instruction with undefined OF (BSR, TZCNT, BT...): the hardware's result depends
 * on flag-renaming state we do not model (about 150 of 12,000 random sequences).
 *
 * <p><b>Adding cases.</b> Implement {@link io.xenscope.cpu.conformance.CaseContributor} (usually with
 * {@link io.xenscope.cpu.conformance.CaseBuilder} and {@link io.xenscope.cpu.conformance.Operands})
 * and add it to {@code DifferentialConformanceTest.CONTRIBUTORS}. Snippets must not touch RSP (or
 * must restore it), must not branch out of themselves, and address memory only in the data block
 * (absolute {@code [0x10000000 + offset]} addressing, {@link io.xenscope.cpu.conformance.CaseBuilder#mem(int, int)},
 * or a register the case sets) or the stack.
 * The case counts are printed per group; the test requires at least 100,000 cases and no mismatch.
 */
package io.xenscope.cpu.conformance;
