package io.xenscope.cpu.isa.system;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.decoder.Register;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.OpTable;
import io.xenscope.cpu.exec.Segmentation;
import io.xenscope.cpu.exec.SoftwareInterrupt;
import io.xenscope.cpu.exec.TranslationContext;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.InvalidOpcode;

/**
 * System instructions: mov to/from CRn and DRn (a form of MOV), clts/lmsw/smsw, hlt, cli/sti,
 * cpuid, rdmsr/wrmsr, rdtsc/rdtscp/rdpmc, invlpg/wbinvd/invd, int n/int3/into/int1, ud0/ud1/ud2,
 * vmcall/vmmcall, xgetbv/xsetbv, monitor/mwait, syscall/sysret/sysenter/sysexit/swapgs and
 * rd/wr fs/gs base. Instructions that change the mode, paging or control flow end their block.
 */
public final class SystemFamily implements InstructionFamily {
    @Override
    public void register(OpTable t) {
        t.addForm(Mnemonic.MOV, SystemFamily::namesControlOrDebug, SystemFamily::movControl, true);
        t.addBlockEnd(Mnemonic.CLTS, (i, x) -> privileged(i, c -> c.setCr0(c.cr0 & ~Cpu.CR0_TS)));
        t.addBlockEnd(Mnemonic.LMSW, SystemFamily::lmsw);
        t.add(Mnemonic.SMSW, SystemFamily::smsw);
        t.addBlockEnd(Mnemonic.HLT, (i, x) -> privileged(i, c -> c.halted = true));
        t.add(Mnemonic.CLI, (i, x) -> c -> InterruptFlag.cli(c));
        t.addBlockEnd(Mnemonic.STI, (i, x) -> {
            long next = i.nextAddress();
            return c -> {
                InterruptFlag.sti(c);
                c.rip = next;
            };
        });
        t.add(Mnemonic.CPUID, (i, x) -> SystemFamily::cpuid);
        t.add(Mnemonic.RDMSR, (i, x) -> {
            int index = x.indexInBlock();
            return c -> {
                requireCpl0(c, "rdmsr");
                long v = Msrs.read(c, (int) c.gpr[1], index);
                c.gpr[0] = v & 0xffffffffL;
                c.gpr[2] = v >>> 32;
            };
        });
        t.addBlockEnd(Mnemonic.WRMSR, (i, x) -> {
            long next = i.nextAddress();
            int index = x.indexInBlock();
            return c -> {
                requireCpl0(c, "wrmsr");
                Msrs.write(c, (int) c.gpr[1], (c.gpr[0] & 0xffffffffL) | (c.gpr[2] << 32), index);
                c.rip = next;
            };
        });
        t.add(Mnemonic.RDTSC, (i, x) -> {
            int index = x.indexInBlock();
            return c -> {
                long tsc = readTsc(c, index);
                c.gpr[0] = tsc & 0xffffffffL;
                c.gpr[2] = tsc >>> 32;
            };
        });
        t.add(Mnemonic.RDTSCP, (i, x) -> {
            int index = x.indexInBlock();
            return c -> {
                long tsc = readTsc(c, index);
                c.gpr[0] = tsc & 0xffffffffL;
                c.gpr[2] = tsc >>> 32;
                c.gpr[1] = c.msr.tscAux & 0xffffffffL;
            };
        });
        t.add(Mnemonic.RDPMC, (i, x) -> c -> {
            if (c.cpl != 0 && (c.cr4 & Cpu.CR4_PCE) == 0 && c.mode.isProtected()) {
                throw new GeneralProtection(0, "rdpmc at CPL " + c.cpl + " with CR4.PCE clear");
            }
            // cpuid leaf 0xA reports no performance counters: every index is invalid
            throw new GeneralProtection(0, String.format("rdpmc: no performance counter 0x%x", (int) c.gpr[1]));
        });
        t.addBlockEnd(Mnemonic.INVLPG, SystemFamily::invlpg);
        t.add(Mnemonic.WBINVD, (i, x) -> c -> requireCpl0(c, "wbinvd"));
        t.add(Mnemonic.INVD, (i, x) -> c -> requireCpl0(c, "invd"));
        registerInterrupts(t);
        for (Mnemonic m : new Mnemonic[] {Mnemonic.UD0, Mnemonic.UD1, Mnemonic.UD2}) {
            String name = m.lowerName();
            t.add(m, (i, x) -> c -> {
                throw new InvalidOpcode(name);
            });
        }
        t.addBlockEnd(Mnemonic.VMCALL, SystemFamily::vmcall);
        t.addBlockEnd(Mnemonic.VMMCALL, SystemFamily::vmcall);
        t.add(Mnemonic.XGETBV, (i, x) -> c -> {
            requireOsxsave(c, "xgetbv");
            if ((int) c.gpr[1] != 0) {
                throw new GeneralProtection(0, "xgetbv: XCR" + (int) c.gpr[1] + " does not exist");
            }
            c.gpr[0] = c.xcr0 & 0xffffffffL;
            c.gpr[2] = c.xcr0 >>> 32;
        });
        t.addBlockEnd(Mnemonic.XSETBV, (i, x) -> {
            long next = i.nextAddress();
            return c -> {
                xsetbv(c);
                c.rip = next;
            };
        });
        for (Mnemonic m : new Mnemonic[] {Mnemonic.MONITOR, Mnemonic.MWAIT}) {
            String name = m.lowerName();
            t.add(m, (i, x) -> c -> {
                throw new InvalidOpcode(name + ": cpuid does not advertise MONITOR/MWAIT");
            });
        }
        t.addBlockEnd(Mnemonic.SYSCALL, (i, x) -> {
            long next = i.nextAddress();
            return c -> FastSystemCalls.syscall(c, next);
        });
        t.addBlockEnd(Mnemonic.SYSRET, (i, x) -> {
            int size = i.operandSize();
            return c -> FastSystemCalls.sysret(c, size);
        });
        t.addBlockEnd(Mnemonic.SYSENTER, (i, x) -> FastSystemCalls::sysenter);
        t.addBlockEnd(Mnemonic.SYSEXIT, (i, x) -> {
            int size = i.operandSize();
            return c -> FastSystemCalls.sysexit(c, size);
        });
        t.add(Mnemonic.SWAPGS, (i, x) -> FastSystemCalls::swapgs);
        t.add(Mnemonic.RDFSBASE, (i, x) -> readBase(i, Cpu.FS));
        t.add(Mnemonic.RDGSBASE, (i, x) -> readBase(i, Cpu.GS));
        t.add(Mnemonic.WRFSBASE, (i, x) -> writeBase(i, Cpu.FS));
        t.add(Mnemonic.WRGSBASE, (i, x) -> writeBase(i, Cpu.GS));
    }

