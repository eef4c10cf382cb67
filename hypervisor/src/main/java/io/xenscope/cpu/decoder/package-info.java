/**
 * The x86 instruction decoder: {@link io.xenscope.cpu.decoder.Decoder#decode} turns bytes and a
 * {@link io.xenscope.cpu.decoder.CodeSize} into an immutable {@link io.xenscope.cpu.decoder.Instruction}.
 *
 * <p>Tables are written in the SDM's own notation (Vol. 2 Appendix A): {@code OneByteMap},
 * {@code TwoByteMap}, {@code ThreeByteMaps}, {@code X87Map}, built with {@code TableBuilder} from
 * strings such as {@code op("ADD Eb,Gb", LOCK)} parsed once at class initialisation. Decoding is
 * split into {@code Prefixes} (legacy/REX), selection through the tables (group, mandatory prefix,
 * mod, rm, operand/address size, mode), {@code ModRmDecoder} (memory operands) and
 * {@code OperandDecoder} (operand type codes to {@link io.xenscope.cpu.decoder.Operand}s).
 *
 * <p>Contract with the executor:
 * <ul>
 *   <li>{@link io.xenscope.cpu.decoder.Mnemonic#BAD}: invalid in this mode, raise #UD. With
 *       {@link io.xenscope.cpu.decoder.Instruction#tooLong()} (length 15): raise #GP(0) instead.</li>
 *   <li>{@link io.xenscope.cpu.decoder.Instruction#lockInvalid()}: a LOCK prefix where it is not
 *       allowed; the instruction is otherwise decoded; raise #UD.</li>
 *   <li>Implicit operands are not listed (string instructions, mul's rAX, blendv's XMM0...);
 *       {@link io.xenscope.cpu.decoder.Instruction#segmentOverride()} gives the segment override
 *       that applies to the implicit DS:rSI of string instructions and xlat.</li>
 *   <li>A prefix consumed as an SSE mandatory prefix is removed from the prefix bits.</li>
 *   <li>In 64-bit mode 66 on near branches is ignored (Intel behaviour): they are always 64-bit.</li>
 *   <li>Not decoded yet (BAD): VEX (C4/C5 in 64-bit mode or with ModRM.mod=11), EVEX (62), XOP
 *       (8F /1..7), 3DNow! (0F 0F), and some recent extensions (CET shadow stack, MOVDIRI, WAITPKG,
 *       SNP, Key Locker, TSX-LDTRK, UINTR, SSE4a, VIA PadLock).</li>
 * </ul>
 */
package io.xenscope.cpu.decoder;
