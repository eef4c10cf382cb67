/* SPDX-License-Identifier: MIT */
#include <xenscope/lib.h>

/* The SDM's names of the architectural exception vectors (Vol. 3 Table 6-1). */
static const char *const trap_names[] = {
    "divide error", "debug", "NMI", "int3", "overflow", "bounds", "invalid opcode",
    "device not available", "double fault", "coprocessor segment overrun", "invalid TSS",
    "segment not present", "stack segment", "general protection", "page fault", "reserved",
    "x87 FPU error", "alignment check", "machine check", "SIMD error", "virtualisation",
    "control protection",
};

const char *xs_trap_name(unsigned long vector)
{
    return vector < ARRAY_SIZE(trap_names) ? trap_names[vector] : "?";
}
