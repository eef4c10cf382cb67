/**
 * Reading guest kernel images: {@link io.xenscope.boot.elf.ElfImage} (ELF32/ELF64, x86 only),
 * {@link io.xenscope.boot.elf.XenElfNotes} (Xen notes and the legacy {@code __xen_guest} string),
 * {@link io.xenscope.boot.elf.XenGuestInfo} (the PV/PVH boot parameters and Xen's acceptance
 * rules), {@link io.xenscope.boot.elf.MultibootHeader} and
 * {@link io.xenscope.boot.elf.BootCapabilities} (which guest types an image can boot as, and why
 * not; raw HVM images too: a Multiboot a.out-kludge image or a boot disk).
 *
 * <p>Choices, with the Xen sources they follow:
 * <ul>
 * <li>Two checked exceptions: {@link io.xenscope.boot.elf.ElfFormatException} for a file that is
 * not a sound x86 ELF (always with the offending field and offset), and
 * {@link io.xenscope.boot.elf.XenImageException} for a sound file Xen would refuse (messages
 * follow libelf/libxenguest wording, plus the values involved).
 * <li>The parser is stricter than libelf where libelf would silently read garbage (overlapping
 * PT_LOADs, p_filesz &gt; p_memsz, sections or notes past their bounds, unterminated strings):
 * such images cannot load correctly on Xen either, and a porter wants to hear it up front.
 * <li>Where Xen tolerates something, so do we, and say so in
 * {@link io.xenscope.boot.elf.XenElfNotes#warnings()}: numeric notes of odd sizes read as 0,
 * unknown note types and unknown (non-required) feature names are ignored, an unknown required
 * feature in {@code __xen_guest} only stops the parse.
 * <li>Notes are walked with 4-byte alignment for both classes (libelf's elf_note_next); PT_NOTE
 * segments with p_offset 0 are skipped (libelf works around old binutils this way).
 * <li>HVM boot means a Multiboot v1 header: that is what XenScope's HVM firmware loads.
 * </ul>
 */
package io.xenscope.boot.elf;
