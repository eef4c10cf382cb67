package io.xenscope.xen.hypercall;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * VCPUOP_initialise for a vCPU of an HVM-container (PVH) domain: struct vcpu_hvm_context
 * (public/hvm/hvm_vcpu.h: mode, pad, then vcpu_hvm_x86_32 or vcpu_hvm_x86_64) applied as
 * arch_set_info_hvm_guest() (xen/arch/x86/hvm/domain.c) does: 32-bit mode takes the segments'
 * base, limit and access rights (check_segment: no null CS/SS/TR, TR a busy TSS, present, CS code,
 * SS writable data, DS/ES readable; EIP within CS's limit, SS.DPL = CS.DPL, DS/ES.DPL &lt;= CS.DPL,
 * no EFER.LMA without LME); 64-bit mode needs a canonical RIP, CR0.PG, CR4.PAE and EFER.LME and
 * gets flat segments (CS 0xa9b, DS/ES/SS 0xc93, TR 0x8b). EFER.LME implies LMA. The vCPU stays
 * down until VCPUOP_up.
 */
public final class HvmVcpuContext {
    public static final int SIZE = 8 + 120;
    public static final int MODE_32B = 0, MODE_64B = 1;
    static final long EFER_VALID = Cpu.EFER_SCE | Cpu.EFER_LME | Cpu.EFER_LMA | Cpu.EFER_NXE;
    /** Our GPR index of eax, ecx, edx, ebx, esp, ebp, esi, edi (the structures' order). */
    private static final int[] GPRS = {0, 1, 2, 3, 4, 5, 6, 7};
    private static final int CS = 0, DS = 1, SS = 2, ES = 3, TR = 4;

    private HvmVcpuContext() {
    }

