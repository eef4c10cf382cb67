package io.xenscope.cpu.decoder;

/**
 * What an instruction is, named as the Intel SDM names it. (Filled in by the decoder tables.)
 */
public enum Mnemonic {
    /** Not a valid instruction in this mode: executing it raises #UD; objdump prints "(bad)". */
    BAD
}
