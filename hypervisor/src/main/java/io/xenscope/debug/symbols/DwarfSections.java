package io.xenscope.debug.symbols;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.ElfSection;
import java.util.HashMap;
import java.util.Map;

/**
 * The raw bytes of the debugging sections of one ELF image, by name. Absent sections are null.
 * Compressed sections (SHF_COMPRESSED, .zdebug) are reported as absent with a note.
 */
final class DwarfSections {
    static final long SHF_COMPRESSED = 0x800;
    static final String[] NAMES = {".debug_info", ".debug_abbrev", ".debug_line", ".debug_line_str", ".debug_str",
        ".debug_str_offsets", ".debug_addr", ".debug_ranges", ".debug_rnglists", ".debug_frame", ".eh_frame"};

    private final Map<String, byte[]> data = new HashMap<>();
    private final Map<String, Long> addr = new HashMap<>();
    final StringBuilder notes = new StringBuilder();

    DwarfSections() {
    }

    static DwarfSections of(ElfImage image) {
        DwarfSections s = new DwarfSections();
        for (String name : NAMES) {
            image.section(name).ifPresent(sec -> s.add(sec));
        }
        return s;
    }

    private void add(ElfSection sec) {
        if (sec.type() == ElfSection.SHT_NOBITS) {
            return;
        }
        if ((sec.flags() & SHF_COMPRESSED) != 0) {
            notes.append(sec.name()).append(" is compressed (SHF_COMPRESSED), not supported; ignored. ");
            return;
        }
        data.put(sec.name(), sec.data().toArray());
        addr.put(sec.name(), sec.addr());
    }

    DwarfSections copy() {
        DwarfSections c = new DwarfSections();
        c.data.putAll(data);
        c.addr.putAll(addr);
        return c;
    }

    /** For tests: a section from raw bytes. */
    DwarfSections put(String name, byte[] bytes, long address) {
        data.put(name, bytes);
        addr.put(name, address);
        return this;
    }

    byte[] get(String name) {
        return data.get(name);
    }

    long address(String name) {
        return addr.getOrDefault(name, 0L);
    }

    boolean has(String name) {
        return data.containsKey(name);
    }
}
