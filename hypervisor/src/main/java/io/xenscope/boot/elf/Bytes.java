package io.xenscope.boot.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** An immutable view of a range of an image's bytes (never copies until asked). */
public final class Bytes {
    static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);

    private final byte[] array;
    private final int offset;
    private final int length;

    /** A view of all of {@code array} (not copied: the caller must not change it). */
    public static Bytes of(byte[] array) {
        return new Bytes(array, 0, array.length);
    }

    Bytes(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    public int length() {
        return length;
    }

    /** Unsigned byte at {@code index}. */
    public int get(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " of " + length);
        }
        return array[offset + index] & 0xff;
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** A read-only little-endian buffer over the bytes (position 0, limit length). */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Little-endian unsigned value of 1, 2, 4 or 8 bytes at {@code index} (caller checks range). */
    long le(int index, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (array[offset + index + i] & 0xff);
        }
        return v;
    }

    Bytes slice(int from, int len) {
        return new Bytes(array, offset + from, len);
    }

    /** Bytes up to (not including) the first NUL, or all of them, as ISO-8859-1. */
    String cString() {
        int end = 0;
        while (end < length && array[offset + end] != 0) {
            end++;
        }
        return new String(array, offset, end, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    boolean hasNul() {
        for (int i = 0; i < length; i++) {
            if (array[offset + i] == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Bytes[" + length + "]";
    }
}
