package io.xenscope.devices;

import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A PcPlatform on 64 MiB of RAM with a fake clock and a recording sink, driven through ports and MMIO as a guest would. */
final class Pc implements PlatformSink {
    final PhysicalMemory memory;
    final IoBus io = new IoBus();
    long now;
    final PcPlatform platform;
    final Map<String, ByteArrayOutputStream> console = new LinkedHashMap<>();
    final List<Integer> exits = new ArrayList<>();
    int resets;

    Pc() {
        this(64L << 20);
    }

    Pc(long ram) {
        memory = new PhysicalMemory(ram);
        platform = new PcPlatform(memory, io, () -> now, this);
    }

    @Override
    public void consoleOutput(String source, byte[] bytes) {
        console.computeIfAbsent(source, s -> new ByteArrayOutputStream()).writeBytes(bytes);
    }

    @Override
    public void exitRequested(int status) {
        exits.add(status);
    }

    @Override
    public void resetRequested() {
        resets++;
    }

    String console(String source) {
        ByteArrayOutputStream b = console.get(source);
        return b == null ? "" : b.toString(StandardCharsets.ISO_8859_1);
    }

    void out(int port, int value) {
        io.out(port, 1, value);
    }

    void outw(int port, int value) {
        io.out(port, 2, value);
    }

    void outl(int port, int value) {
        io.out(port, 4, value);
    }

    int in(int port) {
        return io.in(port, 1);
    }

    int inw(int port) {
        return io.in(port, 2);
    }

    int inl(int port) {
        return io.in(port, 4);
    }

    int lapic(int reg) {
        return memory.read32(LocalApic.DEFAULT_BASE + reg);
    }

    void lapic(int reg, int value) {
        memory.write32(LocalApic.DEFAULT_BASE + reg, value);
    }

    int ioapic(int reg) {
        memory.write32(IoApic.DEFAULT_BASE, reg);
        return memory.read32(IoApic.DEFAULT_BASE + 0x10);
    }

    void ioapic(int reg, int value) {
        memory.write32(IoApic.DEFAULT_BASE, reg);
        memory.write32(IoApic.DEFAULT_BASE + 0x10, value);
    }

    /** Advances virtual time by {@code ns}. */
    void advance(long ns) {
        now += ns;
    }

    boolean pending() {
        return platform.pending(null);
    }

    int acknowledge() {
        return platform.acknowledge(null);
    }

    /** Programs the 8259 pair as Linux and BIOSes do: edge, cascade, vectors 0x20 (master) and 0x28 (slave), 8086 mode. */
    void initPic(int masterMask, int slaveMask) {
        out(0x20, 0x11);
        out(0xa0, 0x11);
        out(0x21, 0x20);
        out(0xa1, 0x28);
        out(0x21, 0x04);
        out(0xa1, 0x02);
        out(0x21, 0x01);
        out(0xa1, 0x01);
        out(0x21, masterMask);
        out(0xa1, slaveMask);
    }

    /** Software-enables the local APIC (SVR vector 0xFF). */
    void enableLapic() {
        lapic(LocalApic.SVR, 0x1ff);
    }
}
