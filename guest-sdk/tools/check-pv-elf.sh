#!/bin/sh
# SPDX-License-Identifier: MIT
# Static checks of a guest-sdk PV image, the things Xen's domain builder relies on:
#  - ELF64, x86-64, executable;
#  - Xen notes present: GUEST_OS, XEN_VERSION "xen-3.0", LOADER "generic", VIRT_BASE,
#    PADDR_OFFSET, ENTRY, HYPERCALL_PAGE, FEATURES, PAE_MODE, in a PT_NOTE segment;
#  - entry = _start, hypercall_page page aligned and still all 0xc3 (ret) in the file;
#  - every PT_LOAD has p_paddr = p_vaddr - VIRT_BASE and lies outside Xen's range.
set -eu
elf=$1
fail() { echo "check-pv-elf: $elf: $*" >&2; exit 1; }
READELF=${READELF:-readelf}
NM=${NM:-nm}

hdr=$($READELF -h "$elf")
echo "$hdr" | grep -q 'Class:[[:space:]]*ELF64' || fail "not ELF64"
echo "$hdr" | grep -q 'Machine:[[:space:]]*Advanced Micro Devices X86-64' || fail "not x86-64"
echo "$hdr" | grep -q 'Type:[[:space:]]*EXEC' || fail "not an executable"
entry=$(echo "$hdr" | sed -n 's/.*Entry point address:[[:space:]]*0x\([0-9a-f]*\).*/\1/p')

sym() { $NM "$elf" | awk -v s="$1" '$3 == s { print $1 }'; }
start=$(sym _start); hc=$(sym hypercall_page); base=$(sym __xen_virt_base)
[ -n "$start" ] && [ -n "$hc" ] && [ -n "$base" ] || fail "missing _start, hypercall_page or __xen_virt_base"
# (64-bit addresses exceed shell arithmetic: compare hex strings)
strip0() { echo "$1" | sed 's/^0*//'; }
[ "$(strip0 "$entry")" = "$(strip0 "$start")" ] || fail "e_entry 0x$entry is not _start 0x$start"
case $hc in *000) ;; *) fail "hypercall_page 0x$hc is not page aligned" ;; esac

$READELF -lW "$elf" | grep -q '^[[:space:]]*NOTE' || fail "no PT_NOTE segment"
notes=$($READELF -nW "$elf")
n_xen=$(echo "$notes" | grep -c '^[[:space:]]*Xen[[:space:]]' || true)
[ "$n_xen" -ge 9 ] || fail "expected at least 9 Xen notes, found $n_xen"

# Note payloads, by type, read from the raw .note.Xen section.
py=$(command -v python3 || true)
if [ -n "$py" ]; then
"$py" - "$elf" "$start" "$hc" "$base" <<'PYEOF' || exit 1
import struct, sys
path, start, hc, base = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 16), int(sys.argv[4], 16)
b = open(path, 'rb').read()
def fail(m):
    print("check-pv-elf: %s: %s" % (path, m), file=sys.stderr); sys.exit(1)
phoff, = struct.unpack_from('<Q', b, 0x20); phentsz, phnum = struct.unpack_from('<HH', b, 0x36)
notes = {}
for i in range(phnum):
    t, fl, off, va, pa, fsz, msz, al = struct.unpack_from('<IIQQQQQQ', b, phoff + i * phentsz)
    if t == 1:
        if pa != va - base:
            fail("PT_LOAD %d: p_paddr %#x != p_vaddr %#x - VIRT_BASE" % (i, pa, va))
        if va < 0xFFFF880000000000 and va + msz > 0xFFFF800000000000:
            fail("PT_LOAD %d overlaps Xen's virtual range" % i)
        if va <= hc < va + fsz:
            page = b[off + hc - va: off + hc - va + 4096]
            if page != b'\xc3' * 4096:
                fail("hypercall page is not 4096 bytes of 0xc3")
    if t == 4:
        p = off
        while p < off + fsz:
            nsz, dsz, nt = struct.unpack_from('<III', b, p)
            name = b[p + 12:p + 12 + nsz].rstrip(b'\0')
            d = p + 12 + ((nsz + 3) & ~3)
            if name == b'Xen':
                notes[nt] = b[d:d + dsz]
            p = d + ((dsz + 3) & ~3)
def s(t): return notes[t].rstrip(b'\0').decode()
def q(t): return struct.unpack('<Q', notes[t])[0]
need = {1: 'ENTRY', 2: 'HYPERCALL_PAGE', 3: 'VIRT_BASE', 4: 'PADDR_OFFSET', 5: 'XEN_VERSION',
        6: 'GUEST_OS', 8: 'LOADER', 9: 'PAE_MODE', 10: 'FEATURES'}
for t, n in need.items():
    if t not in notes: fail("missing XEN_ELFNOTE_%s" % n)
if s(5) != 'xen-3.0': fail("XEN_VERSION is %r" % s(5))
if s(8) != 'generic': fail("LOADER is %r" % s(8))
if s(9) != 'yes': fail("PAE_MODE is %r" % s(9))
if q(1) != start: fail("ENTRY note %#x != _start %#x" % (q(1), start))
if q(2) != hc: fail("HYPERCALL_PAGE note %#x != hypercall_page %#x" % (q(2), hc))
if q(3) != base: fail("VIRT_BASE note %#x != %#x" % (q(3), base))
if q(4) != 0: fail("PADDR_OFFSET note is %#x" % q(4))
print("check-pv-elf: %s: ok (virt_base %#x, entry %#x, hypercall page %#x, features %s)"
      % (path, base, start, hc, s(10)))
PYEOF
else
  echo "check-pv-elf: $elf: ok (python3 not found: note payloads not checked)"
fi
