package io.xenscope.testing;

import static io.xenscope.testing.NativeCpu.CODE_BASE;
import static io.xenscope.testing.NativeCpu.DATA_BASE;
import static io.xenscope.testing.NativeCpu.DATA_SIZE;

import io.xenscope.boot.FlatBinaryLoader;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.fault.Vectors;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;

/**
 * The emulator-side twin of {@link NativeCpu}'s process: a vCPU in 64-bit mode whose address space
 * matches the harness's, so one {@link NativeCpu.Case} can run on both and the results compare.
 *
 * <p>Only the code pages (64 KiB at {@link NativeCpu#CODE_BASE}) and the data page (at
 * {@link NativeCpu#DATA_BASE}) are mapped (4 KiB pages, identity, writable), so an access outside
 * the data block is a #PF here where it is a SIGSEGV natively. The snippet is followed by
 * {@code hlt}: a run that ends HALTED with RIP just past it corresponds to a native run that
 * completed. Differences to mind: the vCPU runs at CPL 0, so instructions that are privileged in
 * user mode (hlt, cli, in/out...) do not fault here; {@link #signalFor} maps exception vectors to the
 * signal Linux would deliver.
 *
 * <pre>{@code
 * Cpu cpu = SnippetMachine.create(c);
 * new ExecutionEngine(cpu).run(1_000_000);
 * assertArrayEquals(nativeResult.gprs(), cpu.gpr);
 * assertEquals(nativeResult.userFlags() & definedFlags, SnippetMachine.userFlags(cpu) & definedFlags);
 * assertArrayEquals(nativeResult.data(), SnippetMachine.data(cpu));
 * }</pre>
 */
public final class SnippetMachine {
    /** RAM up to the end of the code region and the hlt after it. */
    private static final long RAM_BYTES = CODE_BASE + 0x20000;
    private static final long PML4 = 0x8000, PDPT = 0x9000, PD = 0xa000, PT_DATA = 0xb000, PT_CODE = 0xc000;
    private static final long PRESENT_WRITABLE = 3;
    private static final int CODE_PAGES = 17; // 64 KiB of code, plus the page the final hlt may spill into
    private static final byte HLT = (byte) 0xf4;

    private SnippetMachine() {
    }

    /** A fresh vCPU about to execute {@code c.code()} from {@link NativeCpu#CODE_BASE} with the case's state. */
    public static Cpu create(NativeCpu.Case c) {
        Cpu cpu = new Cpu(new PhysicalMemory(RAM_BYTES), new IoBus(), new CpuModel());
        FlatBinaryLoader.enterLongMode(cpu, CODE_BASE, 0);
        cpu.setCr3(writePageTables(cpu.memory));
        cpu.memory.writeBytes(CODE_BASE, c.code(), 0, c.code().length);
        cpu.memory.write8(CODE_BASE + c.code().length, HLT);
        cpu.memory.writeBytes(DATA_BASE, c.data(), 0, c.data().length);
        System.arraycopy(c.gprs(), 0, cpu.gpr, 0, 16);
        cpu.setRflags((c.rflags() & NativeCpu.USER_FLAGS) | Flags.FIXED);
        return cpu;
    }

    /** Where RIP is after the snippet ran to its end and executed the appended hlt. */
    public static long endAddress(NativeCpu.Case c) {
        return CODE_BASE + c.code().length + 1;
    }

    /** The data block, to compare with {@link NativeCpu.Result#data()}. */
    public static byte[] data(Cpu cpu) {
        byte[] d = new byte[DATA_SIZE];
        cpu.memory.readBytes(DATA_BASE, d, 0, DATA_SIZE);
        return d;
    }

    /** RFLAGS restricted to {@link NativeCpu#USER_FLAGS}. */
    public static long userFlags(Cpu cpu) {
        return cpu.rflags() & NativeCpu.USER_FLAGS;
    }

    /** The signal Linux delivers to a user process for exception {@code vector} (arch/x86/kernel/traps.c). */
    public static int signalFor(int vector) {
        return switch (vector) {
            case Vectors.DE, Vectors.MF, Vectors.XM -> NativeCpu.SIGFPE;
            case Vectors.DB, Vectors.BP -> NativeCpu.SIGTRAP;
            case Vectors.UD -> NativeCpu.SIGILL;
            case Vectors.SS, Vectors.AC -> NativeCpu.SIGBUS;
            default -> NativeCpu.SIGSEGV; // #GP, #PF, #OF, #BR, #NP
        };
    }

    private static long writePageTables(PhysicalMemory m) {
        m.fill(PML4, 0, 5 * PhysicalMemory.PAGE_SIZE);
        m.write64(PML4, PDPT | PRESENT_WRITABLE);
        m.write64(PDPT, PD | PRESENT_WRITABLE); // CODE_BASE and DATA_BASE both lie in the first GiB
        m.write64(PD + 8 * (DATA_BASE >>> 21), PT_DATA | PRESENT_WRITABLE);
        m.write64(PD + 8 * (CODE_BASE >>> 21), PT_CODE | PRESENT_WRITABLE);
        m.write64(PT_DATA + 8 * ((DATA_BASE >>> 12) & 511), DATA_BASE | PRESENT_WRITABLE);
        for (int i = 0; i < CODE_PAGES; i++) {
            long page = CODE_BASE + ((long) i << 12);
            m.write64(PT_CODE + 8 * ((page >>> 12) & 511), page | PRESENT_WRITABLE);
        }
        return PML4;
    }
}
