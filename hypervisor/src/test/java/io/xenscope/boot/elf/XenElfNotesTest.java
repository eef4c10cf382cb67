package io.xenscope.boot.elf;

import static io.xenscope.boot.elf.ElfBuilder.concat;
import static io.xenscope.boot.elf.ElfBuilder.genericPv;
import static io.xenscope.boot.elf.ElfBuilder.note;
import static io.xenscope.boot.elf.ElfBuilder.xen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading Xen's notes and the legacy __xen_guest string, as libelf collects them. */
class XenElfNotesTest {
    private static XenElfNotes pv(byte[] image) throws Exception {
        return XenElfNotes.read(ElfImage.parse(image), false);
    }

    private static XenElfNotes notes(byte[]... notes) throws Exception {
        return pv(ElfBuilder.xenKernel(0x1000, 0x1000, notes).build());
    }

    @Test
    void stringAndNumericNotesFromARealKernel() throws Exception {
        XenElfNotes n = pv(TestImages.highHalf64());
        assertEquals(XenElfNotes.Source.PT_NOTE_SEGMENTS, n.source());
        assertEquals("Mini-OS", n.guestOs());
        assertEquals("generic", n.loader());
        assertEquals("xen-3.0", n.xenVersion());
        assertEquals("0.1", n.guestVersion());
        assertEquals(0xffffffff80000000L, n.virtBase().getAsLong());
        assertEquals(0L, n.paddrOffset().getAsLong());
        assertEquals(0xffffffff81000000L, n.entry().getAsLong());
        assertEquals(0xffffffff81001000L, n.hypercallPage().getAsLong());
        assertEquals(0x1000004L, n.phys32Entry().getAsLong());
    }

    @Test
    void featuresStringSetsSupportedAndRequiredBits() throws Exception {
        XenElfNotes n = pv(TestImages.highHalf64());
        assertEquals((1 << XenFeatures.WRITABLE_PAGE_TABLES) | (1 << XenFeatures.PAE_PGDIR_ABOVE_4GB) | (1 << XenFeatures.HVM_CALLBACK_VECTOR),
                n.featuresSupported());
        assertEquals(1 << XenFeatures.WRITABLE_PAGE_TABLES, n.featuresRequired());
        assertEquals(List.of("some_future_thing"), n.ignoredFeatures());
    }

    @Test
    void featureNamesOutsideLibelfsTableAreIgnoredEvenIfInFeaturesH() {
        // mmu_pt_update_preserve_ad is in features.h but not in libelf's elf_xen_feature_names
        XenFeatures.Parsed p = XenFeatures.parse("mmu_pt_update_preserve_ad|dom0");
        assertEquals(1 << XenFeatures.DOM0, p.supported());
        assertEquals(List.of("mmu_pt_update_preserve_ad"), p.ignored());
    }

    @Test
    void unknownRequiredFeatureInANoteIsRefused() {
        XenImageException e = assertThrows(XenImageException.class, () -> notes(genericPv(), xen(XenNoteType.FEATURES, "!teleportation")));
        assertEquals(XenImageException.Kind.FEATURES, e.kind());
        assertTrue(e.getMessage().contains("requires feature \"teleportation\""), e.getMessage());
    }

    @Test
    void supportedFeaturesNoteOrsIntoTheSupportedBitmap() throws Exception {
        XenElfNotes n = notes(xen(XenNoteType.FEATURES, "dom0"), note("Xen", 17, ElfBuilder.u32(1 << XenFeatures.HVM_CALLBACK_VECTOR)));
        assertEquals((1 << XenFeatures.DOM0) | (1 << XenFeatures.HVM_CALLBACK_VECTOR), n.featuresSupported());
    }

    @Test
    void numericNotesOf1To8BytesAreReadLittleEndian() throws Exception {
        XenElfNotes n = notes(note("Xen", 3, new byte[] {0x00, 0x10}), note("Xen", 1, ElfBuilder.u32(0x1234)));
        assertEquals(0x1000L, n.virtBase().getAsLong());
        assertEquals(0x1234L, n.entry().getAsLong());
    }

    @Test
    void numericNoteOfOddSizeReadsAsZeroWithAWarning() throws Exception {
        XenElfNotes n = notes(note("Xen", 3, new byte[] {1, 2, 3}));
        assertEquals(0L, n.virtBase().getAsLong());
        assertTrue(n.warnings().get(0).contains("3-byte descriptor"), n.warnings().toString());
    }

    @Test
    void laterNoteOverridesEarlierOne() throws Exception {
        assertEquals("second", notes(xen(XenNoteType.GUEST_OS, "first"), xen(XenNoteType.GUEST_OS, "second")).guestOs());
    }

    @Test
    void notesOfOtherOwnersAreIgnored() throws Exception {
        XenElfNotes n = notes(note("GNU", 3, new byte[20]), note("XenX", 6, ElfBuilder.str("nope")), xen(XenNoteType.GUEST_OS, "yes"));
        assertEquals("yes", n.guestOs());
        assertEquals(1, n.xenNotes().size());
    }

    @Test
    void unknownXenNoteTypesAreIgnoredWithAWarning() throws Exception {
        XenElfNotes n = notes(note("Xen", 0x77, new byte[4]));
        assertTrue(n.warnings().get(0).contains("unknown Xen note type 0x77"));
    }

