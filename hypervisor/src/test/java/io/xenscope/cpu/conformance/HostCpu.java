package io.xenscope.cpu.conformance;

import io.xenscope.testing.NativeCpu;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The oracle side: each case's bytes (sliced from the assembled batch, without the HLT) run on the
 * host CPU through {@link NativeCpu}. RIPs in the {@link Outcome} are offsets within the snippet.
 */
final class HostCpu {
    private static NativeCpu cpu;

    private HostCpu() {
    }

    static boolean available() {
        return NativeCpu.isSupported();
    }

    static synchronized Outcome[] run(List<ConformanceCase> cases, SnippetAssembler.Blob blob) {
        if (cpu == null) {
            cpu = NativeCpu.start();
        }
        List<NativeCpu.Case> in = new ArrayList<>(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            ConformanceCase c = cases.get(i);
            byte[] code = Arrays.copyOfRange(blob.code(), (int) blob.starts()[i], (int) blob.ends()[i]);
            in.add(new NativeCpu.Case(code, c.gpr(), c.rflags(), c.data()));
        }
        List<NativeCpu.Result> results = cpu.runAll(in);
        Outcome[] out = new Outcome[cases.size()];
        for (int i = 0; i < out.length; i++) {
            NativeCpu.Result r = results.get(i);
            long length = blob.ends()[i] - blob.starts()[i];
            out[i] = r.faulted()
                    ? new Outcome(vectorOf(r.signal()), r.faultOffset(), r.gprs(), r.rflags(), r.data())
                    : new Outcome(-1, length, r.gprs(), r.rflags(), r.data());
        }
        return out;
    }

    private static int vectorOf(int signal) {
        return switch (signal) {
            case NativeCpu.SIGFPE -> 0;   // #DE
            case NativeCpu.SIGILL -> 6;   // #UD
            case NativeCpu.SIGSEGV -> 13; // #GP (or #PF)
            case NativeCpu.SIGTRAP -> 1;
            default -> 100 + signal;
        };
    }
}
