# SPDX-License-Identifier: MIT
#
# guest-sdk make fragment: a 64-bit guest from one or more C files.
#
#   GUEST = hello
#   SRCS  = hello.c
#   MODE  = pv            # or pvh, hvm, hvm-realmode (default pv)
#   include ../../guest-sdk/guest.mk
#
# MODE (before the include, or on the make command line):
#   pv            Xen PV: arch/x86_64/pv/head.S (Xen notes, hypercall page
#                 filled by the domain builder), guest.lds (virt_base
#                 0xffffffff80000000, -mcmodel=kernel).
#   pvh           Xen PVH: arch/x86_64/pvh/head.S (32-bit PHYS32_ENTRY) and
#                 start.c, guest-pvh.lds (1 MiB, identity-mapped).
#   hvm           HVM, loaded by a Multiboot v1 loader: arch/x86_64/hvm/head.S
#                 and start.c, guest-hvm.lds (1 MiB). $(GUEST) is an ELF32
#                 container of the 64-bit code (what multiboot loaders take);
#                 $(GUEST).elf64 is the same image for the debugger.
#   hvm-realmode  HVM booted from a disk by the BIOS: arch/x86_64/hvm/bootsect.S
#                 (512-byte boot sector), guest-hvm-realmode.lds (0x7c00).
#                 $(GUEST).img is the raw disk; $(GUEST) the ELF for the debugger.
# pvh and the hvm modes share arch/x86_64/common (long-mode entry, IDT, Xen
# found through CPUID, COM1, isa-debug-exit) and compile the library with
# -DXS_PVH (auto-translated: pfn = gfn = physical = VA; events masked by
# RFLAGS.IF); the hvm modes add -DXS_HVM (early console on COM1).
#
# MODES = pv pvh hvm (instead of MODE) builds one image per mode from the same
# sources: $(GUEST)-pv, $(GUEST)-pvh, $(GUEST)-hvm, objects in $(BUILD)/<mode>.
#
# Targets: all, check (static checks of what a loader looks at), clean.
# Objects go to $(BUILD) (default build/); the images go next to the Makefile.

SDK := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

CC      ?= gcc

READELF ?= readelf
OBJCOPY ?= objcopy
NM      ?= nm
BUILD   ?= build

ifeq ($(origin CC),default)
CC := gcc
endif

ifneq ($(strip $(MODES)),)
.PHONY: all check clean
all check:
	@for m in $(MODES); do \
		$(MAKE) --no-print-directory MODES= MODE=$$m GUEST=$(GUEST)-$$m BUILD=$(BUILD)/$$m $@ || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(foreach m,$(MODES),$(GUEST)-$(m) $(GUEST)-$(m).elf64 $(GUEST)-$(m).img)

else
MODE ?= pv
XS_COMMON := common/entry.S common/xen.c common/pc.c
ifeq ($(MODE),pv)
XS_MODEL := -mcmodel=kernel
XS_LDS   := $(SDK)/guest.lds
XS_ARCH  := pv/head.S
else ifeq ($(MODE),pvh)
XS_MODEL := -mcmodel=small -DXS_PVH
XS_LDS   := $(SDK)/guest-pvh.lds
XS_ARCH  := pvh/head.S pvh/start.c $(XS_COMMON)
else ifeq ($(MODE),hvm)
XS_MODEL := -mcmodel=small -DXS_PVH -DXS_HVM
XS_LDS   := $(SDK)/guest-hvm.lds
XS_ARCH  := hvm/head.S hvm/start.c $(XS_COMMON)
else ifeq ($(MODE),hvm-realmode)
XS_MODEL := -mcmodel=small -DXS_PVH -DXS_HVM
XS_LDS   := $(SDK)/guest-hvm-realmode.lds
XS_ARCH  := hvm/bootsect.S hvm/start.c $(XS_COMMON)
else
$(error MODE must be pv, pvh, hvm or hvm-realmode, not $(MODE))
endif

# Freestanding 64-bit kernel code: PV linked in the top 2 GiB (-mcmodel=kernel),
# the others below 4 GiB on their identity map (-mcmodel=small).
# No red zone: Xen (PV) and the CPU (PVH/HVM) write frames below the kernel's rsp.
# No SSE/AVX: nothing saves FPU state across events.
XS_CFLAGS := -std=gnu11 -ffreestanding -fno-builtin -fno-pic -fno-pie -fno-plt \
	$(XS_MODEL) -mno-red-zone -mno-sse -mno-mmx -mno-sse2 -mno-avx -mno-80387 \
	-fno-stack-protector -fno-stack-clash-protection -fcf-protection=none \
	-fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
	-fno-omit-frame-pointer -fno-strict-aliasing \
	-O2 -g -gdwarf-5 -Wall -Wextra -Werror -Wno-unused-parameter \
	'-DXS_MODE_NAME="$(MODE)"' -I$(SDK)/include
