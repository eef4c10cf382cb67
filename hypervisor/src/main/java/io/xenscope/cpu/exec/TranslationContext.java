package io.xenscope.cpu.exec;

import io.xenscope.cpu.decoder.CodeSize;

/**
 * What an op factory may know besides the instruction: the code size and the instruction's position
 * in its block (ops that read virtual time add it to the retired-instruction count).
 */
public record TranslationContext(CodeSize codeSize, int indexInBlock) {
}
