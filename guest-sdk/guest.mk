# SPDX-License-Identifier: MIT
#
# guest-sdk make fragment: a 64-bit Xen PV (default) or PVH guest from one or
# more C files.
#
#   GUEST = hello
#   SRCS  = hello.c
#   include ../../guest-sdk/guest.mk
#
# MODE = pvh (before the include, or on the make command line) builds a PVH
# guest instead: arch/x86_64/pvh/head.S (32-bit PHYS32_ENTRY, own page tables,
# hypercall page through MSR 0x40000000), guest-pvh.lds (linked at 1 MiB,
# identity-mapped), -DXS_PVH for the library.
#
# Targets: all (the ELF $(GUEST)), check (static checks of the ELF: Xen notes,
# entry, hypercall page, load addresses), clean.
# Objects go to $(BUILD) (default build/); the ELF is $(GUEST) next to the Makefile.

SDK := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

CC      ?= gcc

READELF ?= readelf
NM      ?= nm
BUILD   ?= build

ifeq ($(origin CC),default)
CC := gcc
endif

MODE ?= pv
ifeq ($(MODE),pvh)
XS_MODEL := -mcmodel=small -DXS_PVH
XS_LDS   := $(SDK)/guest-pvh.lds
XS_HEAD  := $(SDK)/arch/x86_64/pvh/head.S
XS_ARCH_SRCS := $(SDK)/arch/x86_64/pvh/start.c
else ifeq ($(MODE),pv)
XS_MODEL := -mcmodel=kernel
XS_LDS   := $(SDK)/guest.lds
XS_HEAD  := $(SDK)/arch/x86_64/pv/head.S
XS_ARCH_SRCS :=
else
$(error MODE must be pv or pvh, not $(MODE))
endif

# Freestanding 64-bit PV kernel code, linked in the top 2 GiB (-mcmodel=kernel).
# No red zone: Xen writes exception and event frames below the kernel's rsp.
# No SSE/AVX: nothing saves FPU state across events.
XS_CFLAGS := -std=gnu11 -ffreestanding -fno-builtin -fno-pic -fno-pie -fno-plt \
	$(XS_MODEL) -mno-red-zone -mno-sse -mno-mmx -mno-sse2 -mno-avx -mno-80387 \
	-fno-stack-protector -fno-stack-clash-protection -fcf-protection=none \
	-fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
	-fno-omit-frame-pointer -fno-strict-aliasing \
	-O2 -g -gdwarf-5 -Wall -Wextra -Werror -Wno-unused-parameter \
	-I$(SDK)/include
XS_ASFLAGS := $(filter -DXS_PVH,$(XS_MODEL)) -D__ASSEMBLY__ -g -gdwarf-5 -I$(SDK)/include -Wa,--noexecstack
XS_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=4096 \
	-Wl,-z,noexecstack -Wl,-T,$(XS_LDS) -Wl,--no-warn-rwx-segments

# head.S includes only the #define-only headers (xen/elfnote.h, xen/hypercall-nr.h).
SDK_SRCS := $(wildcard $(SDK)/lib/*.c)
SDK_OBJS := $(patsubst $(SDK)/lib/%.c,$(BUILD)/sdk/%.o,$(SDK_SRCS)) $(BUILD)/sdk/head.o \
	$(patsubst $(SDK)/arch/x86_64/pvh/%.c,$(BUILD)/sdk/pvh-%.o,$(XS_ARCH_SRCS))
GUEST_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(SRCS))
SDK_HDRS := $(wildcard $(SDK)/include/xen/*.h $(SDK)/include/xen/io/*.h $(SDK)/include/xen/hvm/*.h \
	$(SDK)/include/xenscope/*.h)

.PHONY: all check clean
all: $(GUEST)

$(GUEST): $(GUEST_OBJS) $(SDK_OBJS) $(XS_LDS)
	$(CC) $(XS_CFLAGS) $(XS_LDFLAGS) -o $@ $(GUEST_OBJS) $(SDK_OBJS)

$(BUILD)/%.o: %.c $(SDK_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(XS_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/sdk/%.o: $(SDK)/lib/%.c $(SDK_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(XS_CFLAGS) -c -o $@ $<

$(BUILD)/sdk/pvh-%.o: $(SDK)/arch/x86_64/pvh/%.c $(SDK_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(XS_CFLAGS) -c -o $@ $<

$(BUILD)/sdk/head.o: $(XS_HEAD) $(SDK_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(XS_ASFLAGS) -c -o $@ $<

# Static checks on the built ELF: what a Xen PV domain builder will look at.
check: $(GUEST)
ifeq ($(MODE),pvh)
	@$(READELF) -n $(GUEST) | grep -q 'Xen.*0x00000012\|PHYS32_ENTRY\|Unknown note type: (0x00000012)' \
		|| { echo "$(GUEST): no XEN_ELFNOTE_PHYS32_ENTRY note" >&2; exit 1; }
else
	@$(SDK)/tools/check-pv-elf.sh $(GUEST)
endif

clean:
	rm -rf $(BUILD) $(GUEST)
