package io.xenscope.debug.symbols;

import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked little-endian cursor over one DWARF section (or a window of it). Every read past
 * the window's end throws {@link DwarfFormatException}; nothing here throws an unchecked exception.
 */
final class DwarfReader {
    final String section;
    final byte[] data;
    private int pos;
    private int limit;

    DwarfReader(String section, byte[] data) {
        this(section, data, 0, data.length);
    }

    DwarfReader(String section, byte[] data, int pos, int limit) {
        this.section = section;
        this.data = data;
        this.pos = pos;
        this.limit = Math.min(limit, data.length);
    }

    int pos() {
        return pos;
    }

    int limit() {
        return limit;
    }

    boolean atEnd() {
        return pos >= limit;
    }

    int remaining() {
        return Math.max(0, limit - pos);
    }

    void seek(long p) throws DwarfFormatException {
        if (p < 0 || p > limit) {
            throw error(p, "offset 0x" + Long.toHexString(p) + " outside [0, 0x" + Integer.toHexString(limit) + "]");
        }
        pos = (int) p;
    }

    void skip(long n) throws DwarfFormatException {
        if (n < 0 || n > remaining()) {
            throw error(pos, "skip of " + n + " bytes runs past the end (" + remaining() + " left)");
        }
        pos += (int) n;
    }

    /** A reader over [pos, pos+length) that shares the array; advances this reader past it. */
    DwarfReader sub(long length) throws DwarfFormatException {
        if (length < 0 || length > remaining()) {
            throw error(pos, "length 0x" + Long.toHexString(length) + " runs past the end of the section ("
                    + remaining() + " bytes left)");
        }
        DwarfReader r = new DwarfReader(section, data, pos, pos + (int) length);
        pos += (int) length;
        return r;
    }

    DwarfFormatException error(long at, String message) {
        return new DwarfFormatException(section, at, message);
    }

    private void need(int n) throws DwarfFormatException {
        if (n > limit - pos) {
            throw error(pos, "truncated: need " + n + " bytes, " + remaining() + " left");
        }
    }

    int u8() throws DwarfFormatException {
        need(1);
        return data[pos++] & 0xff;
    }

    int s8() throws DwarfFormatException {
        need(1);
        return data[pos++];
    }

    int u16() throws DwarfFormatException {
        need(2);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    long u24() throws DwarfFormatException {
        need(3);
        long v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16;
        pos += 3;
        return v;
    }

    long u32() throws DwarfFormatException {
        need(4);
        long v = (data[pos] & 0xffL) | (data[pos + 1] & 0xffL) << 8 | (data[pos + 2] & 0xffL) << 16
                | (data[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    long u64() throws DwarfFormatException {
        need(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (data[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    long unsigned(int size) throws DwarfFormatException {
        return switch (size) {
            case 1 -> u8();
            case 2 -> u16();
            case 3 -> u24();
            case 4 -> u32();
            case 8 -> u64();
            default -> throw error(pos, "unsupported value size " + size);
        };
    }

    long s16() throws DwarfFormatException {
        return (short) u16();
    }

    long s32() throws DwarfFormatException {
        return (int) u32();
    }

    long uleb() throws DwarfFormatException {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    long sleb() throws DwarfFormatException {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    /** ULEB128 that must fit a non-negative int (counts, indexes, lengths). */
    int ulebInt(String what) throws DwarfFormatException {
        int at = pos;
        long v = uleb();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw error(at, what + " " + Long.toUnsignedString(v) + " out of range");
        }
        return (int) v;
    }

    String cstring() throws DwarfFormatException {
        int start = pos;
        int end = start;
        while (end < limit && data[end] != 0) {
            end++;
        }
        if (end >= limit) {
            throw error(start, "unterminated string");
        }
        pos = end + 1;
        return new String(data, start, end - start, StandardCharsets.UTF_8);
    }

    /** The NUL-terminated string at an absolute offset of this section. */
    static String stringAt(String section, byte[] data, long offset) throws DwarfFormatException {
        if (data == null) {
            throw new DwarfFormatException(section, offset, "string reference into absent section " + section);
        }
        if (offset < 0 || offset >= data.length) {
            throw new DwarfFormatException(section, offset, "string offset 0x" + Long.toHexString(offset)
                    + " outside the section (size 0x" + Integer.toHexString(data.length) + ")");
        }
        int end = (int) offset;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        if (end >= data.length) {
            throw new DwarfFormatException(section, offset, "unterminated string");
        }
        return new String(data, (int) offset, end - (int) offset, StandardCharsets.UTF_8);
    }

    /**
     * Reads an initial length: returns the unit length and sets {@code offsetSize[0]} to 4 (32-bit DWARF)
     * or 8 (64-bit DWARF).
     */
    long initialLength(int[] offsetSize) throws DwarfFormatException {
        int at = pos;
        long len = u32();
        if (len == 0xffffffffL) {
            len = u64();
            offsetSize[0] = 8;
            if (len < 0) {
                throw error(at, "64-bit unit length too large");
            }
        } else if (len >= 0xfffffff0L) {
            throw error(at, "reserved unit length 0x" + Long.toHexString(len));
        } else {
            offsetSize[0] = 4;
        }
        return len;
    }
}
