package io.xenscope.debug.symbols;

import static io.xenscope.debug.symbols.Dwarf.*;

/**
 * One decoded attribute value. Indexed forms (strx, addrx, rnglistx) keep their index: the bases
 * they need (DW_AT_str_offsets_base, ...) may come later in the same DIE, so they resolve lazily
 * through {@link Unit}.
 */
final class AttrValue {
    enum Kind { CONST, SCONST, ADDR, ADDRX, STRING, STRP, LINE_STRP, STRX, REF, SEC_OFFSET, BLOCK, FLAG,
        RNGLISTX, LOCLISTX, OTHER }

    final int form;
    final Kind kind;
    final long value;
    final String string;
    final byte[] block;

    private AttrValue(int form, Kind kind, long value, String string, byte[] block) {
        this.form = form;
        this.kind = kind;
        this.value = value;
        this.string = string;
        this.block = block;
    }

    static AttrValue of(int form, Kind kind, long value) {
        return new AttrValue(form, kind, value, null, null);
    }

    boolean isConstant() {
        return kind == Kind.CONST || kind == Kind.SCONST;
    }

    /** Unit context the forms depend on. */
    static final class Unit {
        final DwarfSections sections;
        final int version;
        final int addressSize;
        final int offsetSize;
        final long unitOffset;
        long strOffsetsBase = -1;
        long addrBase = -1;
        long rnglistsBase = -1;

        Unit(DwarfSections sections, int version, int addressSize, int offsetSize, long unitOffset) {
            this.sections = sections;
            this.version = version;
            this.addressSize = addressSize;
            this.offsetSize = offsetSize;
            this.unitOffset = unitOffset;
        }

        String string(AttrValue v) throws DwarfFormatException {
            switch (v.kind) {
                case STRING:
                    return v.string;
                case STRP:
                    return DwarfReader.stringAt(".debug_str", sections.get(".debug_str"), v.value);
                case LINE_STRP:
                    return DwarfReader.stringAt(".debug_line_str", sections.get(".debug_line_str"), v.value);
                case STRX: {
                    byte[] so = sections.get(".debug_str_offsets");
                    if (so == null) {
                        throw new DwarfFormatException(".debug_str_offsets", -1, "strx form without .debug_str_offsets");
                    }
                    long base = strOffsetsBase >= 0 ? strOffsetsBase : (offsetSize == 8 ? 16 : 8);
                    DwarfReader r = new DwarfReader(".debug_str_offsets", so);
                    long at = base + v.value * offsetSize;
                    if (v.value < 0 || at < 0 || at + offsetSize > so.length) {
                        throw r.error(at, "string index " + v.value + " outside .debug_str_offsets");
                    }
                    r.seek(at);
                    return DwarfReader.stringAt(".debug_str", sections.get(".debug_str"), r.unsigned(offsetSize));
                }
                default:
                    return null;
            }
        }

        long address(AttrValue v) throws DwarfFormatException {
            if (v.kind == Kind.ADDR) {
                return v.value;
            }
            if (v.kind == Kind.ADDRX) {
                return indexedAddress(v.value);
            }
            throw new DwarfFormatException(".debug_info", -1, "form 0x" + Integer.toHexString(v.form) + " is not an address");
        }

        long indexedAddress(long index) throws DwarfFormatException {
            byte[] a = sections.get(".debug_addr");
            if (a == null) {
                throw new DwarfFormatException(".debug_addr", -1, "addrx form without .debug_addr");
            }
            long base = addrBase >= 0 ? addrBase : 8;
            long at = base + index * addressSize;
            DwarfReader r = new DwarfReader(".debug_addr", a);
            if (index < 0 || at < 0 || at + addressSize > a.length) {
                throw r.error(at, "address index " + index + " outside .debug_addr");
            }
            r.seek(at);
            return r.unsigned(addressSize);
        }
    }

    /** Reads one value of the given form. */
    static AttrValue read(DwarfReader r, int form, long implicitConst, Unit u) throws DwarfFormatException {
        return read(r, form, implicitConst, u, 0);
    }

