package io.xenscope.boot.firmware;

import java.io.ByteArrayOutputStream;

/**
 * Emits the few x86 instructions our ROM is made of, byte for byte as GNU as encodes them (the
 * assembly is in each method's name and comment; {@code BiosRomTest} reassembles the ROM's routines
 * with {@code as} and compares). Offsets are within the ROM's 64 KiB segment F000.
 */
final class Code16 {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int origin;

    Code16(int origin) {
        this.origin = origin;
    }

    /** The ROM offset of the next byte. */
    int here() {
        return origin + out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Code16 raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    Code16 imm16(int v) {
        return raw(v & 0xff, v >>> 8 & 0xff);
    }

    Code16 imm32(long v) {
        return imm16((int) v & 0xffff).imm16((int) (v >>> 16) & 0xffff);
    }

    /** push %ax */
    Code16 pushAx() {
        return raw(0x50);
    }

    /** pop %ax */
    Code16 popAx() {
        return raw(0x58);
    }

    /** mov $imm8, %al */
    Code16 movAl(int imm8) {
        return raw(0xb0, imm8);
    }

    /** out %al, $port */
    Code16 outAl(int port) {
        return raw(0xe6, port);
    }

    /** iret */
    Code16 iret() {
        return raw(0xcf);
    }

    Code16 cli() {
        return raw(0xfa);
    }

    Code16 sti() {
        return raw(0xfb);
    }

    Code16 cld() {
        return raw(0xfc);
    }

    Code16 hlt() {
        return raw(0xf4);
    }

    /** jnc rel8 to {@code target} */
    Code16 jnc(int target) {
        return raw(0x73, rel8(target, 2));
    }

    /** jmp rel8 to {@code target} */
    Code16 jmpShort(int target) {
        return raw(0xeb, rel8(target, 2));
    }

    private int rel8(int target, int length) {
        int rel = target - (here() + length);
        if (rel < -128 || rel > 127) {
            throw new IllegalStateException("short jump out of range");
        }
        return rel & 0xff;
    }

    /** xor %ax, %ax */
    Code16 xorAxAx() {
        return raw(0x31, 0xc0);
    }

    /** mov %ax, %ss / %ds / %es */
    Code16 movAxToSs() {
        return raw(0x8e, 0xd0);
    }

    Code16 movAxToDs() {
        return raw(0x8e, 0xd8);
    }

    Code16 movAxToEs() {
        return raw(0x8e, 0xc0);
    }

    /** mov $imm16, %sp */
    Code16 movSp(int imm16) {
        return raw(0xbc).imm16(imm16);
    }

    /** ljmp $seg, $off (16-bit) */
    Code16 ljmp(int seg, int off) {
        return raw(0xea).imm16(off).imm16(seg);
    }

    /** lcall $seg, $off (16-bit) */
    Code16 lcall(int seg, int off) {
        return raw(0x9a).imm16(off).imm16(seg);
    }

    /** ljmp *%cs:off: the far pointer at CS:off */
    Code16 ljmpIndirectCs(int off) {
        return raw(0x2e, 0xff, 0x2e).imm16(off);
    }

    /** lgdtl %cs:off (32-bit base) */
    Code16 lgdtlCs(int off) {
        return raw(0x2e, 0x66, 0x0f, 0x01, 0x16).imm16(off);
    }

    /** mov %cr0, %edx; or $1, %dl; mov %edx, %cr0 */
    Code16 setCr0Pe() {
        return raw(0x0f, 0x20, 0xc2, 0x80, 0xca, 0x01, 0x0f, 0x22, 0xc2);
    }

    /** ljmpl $sel, $off32 (from 16-bit code) */
    Code16 ljmpl(int sel, long off32) {
        return raw(0x66, 0xea).imm32(off32).imm16(sel);
    }

    /** 32-bit code: mov $sel, %dx; mov %dx, %ds; %es; %fs; %gs; %ss */
    Code16 loadFlatData32(int sel) {
        return raw(0x66, 0xba).imm16(sel).raw(0x8e, 0xda, 0x8e, 0xc2, 0x8e, 0xe2, 0x8e, 0xea, 0x8e, 0xd2);
    }

    /** 32-bit code: jmp *%ecx */
    Code16 jmpEcx32() {
        return raw(0xff, 0xe1);
    }
}
