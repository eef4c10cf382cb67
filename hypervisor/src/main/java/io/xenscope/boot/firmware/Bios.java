package io.xenscope.boot.firmware;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.Flags;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.IoPortHandler;
import io.xenscope.memory.PhysicalMemory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * XenScope's BIOS: the {@link BiosRom} plus the Java behind its two private ports. A write to
 * {@link BiosRom#POST_PORT} with AL = 0 is POST: interrupt vectors, BIOS data areas, both 8259s
 * programmed as SeaBIOS leaves them (vectors 08h and 70h, everything masked but the cascade), the
 * boot image loaded, and the boot vector set for the ROM to jump through. A write to
 * {@link BiosRom#CALL_PORT} is a service call: AL names the vector, {@link BiosCall} the caller's
 * registers. The live CF tells the int 16h stub whether to halt and retry.
 */
public final class Bios implements IoPortHandler {
    /** What the firmware tells the machine. */
    public interface Sink {
        /** Text written through int 10h. */
        void output(byte[] bytes);

        /** Something a porter should know (an unsupported BIOS call, A20 not emulated). */
        void note(String text);

        /** The guest cannot go on (a real-mode exception the BIOS cannot handle, the boot sector returned). */
        void fatal(String why);
    }

    /** Exceptions a real-mode guest cannot survive with the BIOS's handler (#DE, #UD, #NM). */
    private static final int[] FATAL_EXCEPTIONS = {0x00, 0x06, 0x07};
    private static final String[] EXCEPTION_NAMES = {"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM"};
    /** Software interrupts of the PC BIOS we do not provide (serial, printer, ROM BASIC, bootstrap). */
    private static final int[] UNSUPPORTED = {0x14, 0x17, 0x18, 0x19};

    private final Cpu cpu;
    private final E820Map map;
    private final BootLoader loader;
    private final Sink sink;
    private final Map<Integer, BiosService> services = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private boolean posted;

    public Bios(Cpu cpu, E820Map map, BootLoader loader, long epochSeconds, LongSupplier nowNs, Sink sink) {
        this.cpu = cpu;
        this.map = map;
        this.loader = loader;
        this.sink = sink;
        SystemServices system = new SystemServices(this, map);
        ClockServices clock = new ClockServices(this, epochSeconds, nowNs);
        services.put(0x08, clock);
        services.put(0x10, new VideoServices(this));
        services.put(0x11, system);
        services.put(0x12, system);
        services.put(0x13, new DiskServices(this, loader.disk()));
        services.put(0x15, system);
        services.put(0x16, new KeyboardServices(this));
        services.put(0x1a, clock);
    }

    /** Maps the ROM and claims the firmware ports. */
    public void install(PhysicalMemory mem, IoBus io) {
        BiosRom.map(mem);
        io.register(BiosRom.POST_PORT, 2, this);
    }

    public E820Map memoryMap() {
        return map;
    }

    @Override
    public int in(int port, int size) {
        return size == 4 ? -1 : (1 << (size * 8)) - 1;
    }

    @Override
    public void out(int port, int size, int value) {
        if (cpu.mode != CpuMode.REAL) {
            note(String.format("write to the firmware's port %#x outside real mode ignored", port));
            return;
        }
        if (port == BiosRom.POST_PORT) {
            if ((value & 0xff) == BiosRom.POST) {
                post();
            } else if ((value & 0xff) == BiosRom.BOOT_SECTOR_RETURNED) {
                sink.fatal("the boot sector returned to the BIOS (a far return from 0000:7c00): there is nothing else to boot");
            }
            return;
        }
        int vector = value & 0xff;
        setLiveCarry(false);
        BiosCall call = new BiosCall(cpu, vector);
        BiosService s = services.get(vector);
        if (s != null) {
            s.call(call);
        } else if (vector < 8 && contains(FATAL_EXCEPTIONS, vector)) {
            sink.fatal(String.format("real-mode exception %s (vector %d) at %s: the BIOS's handler cannot recover from it",
                    EXCEPTION_NAMES[vector], vector, call.callerAddress()));
        } else {
            unsupported(call, String.format("int %02Xh", vector));
            call.fail(SystemServices.EUNSUPPORTED);
        }
    }

    /** POST: the interrupt vectors, the data areas, the PICs, and the boot image. */
    private void post() {
        PhysicalMemory m = cpu.memory;
        for (int v = 0; v < 256; v++) {
            m.write32(4L * v, BiosRom.farPointer(BiosRom.IRET));
        }
        m.write32(4L * 0x08, BiosRom.stub(0x08));
        for (int v = 0x09; v <= 0x0f; v++) {
            m.write32(4L * v, BiosRom.farPointer(BiosRom.EOI_MASTER));
        }
        for (int v = 0x70; v <= 0x77; v++) {
            m.write32(4L * v, BiosRom.farPointer(BiosRom.EOI_BOTH));
        }
        for (int v : new int[] {0x10, 0x11, 0x12, 0x13, 0x15, 0x1a}) {
            m.write32(4L * v, BiosRom.stub(v));
        }
        m.write32(4L * 0x16, BiosRom.farPointer(BiosRom.INT16));
        for (int v : FATAL_EXCEPTIONS) {
            m.write32(4L * v, BiosRom.stub(v));
        }
        for (int v : UNSUPPORTED) {
            m.write32(4L * v, BiosRom.stub(v));
        }
        BiosDataArea.initialise(m, map, loader.disk() == null ? 0 : 1);
        initialisePics();
        int path = loader.load(cpu, map);
        m.write16(BiosRom.BASE + BiosRom.BOOT_VECTOR, path);
        m.write16(BiosRom.BASE + BiosRom.BOOT_VECTOR + 2, BiosRom.SEGMENT);
        posted = true;
    }

    /** SeaBIOS's pic_setup(): ICW1-4 for both 8259s, vectors 08h and 70h, all masked but IRQ 2 (the cascade). */
    private void initialisePics() {
        IoBus io = cpu.io;
        io.out(0x20, 1, 0x11);
        io.out(0xa0, 1, 0x11);
        io.out(0x21, 1, 0x08);
        io.out(0xa1, 1, 0x70);
        io.out(0x21, 1, 0x04);
        io.out(0xa1, 1, 0x02);
        io.out(0x21, 1, 0x01);
        io.out(0xa1, 1, 0x01);
        io.out(0x21, 1, 0xfb);
        io.out(0xa1, 1, 0xff);
    }

    /** Has POST run? */
    public boolean posted() {
        return posted;
    }

    void output(byte[] bytes) {
        sink.output(bytes);
    }

    /** A call we do not implement: reported once per vector and function. */
    void unsupported(BiosCall c, String what) {
        if (reported.add(what)) {
            sink.note(what + " is not provided by XenScope's BIOS (called from " + c.callerAddress() + ")");
        }
    }

    /** A porting note, reported once. */
    void note(String text) {
        if (reported.add(text)) {
            sink.note(text);
        }
    }

    /** The calling stub must halt and call again after the next interrupt. */
    void waitForInterrupt(Cpu c) {
        setLiveCarry(true);
    }

    private void setLiveCarry(boolean on) {
        long f = Flags.read(cpu);
        Flags.write(cpu, on ? f | Flags.CF : f & ~Flags.CF);
    }

    /** Why a vCPU halted at {@code linear} waits, if it is waiting inside the BIOS; else null. */
    public String waitReason(long linear) {
        if (linear == BiosRom.BASE + BiosRom.INT16_HLT) {
            return "int 16h AH=00h waits for a keystroke, and this machine has no keyboard";
        }
        return null;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