    /** arch_initialise_vcpu() for an HVM vCPU: -EEXIST when {@code v} already has a context. */
    public static long initialise(Vcpu cur, Vcpu v, long arg) {
        ByteBuffer c = ByteBuffer.wrap(cur.guest().readBytes(arg, SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        if (v.initialised) {
            return -Errno.EEXIST;
        }
        if (c.getInt(4) != 0) {
            return -Errno.EINVAL; // pad
        }
        long rc = switch (c.getInt(0)) {
            case MODE_32B -> set32(v, c);
            case MODE_64B -> set64(v, c);
            default -> -Errno.EINVAL;
        };
        if (rc == 0) {
            v.initialised = true; // and still down: VCPUOP_up starts it
        }
        return rc;
    }

    private static long set32(Vcpu v, ByteBuffer c) {
        int r = 8;
        if (c.getInt(r + 52) != 0 || c.getShort(r + 114) != 0 || c.getShort(r + 116) != 0 || c.getShort(r + 118) != 0) {
            return -Errno.EINVAL; // pad1, pad2
        }
        long[] base = new long[5], limit = new long[5];
        int[] ar = new int[5];
        for (int s = 0; s < 5; s++) {
            base[s] = c.getInt(r + 64 + 4 * s) & 0xffffffffL;
            limit[s] = c.getInt(r + 84 + 4 * s) & 0xffffffffL;
            int a = c.getShort(r + 104 + 2 * s) & 0xffff;
            ar[s] = a == 0 ? 0 : a | (s == TR ? 2 : 1); // accessed (busy for TR), as the SEG() macro
            if (!segmentOk(s, ar[s])) {
                return -Errno.EINVAL;
            }
            if ((ar[s] & 1 << 11) != 0) {
                limit[s] = limit[s] << 12 | 0xfff;
            }
        }
        long eip = c.getInt(r + 32) & 0xffffffffL;
        long efer = c.getLong(r + 56);
        if (eip > (limit[CS] & 0xffffffffL) || dpl(ar[SS]) != dpl(ar[CS])
                || present(ar[DS]) && dpl(ar[DS]) > dpl(ar[CS]) || present(ar[ES]) && dpl(ar[ES]) > dpl(ar[CS])
                || (efer & Cpu.EFER_LMA) != 0 && (efer & Cpu.EFER_LME) == 0) {
            return -Errno.EINVAL;
        }
        long rc = setControl(v, c.getInt(r + 40) & 0xffffffffL, c.getInt(r + 44) & 0xffffffffL,
                c.getInt(r + 48) & 0xffffffffL, efer);
        if (rc != 0) {
            return rc;
        }
        Cpu cpu = v.cpu();
        for (int i = 0; i < 8; i++) {
            cpu.gpr[GPRS[i]] = c.getInt(r + 4 * i) & 0xffffffffL;
        }
        cpu.rip = eip;
        cpu.setRflags((c.getInt(r + 36) & 0xffffffffL) | Flags.FIXED);
        cpu.loadCs(0, base[CS], limit[CS], vmx(ar[CS]));
        cpu.seg[Cpu.DS].set(0, base[DS], limit[DS], vmx(ar[DS]));
        cpu.seg[Cpu.SS].set(0, base[SS], limit[SS], vmx(ar[SS]));
        cpu.seg[Cpu.ES].set(0, base[ES], limit[ES], vmx(ar[ES]));
        cpu.tr.set(0, base[TR], limit[TR], vmx(ar[TR]));
        cpu.updateMode();
        return 0;
    }

    private static long set64(Vcpu v, ByteBuffer c) {
        int r = 8;
        long rip = c.getLong(r + 64), cr0 = c.getLong(r + 80), cr3 = c.getLong(r + 88), cr4 = c.getLong(r + 96),
                efer = c.getLong(r + 104);
        if (!(rip >> 47 == 0 || rip >> 47 == -1) || (cr0 & Cpu.CR0_PG) == 0 || (cr4 & Cpu.CR4_PAE) == 0
                || (efer & Cpu.EFER_LME) == 0) {
            return -Errno.EINVAL;
        }
        long rc = setControl(v, cr0, cr3, cr4, efer);
        if (rc != 0) {
            return rc;
        }
        Cpu cpu = v.cpu();
        for (int i = 0; i < 8; i++) {
            cpu.gpr[GPRS[i]] = c.getLong(r + 8 * i);
        }
        cpu.rip = rip;
        cpu.setRflags(c.getLong(r + 72) | Flags.FIXED);
        cpu.loadCs(0, 0, 0xffffffffL, vmx(0xa9b));
        for (int s : new int[] {Cpu.DS, Cpu.SS, Cpu.ES}) {
            cpu.seg[s].set(0, 0, 0xffffffffL, vmx(0xc93));
        }
        cpu.tr.set(0, 0, 0x67, vmx(0x8b));
        cpu.updateMode();
        return 0;
    }

    /** CR0, CR3, CR4 and EFER (LME gives LMA; hvm_efer_valid: only SCE, LME, LMA, NXE). */
    private static long setControl(Vcpu v, long cr0, long cr3, long cr4, long efer) {
        long e = (efer & Cpu.EFER_LME) != 0 ? efer | Cpu.EFER_LMA : efer;
        if ((e & ~EFER_VALID) != 0 || (e & Cpu.EFER_LMA) != 0 && (cr0 & Cpu.CR0_PG) == 0) {
            return -Errno.EINVAL;
        }
        Cpu cpu = v.cpu();
        cpu.setCr4(cr4);
        cpu.setEfer(e);
        cpu.setCr3(cr3);
        cpu.setCr0(cr0);
        cpu.mmu.flushAll();
        return 0;
    }

    /** check_segment(): attribute bits 12-15 clear; only DS/ES null; TR a busy TSS; present; CS code; SS writable data. */
    private static boolean segmentOk(int seg, int ar) {
        if ((ar & 0xf000) != 0) {
            return false;
        }
        if (ar == 0) {
            return seg == DS || seg == ES;
        }
        int type = ar & 0xf;
        boolean s = (ar & 0x10) != 0;
        if (seg == TR ? s || type != 0xb : !s) {
            return false;
        }
        if (!present(ar)) {
            return false;
        }
        if (seg == CS && (type & 8) == 0 || seg == SS && ((type & 8) != 0 || (type & 2) == 0)) {
            return false;
        }
        return !(s && (seg == DS || seg == ES) && (type & 8) != 0 && (type & 2) == 0);
    }

    /** Xen's packed attributes (avl 8, l 9, db 10, g 11) in the VMX access-rights layout of our segments; null: unusable. */
    static int vmx(int ar) {
        return ar == 0 ? io.xenscope.cpu.SegmentRegister.UNUSABLE : (ar & 0xff) | (ar & 0xf00) << 4;
    }

    private static boolean present(int ar) {
        return (ar & 0x80) != 0;
    }

    private static int dpl(int ar) {
        return ar >>> 5 & 3;
    }
}
