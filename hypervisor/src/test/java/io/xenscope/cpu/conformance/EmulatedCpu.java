package io.xenscope.cpu.conformance;

import io.xenscope.boot.FlatBinaryLoader;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import java.util.List;

/** Runs a batch of cases in our CPU: 64-bit long mode, identity paging, the host harness's data and stack addresses. */
final class EmulatedCpu {
    private EmulatedCpu() {
    }

    static Outcome[] run(List<ConformanceCase> cases, SnippetAssembler.Blob blob) {
        Cpu cpu = new Cpu(new PhysicalMemory(1L << 30), new IoBus(), new CpuModel());
        FlatBinaryLoader.load(cpu.memory, Layout.CODE_BASE, blob.code());
        FlatBinaryLoader.enterLongMode(cpu, Layout.CODE_BASE, Layout.STACK_TOP);
        ExecutionEngine engine = new ExecutionEngine(cpu);
        Outcome[] results = new Outcome[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            ConformanceCase c = cases.get(i);
            System.arraycopy(c.gpr(), 0, cpu.gpr, 0, 16);
            Flags.write(cpu, c.rflags());
            cpu.rip = Layout.CODE_BASE + blob.starts()[i];
            cpu.halted = false;
            cpu.memory.fill(Layout.DATA_BASE, 0, Layout.DATA_SIZE);
            cpu.memory.writeBytes(Layout.DATA_BASE, c.data(), 0, c.data().length);
            long end = Layout.CODE_BASE + blob.ends()[i];
            RunResult r = engine.run(10_000);
            int vector;
            long rip = cpu.rip;
            if (r.reason() == StopReason.HALTED && rip == end + 1) {
                vector = -1; // a system family that implements HLT
                rip = end;
            } else if (r.reason() == StopReason.GUEST_FAULT && rip == end) {
                vector = -1; // HLT is privileged or not implemented here: either way, the end
            } else if (r.reason() == StopReason.GUEST_FAULT) {
                vector = r.fault().vector();
            } else {
                vector = 200 + r.reason().ordinal();
            }
            byte[] data = new byte[Layout.DATA_SIZE];
            cpu.memory.readBytes(Layout.DATA_BASE, data, 0, Layout.DATA_SIZE);
            // RIPs as offsets within the snippet, as the host reports them
            results[i] = new Outcome(vector, rip - (Layout.CODE_BASE + blob.starts()[i]), cpu.gpr.clone(), Flags.read(cpu), data);
        }
        return results;
    }
}