    static void requireCpl0(Cpu c, String what) {
        if (c.cpl != 0) {
            throw new GeneralProtection(0, what + " at CPL " + c.cpl);
        }
    }

    /** A CPL-0 instruction ending its block: runs {@code body} then continues at the next instruction. */
    private static Op privileged(Instruction i, Op body) {
        long next = i.nextAddress();
        String name = i.mnemonic().lowerName();
        return c -> {
            requireCpl0(c, name);
            body.execute(c);
            c.rip = next;
        };
    }

    // ---- mov CRn / DRn --------------------------------------------------------------------------

    private static boolean namesControlOrDebug(Instruction i) {
        for (Operand o : i.operands()) {
            if (o instanceof Operand.Reg r && (r.register().kind == Register.Kind.CONTROL
                    || r.register().kind == Register.Kind.DEBUG)) {
                return true;
            }
        }
        return false;
    }

    private static Op movControl(Instruction i, TranslationContext x) {
        Register a = ((Operand.Reg) i.operand(0)).register();
        Register b = ((Operand.Reg) i.operand(1)).register();
        long next = i.nextAddress();
        boolean bits64 = i.codeSize() == CodeSize.BITS64;
        long mask = bits64 ? -1L : 0xffffffffL;
        if (a.kind == Register.Kind.GPR) {
            int gpr = a.number;
            int n = b.number;
            if (b.kind == Register.Kind.CONTROL) {
                return c -> {
                    requireCpl0(c, "mov from cr" + n);
                    c.gpr[gpr] = ControlRegisters.readCr(c, n) & mask;
                    c.rip = next;
                };
            }
            return c -> {
                requireCpl0(c, "mov from dr" + n);
                int r = ControlRegisters.debugRegister(c, n);
                c.gpr[gpr] = c.dr[r] & mask;
                c.rip = next;
            };
        }
        int gpr = b.number;
        int n = a.number;
        if (a.kind == Register.Kind.CONTROL) {
            return c -> {
                if (n == 1 || n >= 5 && n != 8) {
                    throw new InvalidOpcode("mov to cr" + n);
                }
                requireCpl0(c, "mov to cr" + n);
                ControlRegisters.writeCr(c, n, c.gpr[gpr] & mask);
                c.rip = next;
            };
        }
        return c -> {
            requireCpl0(c, "mov to dr" + n);
            ControlRegisters.writeDr(c, n, c.gpr[gpr] & mask);
            c.rip = next;
        };
    }

