package io.xenscope.devices;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.InterruptSource;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;

import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The PC an HVM guest sees (what Xen's device model provides): the devices on the I/O bus and at
 * their MMIO addresses, and the vCPU's INTR line they drive. Time is virtual: {@code nowNs} is
 * the vCPU's clock in nanoseconds (derived from the instruction count), so timers fire at the same
 * instruction every run.
 *
 * <p>SKELETON (session 2): the debug console (0xE9) and isa-debug-exit (0xF4) work; the UART,
 * PIT, PIC, local APIC, I/O APIC, RTC and PCI are being built on branch {@code devices} behind
 * this same API.
 */
public final class PcPlatform implements InterruptSource {
    public static final int DEBUG_CONSOLE_PORT = 0xe9;
    public static final int ISA_DEBUG_EXIT_PORT = 0xf4;

    private final PlatformSink sink;

    public PcPlatform(PhysicalMemory memory, IoBus io, LongSupplier nowNs, PlatformSink sink) {
        this.sink = sink;
        io.register(DEBUG_CONSOLE_PORT, 1, new io.xenscope.memory.IoPortHandler() {
            @Override
            public int in(int port, int size) {
                return 0xe9; // Bochs/QEMU: reading the port tells a guest the debug console is there
            }

            @Override
            public void out(int port, int size, int value) {
                sink.consoleOutput("port 0xe9", new byte[] {(byte) value});
            }
        });
        io.register(ISA_DEBUG_EXIT_PORT, 4, new io.xenscope.memory.IoPortHandler() {
            @Override
            public int in(int port, int size) {
                return size == 4 ? -1 : (1 << (size * 8)) - 1;
            }

            @Override
            public void out(int port, int size, int value) {
                sink.exitRequested((value << 1) | 1);
            }
        });
    }

    /** Virtual time (ns) of the next timer event any device has armed; Long.MAX_VALUE if none. */
    public long nextDeadline() {
        return Long.MAX_VALUE;
    }

    /** Drives ISA IRQ / GSI {@code irq} (the Xen platform device's INTx, for instance). */
    public void setIrq(int irq, boolean level) {
    }

    @Override
    public boolean pending(Cpu cpu) {
        return false;
    }

    @Override
    public int acknowledge(Cpu cpu) {
        return -1;
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
