/**
 * Disassembler over {@link io.xenscope.cpu.decoder.Decoder}: {@link io.xenscope.cpu.disasm.AttSyntax}
 * and {@link io.xenscope.cpu.disasm.IntelSyntax} print what GNU objdump 2.40 prints
 * ({@code objdump -d} / {@code -M intel}), including its prefix words ({@code data16}, {@code rex.W},
 * {@code notrack}, {@code bnd}...), size suffixes and pseudo-ops ({@code cmpltps}); the oracle tests
 * hold both to objdump over the opcode space and over real compiled code. An optional symbolizer
 * names branch targets and RIP-relative addresses.
 */
package io.xenscope.cpu.disasm;