    private static Op lmsw(Instruction i, TranslationContext x) {
        Operand o = i.operand(0);
        Location src = o instanceof Operand.Mem m ? Locations.memory(m, i, 2) : Locations.of(o, i);
        long next = i.nextAddress();
        return c -> {
            requireCpl0(c, "lmsw");
            long v = src.read(c) & 0xf;
            // lmsw loads PE, MP, EM, TS and cannot clear PE (SDM Vol. 2 LMSW)
            ControlRegisters.writeCr0(c, (c.cr0 & ~0xeL) | v | (c.cr0 & Cpu.CR0_PE));
            c.rip = next;
        };
    }

    private static Op smsw(Instruction i, TranslationContext x) {
        Operand o = i.operand(0);
        Location dst = o instanceof Operand.Mem m ? Locations.memory(m, i, 2) : Locations.of(o, i);
        return c -> {
            if ((c.cr4 & Cpu.CR4_UMIP) != 0 && c.cpl > 0 && c.mode.isProtected()) {
                throw new GeneralProtection(0, "smsw with CR4.UMIP at CPL " + c.cpl);
            }
            dst.write(c, c.cr0 & Locations.mask(dst.size()));
        };
    }

    // ---- cpuid / tsc ----------------------------------------------------------------------------

    private static void cpuid(Cpu c) {
        if (c.cpuidIntercept != null) {
            c.cpuidIntercept.vmcall(c);
            return;
        }
        int leaf = (int) c.gpr[0];
        int[] r = c.model.cpuid(leaf, (int) c.gpr[1]);
        int ecx = r[2];
        if (leaf == 1) {
            // OSXSAVE (bit 27) mirrors CR4.OSXSAVE (SDM Vol. 2 CPUID, Table 3-10)
            ecx = (c.cr4 & Cpu.CR4_OSXSAVE) != 0 ? ecx | 1 << 27 : ecx & ~(1 << 27);
        }
        c.gpr[0] = r[0] & 0xffffffffL;
        c.gpr[3] = r[1] & 0xffffffffL;
        c.gpr[1] = ecx & 0xffffffffL;
        c.gpr[2] = r[3] & 0xffffffffL;
    }

    private static long readTsc(Cpu c, int indexInBlock) {
        if ((c.cr4 & Cpu.CR4_TSD) != 0 && c.cpl != 0 && c.mode.isProtected()) {
            throw new GeneralProtection(0, "rdtsc with CR4.TSD at CPL " + c.cpl);
        }
        return VirtualTsc.read(c, indexInBlock);
    }

    // ---- tlb and caches -------------------------------------------------------------------------

    private static Op invlpg(Instruction i, TranslationContext x) {
        long next = i.nextAddress();
        if (!(i.operand(0) instanceof Operand.Mem m)) {
            return c -> {
                throw new InvalidOpcode("invlpg with a register operand");
            };
        }
        Locations.MemoryLocation loc = Locations.memory(m, i, 1);
        boolean bits64 = i.codeSize() == CodeSize.BITS64;
        int segment = m.segment().number;
        return c -> {
            requireCpl0(c, "invlpg");
            long ea = loc.effectiveAddress().compute(c);
            // no access is made: a non-canonical address is a no-op in 64-bit mode (SDM Vol. 2 INVLPG)
            long la = bits64 ? (segment >= Cpu.FS ? ea + c.seg[segment].base : ea)
                    : Segmentation.linearLegacy(c, segment, ea, 1, false);
            if (!bits64 || (la << 16) >> 16 == la) {
                c.mmu.invlpg(la);
            }
            c.rip = next;
        };
    }

