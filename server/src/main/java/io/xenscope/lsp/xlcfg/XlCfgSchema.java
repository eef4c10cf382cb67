package io.xenscope.lsp.xlcfg;

import io.xenscope.lsp.xlcfg.KeySpec.ValueType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The xl.cfg(5) keys XenScope knows: the ones xl.cfg(5) documents for PV, PVH and HVM guests
 * (general options, kernel/boot, CPU and memory, devices, event actions, PV- and HVM-specific
 * options). Memory values are in MiB, as in xl.
 */
public final class XlCfgSchema {
    /** Largest memory xl accepts in practice here: 16 TiB in MiB. */
    public static final long MAX_MEMORY_MIB = 16L * 1024 * 1024;
    /** HVM_MAX_VCPUS in Xen. */
    public static final long MAX_VCPUS = 4096;

    private static final List<String> ACTIONS = List.of("destroy", "restart", "rename-restart", "preserve",
            "coredump-destroy", "coredump-restart", "soft-reset");

    private static final Map<String, KeySpec> KEYS = new LinkedHashMap<>();

    private static void key(String name, ValueType t, String guests, String doc) {
        KEYS.put(name, new KeySpec(name, t, List.of(), null, null, guests, null, null, doc));
    }

    private static void num(String name, long min, Long max, String unit, String guests, String doc) {
        KEYS.put(name, new KeySpec(name, ValueType.NUMBER, List.of(), min, max, guests, null, unit, doc));
    }

    private static void bool(String name, String guests, String doc) {
        KEYS.put(name, new KeySpec(name, ValueType.BOOLEAN, List.of(), null, null, guests, null, null, doc));
    }

    private static void enumKey(String name, List<String> values, String guests, String doc) {
        KEYS.put(name, new KeySpec(name, ValueType.ENUM, values, null, null, guests, null, null, doc));
    }

    private static void deprecated(String name, ValueType t, List<String> values, String guests, String instead, String doc) {
        KEYS.put(name, new KeySpec(name, t, values, null, null, guests, instead, null, doc));
    }

