/**
 * The PC platform of an HVM guest on Xen: one class per device ({@link io.xenscope.devices.LocalApic},
 * {@link io.xenscope.devices.IoApic}, {@link io.xenscope.devices.DualPic}, {@link io.xenscope.devices.Pit8254},
 * {@link io.xenscope.devices.CmosRtc}, {@link io.xenscope.devices.Uart16550}, {@link io.xenscope.devices.PciConfigSpace}
 * with its functions, {@link io.xenscope.devices.XenPlatformDevice}, the reset and debug ports), wired by
 * {@link io.xenscope.devices.PcPlatform}, which is also the vCPU's INTR line.
 *
 * <p>Where Xen and the hardware differ, Xen wins when a guest could tell (PIT mode 0 does not
 * interrupt, the APIC bus runs at 100 MHz, the xAPIC window cannot move, an 8259 input that falls
 * before INTA is forgotten); each such rule names its Xen source. Deliberate departures, each
 * documented where it lives: the 8259 reaches the CPU while the local APIC is disabled (there is
 * no hvmloader unless the machine asks for {@link io.xenscope.devices.PcPlatform#hvmloaderApicSetup});
 * timer periods missed while the guest was not looking make one interrupt (Xen's vpt may replay
 * them); the UART transmits instantly in virtual time; the 8259 poll byte is the datasheet's.
 * Everything runs on virtual time, so it is deterministic.
 */
package io.xenscope.devices;
