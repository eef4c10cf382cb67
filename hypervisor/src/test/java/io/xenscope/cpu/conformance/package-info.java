/**
 * The differential conformance suite: instruction sequences run on the host CPU and in XenScope's
 * CPU from the same state, and everything architectural must agree.
 *
 * <p><b>How it works.</b> {@link io.xenscope.cpu.conformance.DifferentialConformanceTest} collects
 * {@link io.xenscope.cpu.conformance.ConformanceCase}s from every
 * {@link io.xenscope.cpu.conformance.CaseContributor}, and {@link io.xenscope.cpu.conformance.DifferentialEngine}
 * runs them in batches of 8,000: GNU as assembles a batch into one blob (so the encodings never come
 * from our decoder), the host harness {@code hostcpu.c} (built with cc at test time) enters each
 * snippet through a signal return with every GPR, RFLAGS and RSP set and stops at the HLT after it,
 * and {@code EmulatedCpu} runs the same blob at the same addresses in 64-bit long mode. Compared:
 * the exception raised (if any) and its RIP, all 16 GPRs, CF PF AF ZF SF OF DF, and the 512-byte data
 * window at {@link io.xenscope.cpu.conformance.Layout#DATA_BASE} (the stack is not compared).
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
 * must restore it), must not branch out of themselves, and address memory only in the data window
 * (absolute {@code [0x20000000 + offset]} addressing, or a register the case sets) or the stack.
 * The case counts are printed per group; the test requires at least 100,000 cases and no mismatch.
 */
package io.xenscope.cpu.conformance;