    static {
        // ---- General ----
        key("name", ValueType.STRING, "all", "The domain's name. Must be unique on the host; xl refuses a configuration without one.");
        enumKey("type", List.of("pv", "pvh", "hvm"), "all",
                "The guest type. `pv`: paravirtualised, the kernel runs in ring 3 (64-bit) and talks to Xen through "
                + "hypercalls only. `pvh`: an HVM container without emulated devices, entered in 32-bit flat mode at "
                + "XEN_ELFNOTE_PHYS32_ENTRY. `hvm`: a fully virtualised machine with firmware and emulated devices. "
                + "Defaults to `pv` when neither `type` nor `builder` is given.");
        deprecated("builder", ValueType.ENUM, List.of("generic", "hvm"), "all", "use `type` (`builder=\"generic\"` → `type=\"pv\"`, `builder=\"hvm\"` → `type=\"hvm\"`)",
                "The domain builder: `generic` (PV) or `hvm`. Replaced by `type`.");
        deprecated("pvh", ValueType.BOOLEAN, List.of(), "pv", "use `type=\"pvh\"`",
                "Run a PV guest in PVH mode (Xen 4.4–4.9 \"PVHv1\"). Replaced by `type=\"pvh\"`.");
        key("uuid", ValueType.STRING, "all", "The domain's UUID (8-4-4-4-12 hexadecimal digits). Generated when absent.");
        key("seclabel", ValueType.STRING, "all", "XSM/FLASK security label for the domain, e.g. `system_u:system_r:domU_t`.");
        key("init_seclabel", ValueType.STRING, "all", "XSM/FLASK label used while the domain is being built.");
        key("device_model_stubdomain_seclabel", ValueType.STRING, "hvm", "Label of the device model stub domain.");
        key("pool", ValueType.STRING, "all", "The CPU pool (cpupool) to place the domain in. Default: Pool-0.");
        bool("driver_domain", "all", "Mark the domain as a driver domain (it runs backends for other domains).");
        bool("autoballoon", "all", "Unused in the domain file; kept for compatibility.");

        // ---- CPU ----
        num("vcpus", 1, MAX_VCPUS, null, "all", "Number of virtual CPUs online at boot. Default 1. Must not exceed `maxvcpus`.");
        num("maxvcpus", 1, MAX_VCPUS, null, "all", "Maximum number of vCPUs the guest may bring up (hot-plug). Default: `vcpus`. "
                + "A PV guest that does not register its vcpu_info (VCPUOP_register_vcpu_info) sees at most 32 (XEN_LEGACY_MAX_VCPUS).");
        KEYS.put("cpus", new KeySpec("cpus", ValueType.STRING_OR_LIST, List.of(), null, null, "all", null, null,
                "Physical CPUs the vCPUs may run on (hard affinity): `\"all\"`, `\"0-3,5,^1\"`, `\"node:0\"`, or a list with one entry per vCPU."));
        KEYS.put("cpus_soft", new KeySpec("cpus_soft", ValueType.STRING_OR_LIST, List.of(), null, null, "all", null, null,
                "Preferred physical CPUs (soft affinity), same syntax as `cpus`."));
        num("cpu_weight", 1, 65535L, null, "all", "Credit scheduler weight (default 256).");
        num("cap", 0, null, "% of one CPU", "all", "Credit scheduler cap: maximum CPU a domain may use, in percent of one physical CPU. 0 = no cap.");
        KEYS.put("cpuid", new KeySpec("cpuid", ValueType.STRING_OR_LIST, List.of(), null, null, "all", null, null,
                "CPUID policy adjustments, e.g. `\"host,tm=0,sse3=0\"`."));

        // ---- Memory ----
        num("memory", 1, MAX_MEMORY_MIB, "MiB", "all", "Memory the domain starts with, in MiB. Default 128.");
        num("maxmem", 1, MAX_MEMORY_MIB, "MiB", "all", "Maximum memory in MiB (ballooning up to this). Must be at least `memory`. "
                + "For HVM without a balloon driver, `maxmem` > `memory` starts the guest in populate-on-demand mode.");
        num("shadow_memory", 0, MAX_MEMORY_MIB, "MiB", "hvm|pvh", "MiB of shadow page-table memory (HVM/PVH without HAP). Default: computed from memory and vCPUs.");
        deprecated("p2m_mode", ValueType.STRING, List.of(), "hvm|pvh", "xl.cfg(5) has no p2m_mode and xl ignores it: use `hap` (1 = hardware-assisted paging, 0 = shadow paging)",
                "Not an xl option: the paging mode of an HVM/PVH guest is chosen with `hap`.");
        KEYS.put("static_shm", new KeySpec("static_shm", ValueType.LIST, List.of(), null, null, "all", null, null, "Static shared memory regions (Arm only), see xl-static-shm-configuration(5)."));
        KEYS.put("vnuma", new KeySpec("vnuma", ValueType.LIST, List.of(), null, null, "hvm|pvh", null, null,
                "Virtual NUMA: a list of lists, one per virtual node, e.g. `[ [\"pnode=0\", \"size=512\", \"vcpus=0-4\", \"vdistances=10,20\"] ]`. Not for PV guests."));
        num("mmio_hole", 256, 3840L, "MiB", "hvm", "Size of the MMIO hole below 4 GiB (qemu-xen only).");
        num("max_grant_frames", 1, 1024L, "frames", "all", "Maximum grant-table frames for the domain (each holds 512 v1 entries). Default from xl.conf (64).");
        num("max_maptrack_frames", 0, 1024L, "frames", "all", "Maximum maptrack frames (grant mappings this domain can hold of others' pages). Default from xl.conf.");
        num("max_grant_version", 1, 2L, null, "all", "Highest grant-table version the guest may use (1 or 2).");
        KEYS.put("e820_host", new KeySpec("e820_host", ValueType.BOOLEAN, List.of(), 0L, 1L, "pv", null, null,
                "Give a PV guest the host's E820 memory map (for PCI passthrough)."));

        // ---- Kernel / boot (direct kernel boot) ----
        key("kernel", ValueType.STRING, "all", "The kernel image to boot, a path on the host (relative paths are relative to the configuration file in XenScope). "
                + "PV: an ELF with Xen notes. PVH: an ELF with XEN_ELFNOTE_PHYS32_ENTRY. HVM: direct kernel boot of a Multiboot image.");
        key("ramdisk", ValueType.STRING, "all", "An initial ramdisk (module) loaded next to the kernel: `mod_start`/`mod_len` in start_info for PV, the module list of hvm_start_info for PVH.");
        key("cmdline", ValueType.STRING, "all", "The kernel command line (start_info.cmd_line for PV, hvm_start_info.cmdline_paddr for PVH). Preferred over `root`/`extra`.");
        key("extra", ValueType.STRING, "all", "Appended to the kernel command line (legacy; `cmdline` takes precedence).");
        key("root", ValueType.STRING, "all", "Prepended to the command line as `root=...` (legacy; `cmdline` takes precedence).");
        key("bootloader", ValueType.STRING, "pv|pvh", "A program run on the host to find the kernel and ramdisk in the guest's disk (normally `pygrub`). "
                + "Either `kernel` or `bootloader` must be given for PV guests.");
        KEYS.put("bootloader_args", new KeySpec("bootloader_args", ValueType.STRING_OR_LIST, List.of(), null, null, "pv|pvh", null, null,
                "Arguments appended to the bootloader's command line, as a list (a plain string, split at whitespace, is deprecated)."));
        bool("bootloader_restrict", "pv|pvh", "Run the bootloader deprivileged (implies non-interactive mode).");
        key("bootloader_user", ValueType.STRING, "pv|pvh", "User to run a restricted bootloader as (one per domain).");
        bool("pvshim", "pvh", "Boot a PV kernel inside a PVH container through the PV shim (a Meltdown mitigation). Default 0.");
        key("pvshim_path", ValueType.STRING, "pvh", "A non-default PV shim binary.");
        key("pvshim_cmdline", ValueType.STRING, "pvh", "Command line for the shim (default \"pv-shim console=xen,pv\").");
        key("pvshim_extra", ValueType.STRING, "pvh", "Extra arguments appended to the shim's command line.");
        key("boot", ValueType.STRING, "hvm", "HVM boot order: letters `c` (hard disk), `d` (CD-ROM), `n` (network), e.g. `\"dc\"`. Default `\"cd\"`.");
        KEYS.put("firmware", new KeySpec("firmware", ValueType.STRING, List.of("bios", "uefi", "seabios", "rombios", "ovmf", "pvgrub32", "pvgrub64"),
                null, null, "all", null, null,
                "Non-direct kernel boot. PV: `pvgrub32` or `pvgrub64` (a PV grub that runs inside the guest). HVM: `bios` (default for the device model), "
                + "`uefi` (OVMF), `seabios`, `rombios`, `ovmf`, or the PATH of a firmware file."));
        enumKey("bios", List.of("rombios", "seabios", "ovmf"), "hvm", "The BIOS for HVM guests (`firmware` is preferred).");
        key("bios_path_override", ValueType.STRING, "hvm", "Path of a BIOS image to use instead of the built-in one.");
        enumKey("device_model_version", List.of("qemu-xen", "qemu-xen-traditional"), "all", "Which device model provides the emulated devices (HVM) or PV backends "
                + "such as the framebuffer (PV): `qemu-xen` (upstream QEMU, the default). `qemu-xen-traditional` is gone from recent Xen releases.");
        key("stubdomain_kernel", ValueType.STRING, "hvm", "Kernel of the device-model stub domain.");
        key("stubdomain_cmdline", ValueType.STRING, "hvm", "Command line of the device-model stub domain.");
        key("stubdomain_ramdisk", ValueType.STRING, "hvm", "Ramdisk of the device-model stub domain.");
        num("stubdomain_memory", 1, MAX_MEMORY_MIB, "MiB", "hvm", "Memory of the device-model stub domain. Default 128.");
        KEYS.put("device_model_args_pv", new KeySpec("device_model_args_pv", ValueType.LIST, List.of(), null, null, "pv|pvh", null, null, "Extra device-model arguments for a PV device model."));
        KEYS.put("device_model_args_hvm", new KeySpec("device_model_args_hvm", ValueType.LIST, List.of(), null, null, "hvm", null, null, "Extra device-model arguments for an HVM device model."));
        key("device_model_user", ValueType.STRING, "hvm", "User to run a restricted (dm_restrict) device model as.");
        KEYS.put("device_model_override", new KeySpec("device_model_override", ValueType.STRING, List.of(), null, null, "hvm", null, null, "Path of the device model binary."));
        bool("device_model_stubdomain_override", "hvm", "Run the device model in a stub domain.");
        KEYS.put("device_model_args", new KeySpec("device_model_args", ValueType.LIST, List.of(), null, null, "hvm", null, null, "Extra arguments for the device model."));

        // ---- Event actions ----
        enumKey("on_poweroff", ACTIONS, "all", "What xl does when the guest powers off (SCHEDOP_shutdown with SHUTDOWN_poweroff). Default `destroy`.");
        enumKey("on_reboot", ACTIONS, "all", "What xl does when the guest reboots (SHUTDOWN_reboot). Default `restart`.");
        enumKey("on_crash", ACTIONS, "all", "What xl does when the guest crashes (SHUTDOWN_crash, or a triple fault). Default `destroy`.");
        enumKey("on_watchdog", ACTIONS, "all", "What xl does when the guest's watchdog (SCHEDOP_watchdog) fires. Default `destroy`.");
        enumKey("on_soft_reset", ACTIONS, "all", "What xl does on a soft reset (SHUTDOWN_soft_reset). Default `soft-reset`.");

        // ---- Devices ----
        KEYS.put("disk", new KeySpec("disk", ValueType.LIST, List.of(), null, null, "all", null, null,
                "Virtual block devices, one string per disk in the xl-disk-configuration(5) syntax, e.g. "
                + "`[ \"format=raw, vdev=xvda, access=rw, target=/srv/guest.img\" ]` or the positional `\"phy:/dev/vg/guest,xvda,w\"`."));
        KEYS.put("vif", new KeySpec("vif", ValueType.LIST, List.of(), null, null, "all", null, null,
                "Virtual network interfaces, one string per NIC (xl-network-configuration(5)), e.g. `[ \"mac=00:16:3e:00:00:01,bridge=xenbr0\" ]`."));
        KEYS.put("vfb", new KeySpec("vfb", ValueType.LIST, List.of(), null, null, "pv|pvh", null, null, "Virtual framebuffers (`vnc=1`, `sdl=1`, ...)."));
        KEYS.put("vkb", new KeySpec("vkb", ValueType.LIST, List.of(), null, null, "all", null, null, "Virtual keyboard/pointer devices."));
        KEYS.put("channel", new KeySpec("channel", ValueType.LIST, List.of(), null, null, "all", null, null, "Virtual channels (PV consoles with a name), e.g. `[ \"name=org.example.ch,connection=pty\" ]`."));
        KEYS.put("pci", new KeySpec("pci", ValueType.LIST, List.of(), null, null, "all", null, null, "PCI devices passed through to the guest: `[ \"0000:03:00.0\" ]`."));
        KEYS.put("usbctrl", new KeySpec("usbctrl", ValueType.LIST, List.of(), null, null, "all", null, null, "Virtual USB controllers."));
        KEYS.put("usbdev", new KeySpec("usbdev", ValueType.LIST, List.of(), null, null, "all", null, null, "USB devices passed through."));
        KEYS.put("p9", new KeySpec("p9", ValueType.LIST, List.of(), null, null, "all", null, null, "9pfs shares: `[ \"tag=share,path=/srv/share,security_model=none\" ]`."));
        KEYS.put("vtpm", new KeySpec("vtpm", ValueType.LIST, List.of(), null, null, "all", null, null, "Virtual TPMs backed by a vTPM domain."));
        KEYS.put("pvcalls", new KeySpec("pvcalls", ValueType.LIST, List.of(), null, null, "all", null, null, "PV calls connections: `[ \"backend=domain-id\" ]`."));
        KEYS.put("vdispl", new KeySpec("vdispl", ValueType.LIST, List.of(), null, null, "all", null, null, "Virtual display devices."));
        KEYS.put("vsnd", new KeySpec("vsnd", ValueType.LIST, List.of(), null, null, "all", null, null, "Virtual sound cards: a list of lists of CARD/PCM/STREAM item strings."));
        KEYS.put("virtio", new KeySpec("virtio", ValueType.LIST, List.of(), null, null, "all", null, null, "Virtio devices (`type=virtio,device<N>,transport=mmio`)."));
        KEYS.put("dtdev", new KeySpec("dtdev", ValueType.LIST, List.of(), null, null, "all", null, null, "Host device-tree nodes passed through (Arm)."));
        key("rdm", ValueType.STRING, "hvm", "Reserved device memory: `\"strategy=host,policy=strict\"` (HVM/x86 only).");
        num("rdm_mem_boundary", 0, MAX_MEMORY_MIB, "MiB", "hvm", "Boundary for RDM conflict handling. Default 2048.");
        bool("pci_permissive", "all", "Default `permissive` for passed-through PCI devices.");
        bool("pci_msitranslate", "all", "Default `msitranslate` for passed-through PCI devices.");
        bool("pci_seize", "all", "Default `seize` for passed-through PCI devices.");
        bool("pci_power_mgmt", "hvm", "Default `power_mgmt` for passed-through PCI devices (HVM only).");
        key("device_tree", ValueType.STRING, "all", "A partial device tree whose /passthrough node is copied into the guest's (Arm).");
        bool("xend_suspend_evtchn_compat", "all", "Old xend behaviour for the suspend event channel path. Default 0.");
        num("vmtrace_buf_kb", 0, 16384L, "KiB", "hvm", "Size of the per-vCPU vmtrace (processor trace) buffer; 0 disables (Intel PT: a power of 2 from 4 KiB to 16 MiB).");
        bool("vpmu", "all", "Give the guest access to the PMU registers (Arm only, experimental).");
        num("xenstore_feature_mask", 0, 0xFFFF_FFFFL, null, "all", "Xenstore features visible to the guest (bit 0: reconnect, bit 1: error indication). Default 0xffffffff.");
        enumKey("tee", List.of("none", "optee", "ffa"), "all", "Trusted Execution Environment mediation (Arm only).");
        key("sve", ValueType.STRING, "all", "Arm SVE maximum vector length (\"disabled\", \"128\" ... \"2048\", \"hw\"); AArch64 guests only.");
        KEYS.put("llc_colors", new KeySpec("llc_colors", ValueType.LIST, List.of(), null, null, "all", null, null, "Last-level-cache colours for the guest (Arm)."));
        KEYS.put("nr_spis", new KeySpec("nr_spis", ValueType.NUMBER_OR_STRING, List.of(), null, null, "all", null, null, "Number of SPIs to allocate (Arm)."));
        enumKey("hdtype", List.of("ide", "ahci"), "hvm", "Emulated disk controller. Default `ide`.");
        bool("nx", "hvm", "Expose the No-eXecute capability (needs PAE).");
        bool("acpi_laptop_slate", "hvm", "Include the Windows laptop/slate mode switch device in ACPI. Default 0.");
        deprecated("altp2mhvm", ValueType.BOOLEAN, List.of(), "hvm", "use `altp2m`", "HVM guest access to alternate p2m views.");
        num("altp2m_count", 1, null, null, "hvm", "Maximum number of alternate p2m views. Default 10.");
        key("acpi_firmware", ValueType.STRING, "hvm", "File with extra ACPI tables (AML) for the guest.");
        key("smbios_firmware", ValueType.STRING, "hvm", "File with SMBIOS structures for the guest.");
        KEYS.put("smbios", new KeySpec("smbios", ValueType.LIST, List.of(), null, null, "hvm", null, null, "SMBIOS values: `[ \"bios_vendor=...\", \"system_product_name=...\" ]`."));
        enumKey("ms_vm_genid", List.of("generate", "none"), "hvm", "VM generation ID for Windows guests.");
        bool("xen_platform_pci_bar_uc", "hvm", "Map the platform device BAR uncacheable in the MTRRs. Default 1.");
        bool("hvm_pirq", "hvm", "Let the guest route device interrupts over event channels. Default 0.");
        bool("nographic", "hvm", "Disable the emulated graphics device.");
        key("vnclisten", ValueType.STRING, "all", "VNC listen address, `ADDRESS[:DISPLAYNUM]`.");
        num("vncdisplay", 0, null, null, "all", "VNC display number (TCP port 5900 + N).");
        bool("vncunused", "all", "Find a free VNC port.");
        key("vncpasswd", ValueType.STRING, "all", "VNC password (empty: no authentication).");
        key("keymap", ValueType.STRING, "all", "Keyboard map of the display, e.g. `en-us` (the default), `de`, `fr`.");
        key("display", ValueType.STRING, "all", "X display for SDL.");
        key("xauthority", ValueType.STRING, "all", "X authority file for SDL.");
        bool("spice", "hvm", "Enable the SPICE display protocol.");
        key("spicehost", ValueType.STRING, "hvm", "SPICE listen address.");
        num("spiceport", 0, 65535L, null, "hvm", "SPICE port.");
        num("spicetls_port", 0, 65535L, null, "hvm", "SPICE TLS port.");
        bool("spicedisable_ticketing", "hvm", "Allow SPICE clients without a password.");
        key("spicepasswd", ValueType.STRING, "hvm", "SPICE password.");
        bool("spiceagent_mouse", "hvm", "SPICE agent mouse mode. Default 1.");
        bool("spicevdagent", "hvm", "Enable the SPICE vdagent.");
        bool("spice_clipboard_sharing", "hvm", "SPICE clipboard sharing (needs spicevdagent).");
        num("spiceusbredirection", 0, 4L, null, "hvm", "Number of SPICE USB redirection channels.");
        enumKey("spice_image_compression", List.of("auto_glz", "auto_lz", "quic", "glz", "lz", "off"), "hvm", "SPICE image compression.");
        enumKey("spice_streaming_video", List.of("filter", "all", "off"), "hvm", "SPICE streaming video.");
        bool("vkb_device", "hvm", "Give the HVM guest a PV keyboard when `vkb` is unset. Default 1.");
        num("usbversion", 0, 3L, null, "hvm", "Emulated USB bus: 1, 2 or 3 (0: none).");
        enumKey("vendor_device", List.of("none", "xenserver"), "hvm", "Variant of QEMU's xen-pvdevice.");
        KEYS.put("serial", new KeySpec("serial", ValueType.STRING_OR_LIST, List.of(), null, null, "hvm", null, null,
                "HVM serial ports for the device model: `\"pty\"`, `\"file:/tmp/guest.log\"`, or a list. PV guests use the PV console instead."));
        bool("vnc", "hvm|pv", "Enable a VNC display of the emulated graphics (HVM) or framebuffer.");
        bool("sdl", "hvm|pv", "Enable an SDL window for the emulated graphics.");
        KEYS.put("vga", new KeySpec("vga", ValueType.ENUM, List.of("stdvga", "cirrus", "none", "qxl"), null, null, "hvm", null, null, "The emulated graphics card. Default `cirrus`."));
        deprecated("stdvga", ValueType.BOOLEAN, List.of(), "hvm", "use `vga=\"stdvga\"`", "Emulate a standard VGA card with VBE instead of Cirrus.");
        num("videoram", 1, 2048L, "MiB", "hvm", "Video memory for the emulated card, in MiB.");
        KEYS.put("usbdevice", new KeySpec("usbdevice", ValueType.STRING_OR_LIST, List.of(), null, null, "hvm", null, null, "Emulated USB devices, e.g. `\"tablet\"`."));
        bool("usb", "hvm", "Enable USB emulation in the device model.");
        KEYS.put("soundhw", new KeySpec("soundhw", ValueType.STRING, List.of("hda", "ac97", "es1370", "adlib", "cs4231a", "gus", "sb16"), null, null, "hvm", null, null, "Emulated sound card."));
        bool("xen_platform_pci", "hvm", "Expose the Xen platform PCI device (vendor 0x5853, device 0x0001) so the guest can find Xen and use PV drivers. Default 1.");

        // ---- Guest-type-specific ----
        bool("acpi", "hvm|pvh", "Expose ACPI tables (power button, vCPU hot-plug). Default 1.");
        bool("apic", "hvm", "Expose a local APIC (deprecated in favour of the CPU policy).");
        bool("pae", "hvm", "Expose PAE to the guest. Default 1.");
        bool("acpi_s3", "hvm", "Allow suspend-to-RAM (S3).");
        bool("acpi_s4", "hvm", "Allow suspend-to-disk (S4).");
        KEYS.put("viridian", new KeySpec("viridian", ValueType.STRING_OR_LIST, List.of(), null, null, "hvm", null, null,
                "Hyper-V (Viridian) enlightenments for Windows guests: `1`/`0`, or a list like `[ \"defaults\", \"time_ref_count\" ]`. "
                + "With Viridian on, Xen's CPUID leaves move to 0x40000100."));
        bool("hap", "hvm|pvh", "Use hardware-assisted paging (EPT/NPT) when available. Default 1; 0 forces shadow paging.");
        bool("nestedhvm", "hvm|pvh", "Let the guest run its own hypervisor (nested virtualisation). Default 0.");
        bool("oos", "hvm", "Out-of-sync shadow page tables. Default 1.");
        bool("hpet", "hvm", "Emulate a HPET. Default 1.");
        bool("vpt_align", "hvm", "Align virtual periodic timers to reduce wake-ups. Default 1.");
        enumKey("timer_mode", List.of("delay_for_missed_ticks", "no_delay_for_missed_ticks", "no_missed_ticks_pending", "one_missed_tick_pending"),
                "hvm|pvh", "How missed timer ticks are delivered to an HVM guest.");
        enumKey("tsc_mode", List.of("default", "always_emulate", "native", "native_paravirt"), "all", "How the TSC is provided to the guest: `default` (native when monotonic, else emulated), `always_emulate` (fixed 1 GHz), `native`. "
                + "`native_paravirt` has been removed; giving a number is deprecated.");
        bool("localtime", "all", "Set the emulated RTC to local time instead of UTC.");
        num("rtc_timeoffset", Long.MIN_VALUE + 1, null, "seconds", "hvm", "Offset of the emulated RTC from the host clock, in seconds.");
        bool("nomigrate", "all", "Forbid migration (allows features that cannot migrate, like invariant TSC).");
        KEYS.put("gfx_passthru", new KeySpec("gfx_passthru", ValueType.NUMBER_OR_STRING, List.of(), null, null, "hvm", null, null, "Pass the host's graphics card through as the primary display."));
        enumKey("passthrough", List.of("disabled", "enabled", "sync_pt", "share_pt", "default"), "all", "Whether (and how) the domain may get passthrough devices (IOMMU page tables).");
        KEYS.put("iomem", new KeySpec("iomem", ValueType.LIST, List.of(), null, null, "all", null, null, "Machine memory ranges (IOMEM_START,NUM_PAGES) the guest may map."));
        KEYS.put("ioports", new KeySpec("ioports", ValueType.LIST, List.of(), null, null, "all", null, null, "I/O port ranges the guest may access (e.g. `[ \"2f8-2ff\" ]`); a PV kernel still needs PHYSDEVOP_set_iopl to use in/out."));
        KEYS.put("irqs", new KeySpec("irqs", ValueType.LIST, List.of(), null, null, "all", null, null, "Physical IRQs the guest may bind (EVTCHNOP_bind_pirq)."));
        enumKey("vuart", List.of("sbsa_uart"), "all", "An emulated UART for the guest's console (Arm only; `sbsa_uart`).");
        enumKey("gic_version", List.of("v2", "v3", "default"), "all", "Emulated GIC version (Arm only).");
        KEYS.put("altp2m", new KeySpec("altp2m", ValueType.ENUM, List.of("disabled", "mixed", "external", "limited"), null, null, "hvm", null, null, "Alternate p2m views (for introspection)."));
        KEYS.put("mca_caps", new KeySpec("mca_caps", ValueType.STRING, List.of(), null, null, "hvm", null, null, "Machine-check capabilities exposed to the guest (`lmce`)."));
        num("max_event_channels", 1, 131072L, null, "all", "Maximum event channels the domain may use. Default 1023.");
        KEYS.put("dm_restrict", new KeySpec("dm_restrict", ValueType.BOOLEAN, List.of(), 0L, 1L, "hvm", null, null, "Restrict the device model's privileges."));
        KEYS.put("xenstore_max_nodes", new KeySpec("xenstore_max_nodes", ValueType.NUMBER, List.of(), 1L, null, "all", null, null, "Xenstore node quota for the domain."));
    }

    private XlCfgSchema() {
    }

    public static Optional<KeySpec> get(String key) {
        return Optional.ofNullable(KEYS.get(key));
    }

    public static Collection<KeySpec> all() {
        return KEYS.values();
    }

    /** Known keys within edit distance 2 (3 for long keys) of an unknown one, closest first. */
    public static List<String> suggestions(String unknown) {
        if (SUGGESTIONS.size() > 4096) SUGGESTIONS.clear();
        return SUGGESTIONS.computeIfAbsent(unknown, XlCfgSchema::computeSuggestions);
    }

    private static final Map<String, List<String>> SUGGESTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<String> computeSuggestions(String unknown) {
        List<String> r = new ArrayList<>();
        int best = Integer.MAX_VALUE;
        int limit = unknown.length() > 8 ? 3 : 2;
        for (String k : KEYS.keySet()) {
            if (Math.abs(k.length() - unknown.length()) > limit) continue; // the distance is at least that
            int d = EditDistance.of(unknown, k);
            if (d > limit) continue;
            if (d < best) {
                best = d;
                r.clear();
            }
            if (d == best) r.add(k);
        }
        return List.copyOf(r);
    }
}