    @Test
    void phys32EntryIs32BitsAndAllOnesMeansUnset() throws Exception {
        assertEquals(0x200000L, notes(xen(XenNoteType.PHYS32_ENTRY, 0x1_0020_0000L)).phys32Entry().getAsLong());
        assertFalse(notes(note("Xen", 18, ElfBuilder.u32(0xffff_ffffL))).phys32Entry().isPresent());
    }

    @Test
    void paeModeYesMeansExtendedCr3AndBimodalIsRecognised() throws Exception {
        assertEquals(XenElfNotes.PaeMode.EXTCR3, notes(xen(XenNoteType.PAE_MODE, "yes")).pae());
        assertEquals(XenElfNotes.PaeMode.BIMODAL, notes(xen(XenNoteType.PAE_MODE, "yes,bimodal")).pae());
        assertEquals(XenElfNotes.PaeMode.NO, notes(xen(XenNoteType.PAE_MODE, "no")).pae());
    }

    @Test
    void sectionNotesAreUsedWhenNoPtNoteHasXenNotes() throws Exception {
        ElfImage img = ElfImage.parse(TestImages.sectionNotesOnly());
        assertTrue(img.segmentNotes().isEmpty());
        XenElfNotes n = XenElfNotes.read(img, false);
        assertEquals(XenElfNotes.Source.NOTE_SECTIONS, n.source());
        assertEquals("Mini-OS", n.guestOs());
    }

    @Test
    void legacyXenGuestStringIsParsed() throws Exception {
        XenElfNotes n = pv(TestImages.legacyXenGuest());
        assertEquals(XenElfNotes.Source.LEGACY_XEN_GUEST_SECTION, n.source());
        assertEquals("linux", n.guestOs());
        assertEquals("2.6", n.guestVersion());
        assertEquals("xen-3.0", n.xenVersion());
        assertEquals("generic", n.loader());
        assertEquals(0xffffffff80000000L, n.virtBase().getAsLong());
        assertFalse(n.paddrOffset().isPresent());
        assertEquals((1 << XenFeatures.WRITABLE_PAGE_TABLES) | (1 << XenFeatures.AUTO_TRANSLATED_PHYSMAP), n.featuresSupported());
        assertEquals(1 << XenFeatures.AUTO_TRANSLATED_PHYSMAP, n.featuresRequired());
    }

    @Test
    void legacyHypercallPageIsAPageNumberRelativeToVirtBase() throws Exception {
        assertEquals(0xffffffff80101000L, pv(TestImages.legacyXenGuest()).hypercallPage().getAsLong());
    }

    @Test
    void legacyStringIsNotReadForPvh() throws Exception {
        XenElfNotes n = XenElfNotes.read(ElfImage.parse(TestImages.legacyXenGuest()), true);
        assertEquals(XenElfNotes.Source.NONE, n.source());
    }

    private static XenElfNotes legacy(String s) throws Exception {
        return pv(ElfBuilder.elf64().load(0, 0, new byte[16], 0x1000).section("__xen_guest", ElfSection.SHT_PROGBITS, ElfBuilder.str(s)).build());
    }

    @Test
    void legacyNumbersFollowStrtoullBase0() throws Exception {
        XenElfNotes n = legacy("VIRT_BASE=0x1000,ELF_PADDR_OFFSET=010,VIRT_ENTRY=4096");
        assertEquals(0x1000L, n.virtBase().getAsLong());
        assertEquals(8L, n.paddrOffset().getAsLong());
        assertEquals(4096L, n.entry().getAsLong());
    }

    @Test
    void legacyPaeValues() throws Exception {
        assertEquals(XenElfNotes.PaeMode.EXTCR3, legacy("PAE=yes[extended-cr3]").pae());
        assertEquals(XenElfNotes.PaeMode.YES, legacy("PAE=yes").pae());
        assertEquals(XenElfNotes.PaeMode.NO, legacy("PAE=no").pae());
    }

    @Test
    void legacyUnknownRequiredFeatureStopsParsingWithoutRefusal() throws Exception {
        XenElfNotes n = legacy("GUEST_OS=linux,FEATURES=!warp_drive,LOADER=generic");
        assertEquals("linux", n.guestOs());
        assertEquals("", n.loader(), "keys after the bad FEATURES are not read");
        assertTrue(n.warnings().get(0).contains("warp_drive"));
    }

    @Test
    void legacyBsdSymtabIsAPresenceFlag() throws Exception {
        assertTrue(legacy("BSD_SYMTAB").bsdSymtab());
    }

    @Test
    void strtoullEdgeCases() {
        assertEquals(0L, XenElfNotes.strtoull(""));
        assertEquals(0L, XenElfNotes.strtoull("zzz"));
        assertEquals(0x1fL, XenElfNotes.strtoull("  0x1fg"));
        assertEquals(-1L, XenElfNotes.strtoull("0xffffffffffffffffff"));
        assertEquals(-1L, XenElfNotes.strtoull("-1"));
        assertEquals(0L, XenElfNotes.strtoull("0x"));
    }

    @Test
    void imageWithoutXenMetadataHasSourceNone() throws Exception {
        XenElfNotes n = pv(TestImages.multiboot());
        assertEquals(XenElfNotes.Source.NONE, n.source());
        assertNull(n.note(XenNoteType.GUEST_OS));
    }
}
