package io.xenscope.debug.symbols;

import static io.xenscope.debug.symbols.Dwarf.*;

import java.util.List;

/** DW_AT_ranges: .debug_ranges (DWARF 2-4) and .debug_rnglists (DWARF 5). */
final class RangeLists {
    private RangeLists() {
    }

    static void read(AttrValue.Unit u, AttrValue attr, long cuBase, boolean isCu, List<LineTable.Range> out)
            throws DwarfFormatException {
        if (u.version >= 5) {
            byte[] d = u.sections.get(".debug_rnglists");
            if (d == null) {
                throw new DwarfFormatException(".debug_rnglists", -1, "DW_AT_ranges without .debug_rnglists");
            }
            DwarfReader r = new DwarfReader(".debug_rnglists", d);
            long offset;
            if (attr.kind == AttrValue.Kind.RNGLISTX) {
                long base = u.rnglistsBase >= 0 ? u.rnglistsBase : (u.offsetSize == 8 ? 20 : 12);
                r.seek(base + attr.value * u.offsetSize);
                offset = base + r.unsigned(u.offsetSize);
            } else {
                offset = attr.value;
            }
            r.seek(offset);
            readRnglist(r, u, cuBase, out);
        } else {
            byte[] d = u.sections.get(".debug_ranges");
            if (d == null) {
                throw new DwarfFormatException(".debug_ranges", -1, "DW_AT_ranges without .debug_ranges");
            }
            DwarfReader r = new DwarfReader(".debug_ranges", d);
            r.seek(attr.value);
            long base = cuBase;
            long max = u.addressSize == 8 ? -1L : 0xffffffffL;
            while (true) {
                long s = r.unsigned(u.addressSize), e = r.unsigned(u.addressSize);
                if (s == 0 && e == 0) {
                    break;
                }
                if (s == max) {
                    base = e;
                    continue;
                }
                add(out, base + s, base + e);
            }
        }
    }

    private static void readRnglist(DwarfReader r, AttrValue.Unit u, long cuBase, List<LineTable.Range> out)
            throws DwarfFormatException {
        long base = cuBase;
        while (true) {
            int at = r.pos();
            int kind = r.u8();
            switch (kind) {
                case DW_RLE_end_of_list:
                    return;
                case DW_RLE_base_addressx:
                    base = u.indexedAddress(r.uleb());
                    break;
                case DW_RLE_startx_endx: {
                    long s = u.indexedAddress(r.uleb());
                    add(out, s, u.indexedAddress(r.uleb()));
                    break;
                }
                case DW_RLE_startx_length: {
                    long s = u.indexedAddress(r.uleb());
                    add(out, s, s + r.uleb());
                    break;
                }
                case DW_RLE_offset_pair: {
                    long s = r.uleb();
                    add(out, base + s, base + r.uleb());
                    break;
                }
                case DW_RLE_base_address:
                    base = r.unsigned(u.addressSize);
                    break;
                case DW_RLE_start_end: {
                    long s = r.unsigned(u.addressSize);
                    add(out, s, r.unsigned(u.addressSize));
                    break;
                }
                case DW_RLE_start_length: {
                    long s = r.unsigned(u.addressSize);
                    add(out, s, s + r.uleb());
                    break;
                }
                default:
                    throw r.error(at, "unknown range list entry kind " + kind);
            }
        }
    }

    private static void add(List<LineTable.Range> out, long s, long e) {
        if (e > s && s != 0) { // empty ranges and ranges at 0 (discarded by the linker) cover nothing
            out.add(new LineTable.Range(s, e));
        }
    }
}