    private static AttrValue read(DwarfReader r, int form, long implicitConst, Unit u, int depth)
            throws DwarfFormatException {
        int at = r.pos();
        switch (form) {
            case DW_FORM_addr:
                return of(form, Kind.ADDR, r.unsigned(u.addressSize));
            case DW_FORM_block2:
                return block(form, r, r.u16());
            case DW_FORM_block4:
                return block(form, r, r.u32());
            case DW_FORM_block:
            case DW_FORM_exprloc:
                return block(form, r, r.uleb());
            case DW_FORM_block1:
                return block(form, r, r.u8());
            case DW_FORM_data1:
                return of(form, Kind.CONST, r.u8());
            case DW_FORM_data2:
                return of(form, Kind.CONST, r.u16());
            case DW_FORM_data4:
                return of(form, Kind.CONST, r.u32());
            case DW_FORM_data8:
                return of(form, Kind.CONST, r.u64());
            case DW_FORM_data16:
                r.skip(16);
                return of(form, Kind.OTHER, 0);
            case DW_FORM_sdata:
                return of(form, Kind.SCONST, r.sleb());
            case DW_FORM_udata:
                return of(form, Kind.CONST, r.uleb());
            case DW_FORM_implicit_const:
                return of(form, Kind.SCONST, implicitConst);
            case DW_FORM_string:
                return new AttrValue(form, Kind.STRING, 0, r.cstring(), null);
            case DW_FORM_strp:
                return of(form, Kind.STRP, r.unsigned(u.offsetSize));
            case DW_FORM_line_strp:
                return of(form, Kind.LINE_STRP, r.unsigned(u.offsetSize));
            case DW_FORM_strp_sup:
            case DW_FORM_GNU_strp_alt:
                r.unsigned(u.offsetSize);
                return of(form, Kind.OTHER, 0);
            case DW_FORM_strx:
            case DW_FORM_GNU_str_index:
                return of(form, Kind.STRX, r.uleb());
            case DW_FORM_strx1:
                return of(form, Kind.STRX, r.u8());
            case DW_FORM_strx2:
                return of(form, Kind.STRX, r.u16());
            case DW_FORM_strx3:
                return of(form, Kind.STRX, r.u24());
            case DW_FORM_strx4:
                return of(form, Kind.STRX, r.u32());
            case DW_FORM_addrx:
            case DW_FORM_GNU_addr_index:
                return of(form, Kind.ADDRX, r.uleb());
            case DW_FORM_addrx1:
                return of(form, Kind.ADDRX, r.u8());
            case DW_FORM_addrx2:
                return of(form, Kind.ADDRX, r.u16());
            case DW_FORM_addrx3:
                return of(form, Kind.ADDRX, r.u24());
            case DW_FORM_addrx4:
                return of(form, Kind.ADDRX, r.u32());
            case DW_FORM_flag:
                return of(form, Kind.FLAG, r.u8());
            case DW_FORM_flag_present:
                return of(form, Kind.FLAG, 1);
            case DW_FORM_ref1:
                return of(form, Kind.REF, u.unitOffset + r.u8());
            case DW_FORM_ref2:
                return of(form, Kind.REF, u.unitOffset + r.u16());
            case DW_FORM_ref4:
                return of(form, Kind.REF, u.unitOffset + r.u32());
            case DW_FORM_ref8:
                return of(form, Kind.REF, u.unitOffset + r.u64());
            case DW_FORM_ref_udata:
                return of(form, Kind.REF, u.unitOffset + r.uleb());
            case DW_FORM_ref_addr:
                return of(form, Kind.REF, r.unsigned(u.version <= 2 ? u.addressSize : u.offsetSize));
            case DW_FORM_ref_sig8:
                r.u64();
                return of(form, Kind.OTHER, 0);
            case DW_FORM_ref_sup4:
                r.u32();
                return of(form, Kind.OTHER, 0);
            case DW_FORM_ref_sup8:
                r.u64();
                return of(form, Kind.OTHER, 0);
            case DW_FORM_GNU_ref_alt:
                r.unsigned(u.offsetSize);
                return of(form, Kind.OTHER, 0);
            case DW_FORM_sec_offset:
                return of(form, Kind.SEC_OFFSET, r.unsigned(u.offsetSize));
            case DW_FORM_loclistx:
                return of(form, Kind.LOCLISTX, r.uleb());
            case DW_FORM_rnglistx:
                return of(form, Kind.RNGLISTX, r.uleb());
            case DW_FORM_indirect: {
                if (depth > 4) {
                    throw r.error(at, "nested DW_FORM_indirect");
                }
                int f = r.ulebInt("form");
                return read(r, f, implicitConst, u, depth + 1);
            }
            default:
                throw r.error(at, "unknown attribute form 0x" + Integer.toHexString(form));
        }
    }

    private static AttrValue block(int form, DwarfReader r, long len) throws DwarfFormatException {
        if (len < 0 || len > r.remaining()) {
            throw r.error(r.pos(), "block of " + len + " bytes runs past the end");
        }
        byte[] b = new byte[(int) len];
        System.arraycopy(r.data, r.pos(), b, 0, (int) len);
        r.skip(len);
        return new AttrValue(form, Kind.BLOCK, len, null, b);
    }
}
