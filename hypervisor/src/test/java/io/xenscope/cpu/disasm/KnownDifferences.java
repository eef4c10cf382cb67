package io.xenscope.cpu.disasm;

import java.util.List;

/** The documented categories of disagreement with objdump (see each entry's reason). */
final class KnownDifferences {
    private KnownDifferences() {
    }

    static final List<OracleComparison.Known> INTEL = List.of(
            new OracleComparison.Known("segment register 6/7",
                    "mov Sw with ModRM.reg 6 or 7 is #UD (SDM MOV); objdump prints the register as '?', we decode BAD",
                    c -> !c.ours().isValid() && (c.theirText().contains(",?") || c.theirText().contains("?,"))));
}