    // ---- software interrupts --------------------------------------------------------------------

    private static void registerInterrupts(OpTable t) {
        t.addBlockEnd(Mnemonic.INT, (i, x) -> {
            int vector = (int) ((Operand.Imm) i.operand(0)).value() & 0xff;
            long next = i.nextAddress();
            return c -> {
                if (c.mode == CpuMode.VIRTUAL_8086 && (c.rflags & Flags.IOPL) != Flags.IOPL) {
                    throw new GeneralProtection(0, "int n in virtual-8086 mode with IOPL < 3");
                }
                throw new SoftwareInterrupt(vector, next, false);
            };
        });
        t.addBlockEnd(Mnemonic.INT3, (i, x) -> {
            long next = i.nextAddress();
            return c -> {
                throw new SoftwareInterrupt(3, next, false);
            };
        });
        t.addBlockEnd(Mnemonic.INT1, (i, x) -> {
            long next = i.nextAddress();
            return c -> {
                throw new SoftwareInterrupt(1, next, true);
            };
        });
        t.addBlockEnd(Mnemonic.INTO, (i, x) -> {
            long next = i.nextAddress();
            return c -> {
                if (Flags.of(c)) {
                    throw new SoftwareInterrupt(4, next, false);
                }
                c.rip = next;
            };
        });
    }

    // ---- hypercalls -----------------------------------------------------------------------------

    private static Op vmcall(Instruction i, TranslationContext x) {
        long next = i.nextAddress();
        String name = i.mnemonic().lowerName();
        return c -> {
            if (c.vmcallHandler == null) {
                throw new InvalidOpcode(name + " without a hypervisor");
            }
            c.rip = next;
            c.vmcallHandler.vmcall(c);
        };
    }

    // ---- xcr0 -----------------------------------------------------------------------------------

    /** XCR0 components this model supports: x87 and SSE (cpuid leaf 0xD). */
    public static final long XCR0_SUPPORTED = 3;

    private static void requireOsxsave(Cpu c, String what) {
        if ((c.cr4 & Cpu.CR4_OSXSAVE) == 0) {
            throw new InvalidOpcode(what + " with CR4.OSXSAVE clear");
        }
    }

    private static void xsetbv(Cpu c) {
        requireOsxsave(c, "xsetbv");
        requireCpl0(c, "xsetbv");
        if ((int) c.gpr[1] != 0) {
            throw new GeneralProtection(0, "xsetbv: XCR" + (int) c.gpr[1] + " does not exist");
        }
        long v = (c.gpr[0] & 0xffffffffL) | (c.gpr[2] << 32);
        if ((v & 1) == 0 || (v & ~XCR0_SUPPORTED) != 0) {
            throw new GeneralProtection(0, String.format("xsetbv: invalid XCR0 0x%x", v));
        }
        c.xcr0 = v;
    }

    // ---- fs/gs base -----------------------------------------------------------------------------

    private static void requireFsgsbase(Cpu c) {
        if (c.mode != CpuMode.LONG_64 || (c.cr4 & Cpu.CR4_FSGSBASE) == 0) {
            throw new InvalidOpcode("rd/wr fs/gs base outside 64-bit mode or with CR4.FSGSBASE clear");
        }
    }

    private static Op readBase(Instruction i, int sreg) {
        Location dst = Locations.of(i.operand(0), i);
        return c -> {
            requireFsgsbase(c);
            dst.write(c, c.seg[sreg].base & Locations.mask(dst.size()));
        };
    }

    private static Op writeBase(Instruction i, int sreg) {
        Location src = Locations.of(i.operand(0), i);
        return c -> {
            requireFsgsbase(c);
            long v = src.read(c);
            if ((v << 16) >> 16 != v) {
                throw new GeneralProtection(0, String.format("wr%sbase: non-canonical 0x%x", sreg == Cpu.FS ? "fs" : "gs", v));
            }
            c.seg[sreg].base = v;
        };
    }
}