XS_ASFLAGS := $(filter -D%,$(XS_MODEL)) -D__ASSEMBLY__ -g -gdwarf-5 -I$(SDK)/include -Wa,--noexecstack
XS_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=4096 \
	-Wl,-z,noexecstack -Wl,-T,$(XS_LDS) -Wl,--no-warn-rwx-segments

# The .S stubs include only the #define-only headers (xen/elfnote.h, xen/hypercall-nr.h, ...).
SDK_SRCS := $(wildcard $(SDK)/lib/*.c)
SDK_OBJS := $(patsubst $(SDK)/lib/%.c,$(BUILD)/sdk/%.o,$(SDK_SRCS)) \
	$(patsubst %,$(BUILD)/sdk/arch/%.o,$(basename $(XS_ARCH)))
GUEST_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(SRCS))
SDK_HDRS := $(wildcard $(SDK)/include/xen/*.h $(SDK)/include/xen/*/*.h $(SDK)/include/xenscope/*.h)

# What `make` leaves next to the Makefile: the image a loader boots, and for
# hvm the ELF64 the debugger reads (the loader gets an ELF32 container of it),
# for hvm-realmode the raw disk image (the ELF is the debugger's).
ifeq ($(MODE),hvm)
XS_LINKED := $(GUEST).elf64
XS_OUTPUTS := $(GUEST) $(GUEST).elf64
else ifeq ($(MODE),hvm-realmode)
XS_LINKED := $(GUEST)
XS_OUTPUTS := $(GUEST) $(GUEST).img
else
XS_LINKED := $(GUEST)
XS_OUTPUTS := $(GUEST)
endif

.PHONY: all check clean
all: $(XS_OUTPUTS)

$(XS_LINKED): $(GUEST_OBJS) $(SDK_OBJS) $(XS_LDS)
	$(CC) $(XS_CFLAGS) $(XS_LDFLAGS) -o $@ $(GUEST_OBJS) $(SDK_OBJS)

ifeq ($(MODE),hvm)
# Multiboot v1 loaders (QEMU's -kernel among them) take ELF32 only; the code
# stays 64-bit. Xen's own build does the same for its multiboot image.
$(GUEST): $(GUEST).elf64
	$(OBJCOPY) -O elf32-i386 $< $@
endif

ifeq ($(MODE),hvm-realmode)
# The disk: the boot sector, the rest of the image, zeros to a whole MiB.
$(GUEST).img: $(GUEST)
	$(OBJCOPY) -O binary $< $@
	truncate -s %1M $@
endif

$(BUILD)/%.o: %.c $(SDK_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(XS_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/sdk/%.o: $(SDK)/lib/%.c $(SDK_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(XS_CFLAGS) -c -o $@ $<

$(BUILD)/sdk/arch/%.o: $(SDK)/arch/x86_64/%.c $(SDK_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(XS_CFLAGS) -c -o $@ $<

$(BUILD)/sdk/arch/%.o: $(SDK)/arch/x86_64/%.S $(SDK_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(XS_ASFLAGS) -c -o $@ $<

# Static checks on the built ELF: what a Xen PV domain builder will look at.
check: $(XS_OUTPUTS)
ifeq ($(MODE),pvh)
	@$(READELF) -n $(GUEST) | grep -q 'Xen.*0x00000012\|PHYS32_ENTRY\|Unknown note type: (0x00000012)' \
		|| { echo "$(GUEST): no XEN_ELFNOTE_PHYS32_ENTRY note" >&2; exit 1; }
else ifeq ($(MODE),pv)
	@$(SDK)/tools/check-pv-elf.sh $(GUEST)
else ifeq ($(MODE),hvm)
	@$(READELF) -h $(GUEST) | grep -q 'ELF32' \
		|| { echo "$(GUEST): not an ELF32 container (multiboot loaders need one)" >&2; exit 1; }
else
	@test "$$(od -An -tx1 -j510 -N2 $(GUEST).img | tr -d ' ')" = 55aa \
		|| { echo "$(GUEST).img: no 0x55aa boot signature" >&2; exit 1; }
endif

clean:
	rm -rf $(BUILD) $(XS_OUTPUTS)
endif
