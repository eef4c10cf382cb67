/**
 * XenScope's built-in PC BIOS for HVM guests: small, ours, and documented here.
 *
 * <p><b>What it provides.</b> A 64 KiB ROM ({@link io.xenscope.boot.firmware.BiosRom}) at
 * 0xF0000-0xFFFFF, aliased at 0xFFFF0000-0xFFFFFFFF, whose reset vector (F000:FFF0) jumps to POST
 * (F000:E05B). POST fills the interrupt vector table, the BIOS data area (COM1 at 0x3F8, 639 KiB
 * of base memory, the EBDA segment 0x9FC0) and the EBDA at 0x9FC00, programs both 8259s as SeaBIOS
 * does, and boots: a boot sector at 0000:7C00 in real mode (DL = 0x80, AX = 0xAA55, IF = 1, as
 * SeaBIOS calls it), or a Multiboot kernel in 32-bit flat protected mode (EAX = 0x2BADB002, EBX =
 * the Multiboot information, by real mode-switch code in the ROM). Services: int 10h (teletype to
 * the screen, reported as console output of source "bios" but kept out of the console transcript;
 * cursor, mode 3), int 11h, 12h, 13h (the boot disk as drive 0x80: CHS and LBA reads
 * and writes, geometry, EDD), 15h (E820h, E801h, 88h, 87h block move, A20, C0h), 16h (no keyboard:
 * nothing to read, and a read waits forever), 1Ah (time and date from the virtual clock), and IRQ
 * 0. The memory map ({@link io.xenscope.boot.firmware.E820Map}) is the one SeaBIOS reports on QEMU
 * for the same RAM size, so a guest prints the same map on both machines.
 *
 * <p><b>How a BIOS call works.</b> Each vector the BIOS serves points at an 8-byte ROM stub of
 * real x86 code:
 * <pre>
 *   push %ax            ; keep the caller's AX: AL is about to carry the vector
 *   mov  $vector, %al
 *   out  %al, $0xef     ; the firmware's private port: the Java handler runs here
 *   pop  %ax            ; AX as the handler left it in the stack slot
 *   iret                ; FLAGS as the handler left them in the interrupt frame (CF, ZF results)
 * </pre>
 * The port handler ({@link io.xenscope.boot.firmware.Bios}) finds the caller's AX at SS:SP, the
 * return frame above it, and the other registers live in the vCPU ({@link
 * io.xenscope.boot.firmware.BiosCall}); it reads and writes guest memory physically (real mode).
 * Because the IVT and the stubs are ordinary memory and code, a guest may hook a vector and chain
 * to the BIOS with {@code pushf; lcall}, and a debugger steps through a BIOS call instruction by
 * instruction. Vectors with no service point at an {@code iret} (as in SeaBIOS), hardware IRQs at
 * stubs that send the EOI. Calls the BIOS does not provide answer CF = 1, AH = 86h (int 10h leaves
 * the registers, as SeaVGABIOS) and are reported once as a hint; #DE, #UD and #NM in real mode end
 * the run with the reason. Garbage arguments get SeaBIOS's answers: an LBA past the disk is 01h,
 * a transfer running past its end 04h, a zero count a no-op; E820 indexes by BX and refuses a
 * buffer under 20 bytes with 86h.
 *
 * <p>Not provided either: int 15h AH=86h (wait), which SeaBIOS serves with the RTC's periodic interrupt.
 *
 * <p>Not provided: a VGA adapter (the window 0xA0000-0xBFFFF reads all ones and drops writes) and
 * option ROMs, a keyboard, floppies, int 14h/17h/18h/19h, APM, PCI BIOS, ACPI and SMBIOS tables,
 * the PIT tick (POST leaves IRQ 0 masked; int 1Ah reads the virtual clock instead), A20 masking.
 */
package io.xenscope.boot.firmware;
