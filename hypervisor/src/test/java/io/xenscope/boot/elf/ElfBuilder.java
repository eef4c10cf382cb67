package io.xenscope.boot.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Hand-made little-endian ELF files for edge cases: segments, sections and notes as asked. */
final class ElfBuilder {
    record Seg(long type, int flags, long vaddr, long paddr, byte[] data, long memsz, Long offsetOverride) {
    }

    record Sec(String name, long type, byte[] data, long link, long entsize) {
    }

    boolean is64 = true;
    int machine = ElfImage.EM_X86_64;
    int type = ElfImage.ET_EXEC;
    long entry;
    final List<Seg> segs = new ArrayList<>();
    final List<Sec> secs = new ArrayList<>();

    static ElfBuilder elf64() {
        return new ElfBuilder();
    }

    static ElfBuilder elf32(int machine) {
        ElfBuilder b = new ElfBuilder();
        b.is64 = false;
        b.machine = machine;
        return b;
    }

    ElfBuilder entry(long e) {
        entry = e;
        return this;
    }

    ElfBuilder load(long vaddr, long paddr, byte[] data, long memsz) {
        segs.add(new Seg(ElfSegment.PT_LOAD, ElfSegment.PF_R | ElfSegment.PF_X, vaddr, paddr, data, memsz, null));
        return this;
    }

    ElfBuilder segment(long type, byte[] data) {
        segs.add(new Seg(type, ElfSegment.PF_R, 0, 0, data, data.length, null));
        return this;
    }

    ElfBuilder segmentAtOffset(long type, byte[] data, long offset) {
        segs.add(new Seg(type, ElfSegment.PF_R, 0, 0, data, data.length, offset));
        return this;
    }

    ElfBuilder section(String name, long type, byte[] data) {
        secs.add(new Sec(name, type, data, 0, 0));
        return this;
    }

    ElfBuilder section(String name, long type, byte[] data, long link, long entsize) {
        secs.add(new Sec(name, type, data, link, entsize));
        return this;
    }

    /** A Xen kernel: one R+X PT_LOAD of 0x2000 bytes at vaddr/paddr, entry at its start, and a PT_NOTE holding {@code notes}. */
    static ElfBuilder xenKernel(long vaddr, long paddr, byte[]... notes) {
        ElfBuilder b = elf64().entry(vaddr).load(vaddr, paddr, new byte[0x100], 0x2000);
        return b.segment(ElfSegment.PT_NOTE, concat(notes));
    }

    byte[] build() {
        int ehsize = is64 ? 64 : 52, phentsize = is64 ? 56 : 32, shentsize = is64 ? 64 : 40;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int dataStart = ehsize + phentsize * segs.size();
        long[] segOff = new long[segs.size()];
        for (int i = 0; i < segs.size(); i++) {
            pad(body, dataStart, 16);
            segOff[i] = dataStart + body.size();
            body.writeBytes(segs.get(i).data());
        }
        // sections: [0] null, user sections, then .shstrtab
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        names.write(0);
        int nsec = secs.isEmpty() ? 0 : secs.size() + 2;
        long[] secOff = new long[nsec], secName = new long[nsec];
        for (int i = 0; i < secs.size(); i++) {
            pad(body, dataStart, 8);
            secOff[i + 1] = dataStart + body.size();
            body.writeBytes(secs.get(i).data());
            secName[i + 1] = names.size();
            names.writeBytes((secs.get(i).name() + "\0").getBytes(StandardCharsets.ISO_8859_1));
        }
        long shstrOff = 0, shoff = 0;
        byte[] shstr = null;
        if (nsec > 0) {
            secName[nsec - 1] = names.size();
            names.writeBytes(".shstrtab\0".getBytes(StandardCharsets.ISO_8859_1));
            shstr = names.toByteArray();
            shstrOff = dataStart + body.size();
            body.writeBytes(shstr);
            pad(body, dataStart, 8);
            shoff = dataStart + body.size();
        }
        ByteBuffer b = ByteBuffer.allocate((int) (shoff == 0 ? dataStart + body.size() : shoff + (long) nsec * shentsize))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), 1, 1, 0});
        b.position(16);
        b.putShort((short) type).putShort((short) machine).putInt(1);
        word(b, entry);
        word(b, segs.isEmpty() ? 0 : ehsize);
        word(b, shoff);
        b.putInt(0).putShort((short) ehsize).putShort((short) phentsize).putShort((short) segs.size())
                .putShort((short) shentsize).putShort((short) nsec).putShort((short) (nsec == 0 ? 0 : nsec - 1));
        for (int i = 0; i < segs.size(); i++) {
            Seg s = segs.get(i);
            long off = s.offsetOverride() != null ? s.offsetOverride() : segOff[i];
            if (is64) {
                b.putInt((int) s.type()).putInt(s.flags()).putLong(off).putLong(s.vaddr()).putLong(s.paddr())
                        .putLong(s.data().length).putLong(s.memsz()).putLong(0x1000);
            } else {
                b.putInt((int) s.type()).putInt((int) off).putInt((int) s.vaddr()).putInt((int) s.paddr())
                        .putInt(s.data().length).putInt((int) s.memsz()).putInt(s.flags()).putInt(0x1000);
            }
        }
        b.put(body.toByteArray());
        if (nsec > 0) {
            b.position((int) shoff);
            b.put(new byte[shentsize]);
            for (int i = 1; i < nsec; i++) {
                boolean str = i == nsec - 1;
                Sec s = str ? null : secs.get(i - 1);
                long t = str ? ElfSection.SHT_STRTAB : s.type();
                long off = str ? shstrOff : secOff[i];
                long size = str ? shstr.length : s.data().length;
                b.putInt((int) secName[i]).putInt((int) t);
                word(b, 0);
                word(b, 0);
                word(b, off);
                word(b, size);
                b.putInt(str ? 0 : (int) s.link()).putInt(0);
                word(b, 1);
                word(b, str ? 0 : s.entsize());
            }
        }
        return b.array();
    }

    private void word(ByteBuffer b, long v) {
        if (is64) {
            b.putLong(v);
        } else {
            b.putInt((int) v);
        }
    }

    private static void pad(ByteArrayOutputStream body, int base, int align) {
        while ((base + body.size()) % align != 0) {
            body.write(0);
        }
    }

    // ---- notes and little-endian helpers ---------------------------------------------------------

    static byte[] note(String name, long type, byte[] desc) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.ISO_8859_1);
        int nl = (n.length + 3) & ~3, dl = (desc.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(12 + nl + dl).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(n.length).putInt(desc.length).putInt((int) type);
        b.put(n).position(12 + nl);
        b.put(desc);
        return b.array();
    }

    static byte[] xen(XenNoteType type, long value) {
        return note("Xen", type.number(), u64(value));
    }

    static byte[] xen(XenNoteType type, String value) {
        return note("Xen", type.number(), str(value));
    }

    /** The three notes a generic PV kernel needs besides addresses. */
    static byte[] genericPv() {
        return concat(xen(XenNoteType.GUEST_OS, "Mini-OS"), xen(XenNoteType.LOADER, "generic"), xen(XenNoteType.XEN_VERSION, "xen-3.0"));
    }

    static byte[] u32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static byte[] str(String s) {
        return (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    static void putLE(byte[] file, int offset, int size, long value) {
        for (int i = 0; i < size; i++) {
            file[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
