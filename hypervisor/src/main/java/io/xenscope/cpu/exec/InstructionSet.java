package io.xenscope.cpu.exec;

import java.util.List;

/**
 * Every instruction family the CPU executes. Adding a family here is all it takes for the
 * translator to know its instructions.
 */
public final class InstructionSet {
    private InstructionSet() {
    }

    static List<InstructionFamily> families() {
        return List.of(
                new io.xenscope.cpu.isa.datamove.DataMoveFamily(),
                new io.xenscope.cpu.isa.stack.StackFamily(),
                new io.xenscope.cpu.isa.control.ControlFamily(),
                new io.xenscope.cpu.isa.string.StringFamily(),
                new io.xenscope.cpu.isa.segment.SegmentFamily(),
                new io.xenscope.cpu.isa.system.SystemFamily(),
                new io.xenscope.cpu.isa.io.IoFamily(),
                new io.xenscope.cpu.isa.arithmetic.ArithmeticFamily(),
                new io.xenscope.cpu.isa.shift.ShiftFamily(),
                new io.xenscope.cpu.isa.muldiv.MulDivFamily(),
                new io.xenscope.cpu.isa.bits.BitsFamily(),
                new io.xenscope.cpu.isa.sse.SseFamily(),
                new io.xenscope.cpu.isa.x87.X87ControlFamily(),
                new io.xenscope.cpu.isa.state.StateFamily());
    }

    /** A fresh table with every family registered. */
    public static OpTable table() {
        OpTable table = new OpTable();
        for (InstructionFamily f : families()) {
            f.register(table);
        }
        return table;
    }
}
