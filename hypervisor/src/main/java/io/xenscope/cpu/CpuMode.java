package io.xenscope.cpu;

import io.xenscope.cpu.decoder.CodeSize;

/** The processor operating modes (Intel SDM Vol. 3 §2.2, Figure 2-3). */
public enum CpuMode {
    REAL, VIRTUAL_8086, PROTECTED, COMPATIBILITY, LONG_64;

    public boolean isLongMode() {
        return this == COMPATIBILITY || this == LONG_64;
    }

    public boolean isProtected() {
        return this != REAL && this != VIRTUAL_8086;
    }

    /** The code size the decoder uses in this mode with the given CS. */
    public CodeSize codeSize(SegmentRegister cs) {
        return switch (this) {
            case REAL, VIRTUAL_8086 -> CodeSize.BITS16;
            case LONG_64 -> CodeSize.BITS64;
            case PROTECTED, COMPATIBILITY -> cs.defaultBig() ? CodeSize.BITS32 : CodeSize.BITS16;
        };
    }
}
