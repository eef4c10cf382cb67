package io.xenscope.boot.multiboot;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.ElfSegment;
import io.xenscope.boot.elf.MultibootHeader;
import io.xenscope.boot.elf.XenImageException;
import io.xenscope.boot.firmware.BiosRom;
import io.xenscope.boot.firmware.BootLoader;
import io.xenscope.boot.firmware.Disk;
import io.xenscope.boot.firmware.E820Map;
import io.xenscope.cpu.Cpu;
import io.xenscope.memory.PhysicalMemory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a Multiboot (0.6.96) kernel as GRUB and QEMU do: with the a.out kludge (header flag 16) the
 * file from {@code header_addr - (load_addr)} bytes before the header to {@code load_end_addr}, then
 * zeroes to {@code bss_end_addr}, entry {@code entry_addr}; otherwise the ELF's PT_LOAD segments at
 * their physical addresses (ELF32, and ELF64 as GRUB loads it), entry e_entry translated from
 * virtual to physical through the segment that holds it. The plan is checked against the memory
 * map when the machine is built; POST loads it and writes the Multiboot information
 * ({@link MultibootInfo}); the ROM then enters the kernel in 32-bit flat protected mode
 * (§3.2: EAX = 0x2BADB002, EBX = the information's physical address, ECX = the entry point).
 */
public final class MultibootLoader implements BootLoader {
    public static final int BOOTLOADER_MAGIC = 0x2BADB002;

    /** One piece of the image: {@code bytes} at {@code address}, then zeroes up to {@code memSize}. */
    public record Chunk(long address, byte[] bytes, long memSize) {
    }

    private final MultibootHeader header;
    private final List<Chunk> chunks;
    private final long entry;
    private final String cmdline;

    private MultibootLoader(MultibootHeader header, List<Chunk> chunks, long entry, String cmdline) {
        this.header = header;
        this.chunks = chunks;
        this.entry = entry;
        this.cmdline = cmdline;
    }

    /**
     * Plans the load of {@code file} ({@code elf} null when it is not an ELF image), refusing what
     * does not fit in RAM or overlaps the Multiboot information, as a clear checked error.
     */
    public static MultibootLoader plan(byte[] file, ElfImage elf, MultibootHeader h, String cmdline, E820Map map)
            throws XenImageException {
        List<Chunk> chunks = new ArrayList<>();
        long entry;
        if (h.hasAddresses()) {
            long start = h.fileOffset() - (h.headerAddr() - h.loadAddr());
            long end = h.loadEndAddr() == 0 ? file.length : start + (h.loadEndAddr() - h.loadAddr());
            if (start < 0 || end > file.length || end < start) {
                throw refused(String.format("the a.out kludge addresses load file bytes %#x-%#x of a %d-byte file",
                        start, end, file.length));
            }
            long mem = h.bssEndAddr() == 0 ? end - start : h.bssEndAddr() - h.loadAddr();
            chunks.add(new Chunk(h.loadAddr(), Arrays.copyOfRange(file, (int) start, (int) end), Math.max(mem, end - start)));
            entry = h.entryAddr();
        } else if (elf != null) {
            entry = elf.entry();
            for (ElfSegment s : elf.loadSegments()) {
                byte[] bytes = s.fileBytes().toArray();
                chunks.add(new Chunk(s.paddr(), bytes, Math.max(s.memsz(), bytes.length)));
                if (Long.compareUnsigned(entry - s.vaddr(), s.memsz()) < 0) {
                    entry = entry - s.vaddr() + s.paddr();
                }
            }
            if (chunks.isEmpty()) {
                throw refused("the ELF image has no PT_LOAD segment to load");
            }
        } else {
            throw refused("not an ELF image, and the multiboot header has no load addresses (flag 16, the a.out kludge)");
        }
        if (entry < 0 || entry > 0xffffffffL) {
            throw refused(String.format("entry point %#x is above 4 GiB: a Multiboot kernel starts in 32-bit mode", entry));
        }
        for (Chunk c : chunks) {
            if (c.memSize() > 0 && !map.isRam(c.address(), c.memSize())) {
                throw refused(String.format("the image's bytes at %#x-%#x are not in RAM (the %d MiB machine's memory map has no RAM there)",
                        c.address(), c.address() + c.memSize(), map.ramSize() >>> 20));
            }
            if (c.address() < MultibootInfo.END && c.address() + c.memSize() > MultibootInfo.START) {
                throw refused(String.format("the image's bytes at %#x-%#x overlap the Multiboot information at %#x-%#x",
                        c.address(), c.address() + c.memSize(), MultibootInfo.START, MultibootInfo.END));
            }
        }
        String cmd = cmdline == null ? "" : cmdline;
        if (cmd.length() + 1 > MultibootInfo.CMDLINE_MAX) {
            throw refused("the command line is longer than " + (MultibootInfo.CMDLINE_MAX - 1) + " bytes");
        }
        return new MultibootLoader(h, List.copyOf(chunks), entry, cmd);
    }

    private static XenImageException refused(String why) {
        return new XenImageException(XenImageException.Kind.ADDRESSES, "multiboot: " + why);
    }

    public MultibootHeader header() {
        return header;
    }

    public List<Chunk> chunks() {
        return chunks;
    }

    /** The physical entry point. */
    public long entry() {
        return entry;
    }

    @Override
    public Disk disk() {
        return null;
    }

    @Override
    public int load(Cpu cpu, E820Map map) {
        PhysicalMemory m = cpu.memory;
        for (Chunk c : chunks) {
            m.writeBytes(c.address(), c.bytes(), 0, c.bytes().length);
            if (c.memSize() > c.bytes().length) {
                m.fill(c.address() + c.bytes().length, 0, c.memSize() - c.bytes().length);
            }
        }
        long mbi = MultibootInfo.write(m, map, cmdline.getBytes(StandardCharsets.ISO_8859_1));
        cpu.gpr[0] = BOOTLOADER_MAGIC & 0xffffffffL;
        cpu.gpr[3] = mbi;
        cpu.gpr[1] = entry;
        return BiosRom.MULTIBOOT_PATH;
    }
}
