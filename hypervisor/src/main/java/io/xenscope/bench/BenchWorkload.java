package io.xenscope.bench;

import io.xenscope.boot.FlatBinaryLoader;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The CPU benchmark workload (src/main/native/bench/workload.c, built by Maven into a flat binary):
 * CRC-32, quicksort and xorshift over a 64 KiB array, about 3 million instructions per iteration.
 * Its entry takes the iteration count in RDI and the array size in 32-bit words in RSI, and halts
 * with a checksum in RAX that depends only on those two numbers.
 *
 * <p>The build also runs the same C natively once, for the {@linkplain #smokeChecksum() smoke
 * configuration}, so an emulator run can be checked against the host CPU.
 */
public final class BenchWorkload {
    public static final int MAX_WORDS = 16384;
    private static final long RAM_BYTES = 64L << 20;
    private static final int RDI = 7, RSI = 6;

    private final byte[] image;
    private final Properties properties;

    private BenchWorkload(byte[] image, Properties properties) {
        this.image = image;
        this.properties = properties;
    }

    /** Reads the binary and its properties from the classpath. */
    public static BenchWorkload load() {
        try (InputStream bin = resource("workload.bin"); InputStream props = resource("workload.properties")) {
            Properties p = new Properties();
            p.load(props);
            return new BenchWorkload(bin.readAllBytes(), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = BenchWorkload.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("bench workload resource " + name
                    + " missing: it is built by `make` from hypervisor/src/main/native/bench (needs gcc)");
        }
        return in;
    }

    public long loadAddress() {
        return Long.decode(properties.getProperty("load.address"));
    }

    public int imageSize() {
        return image.length;
    }

    public long smokeIterations() {
        return Long.parseLong(properties.getProperty("smoke.iterations"));
    }

    public int smokeWords() {
        return Integer.parseInt(properties.getProperty("smoke.words"));
    }

    /** What the host CPU computed for the smoke configuration. */
    public long smokeChecksum() {
        return Long.parseUnsignedLong(properties.getProperty("smoke.checksum").substring(2), 16);
    }

    /** A fresh machine in 64-bit mode, at the workload's entry, ready to run {@code iterations} over {@code words}. */
    public Cpu newMachine(long iterations, int words) {
        Cpu cpu = new Cpu(new PhysicalMemory(RAM_BYTES), new IoBus(), new CpuModel());
        FlatBinaryLoader.load(cpu.memory, loadAddress(), image);
        FlatBinaryLoader.enterLongMode(cpu, loadAddress(), FlatBinaryLoader.DEFAULT_STACK_TOP);
        cpu.gpr[RDI] = iterations;
        cpu.gpr[RSI] = words;
        return cpu;
    }
}
