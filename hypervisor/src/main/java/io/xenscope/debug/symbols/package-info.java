/**
 * Symbols of a guest image for the debugger: our own reader of ELF symbols and DWARF 2-5 (no DWARF
 * library is available to us), behind the {@link io.xenscope.debug.symbols.SymbolTable} facade.
 *
 * <ul>
 *   <li>{@link io.xenscope.debug.symbols.LineTable}: .debug_line v2-5 (v5 directory/file entry formats,
 *       .debug_line_str/.debug_str forms), every standard and extended opcode; paths are completed
 *       with DW_AT_comp_dir. An address maps to the last row at the greatest row address not above
 *       it within its sequence (addr2line's and gdb's answer).</li>
 *   <li>{@link io.xenscope.debug.symbols.Functions}: units and subprograms from .debug_info
 *       (low_pc/high_pc incl. constant high_pc, DW_AT_ranges through .debug_ranges and .debug_rnglists,
 *       strx/addrx through .debug_str_offsets/.debug_addr, abstract_origin/specification names,
 *       inlined subroutines, lexical blocks that declare variables, frame_base), then ELF function
 *       symbols for code DWARF does not describe.</li>
 *   <li>{@link io.xenscope.debug.symbols.CallFrameInfo}: .eh_frame and .debug_frame CIE/FDE,
 *       augmentations z/R/P/L/S, DW_EH_PE encodings (absptr/pcrel; others reported), every DW_CFA
 *       instruction; CFA expressions and register expressions are decoded but not evaluated
 *       (reported; the unwinder then falls back to the frame pointer).</li>
 *   <li>{@link io.xenscope.debug.symbols.Unwinder}: CFI where an FDE covers the pc, the rbp chain
 *       otherwise; a frame limit and a "stack pointer must grow" rule stop loops.</li>
 * </ul>
 *
 * <p>Breakpoint placement follows gdb 13 on x86-64, which the tests use as the oracle: "break
 * file:line" uses gdb's per-file line tables (rows that cover no code because the next row at the same
 * address switches file are dropped), takes the line or the next line with is_stmt code, and keeps
 * the lowest address per innermost block (function, inlined instance, lexical block with variables);
 * "break function" skips the prologue only where gdb does: not in CUs gdb considers "locations valid"
 * (GCC 4.5+ with location lists, i.e. optimised code), and otherwise only past a
 * {@code push %rbp; mov %rsp,%rbp} frame setup, to the start of the next line-table row. Inlined
 * instances are entered at their low_pc or first range, as gdb 13 does (it ignores DW_AT_entry_pc).
 *
 * <p>Malformed input: every read is bounds-checked ({@link io.xenscope.debug.symbols.DwarfFormatException},
 * checked, names section and offset); a bad unit ends that section's parse with what was read before
 * it kept, and {@link io.xenscope.debug.symbols.SymbolTable#problems()} lists what was skipped. A
 * guest without -g works from ELF symbols and .eh_frame alone.
 *
 * <p>Not supported: split DWARF (.dwo, skeleton units are read but their .dwo is not), compressed
 * sections (SHF_COMPRESSED, reported), .debug_types, DWARF expression evaluation, 32-bit guests' CFI
 * register numbering (x86-64 numbering is assumed).
 */
package io.xenscope.debug.symbols;
