/* Hosted test program: captures its own registers and stack at a known call depth and prints them,
 * so the unwinder can be run on the snapshot and compared with gdb's backtrace of the same program. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

volatile int sink;
static uintptr_t stack_top;
static unsigned char copy[65536];

__attribute__((noinline)) void snap(int tag)
{
    uint64_t rip, rsp, rbp;
    __asm__ volatile("lea 0(%%rip), %0\n\tmov %%rsp, %1\n\tmov %%rbp, %2" : "=r"(rip), "=r"(rsp), "=r"(rbp));
    size_t n = stack_top - rsp;
    if (n > sizeof copy)
        n = sizeof copy;
    memcpy(copy, (void *)rsp, n);
    printf("regs %lx %lx %lx %d\n", (unsigned long)rip, (unsigned long)rsp, (unsigned long)rbp, tag);
    printf("stack %lx %zu\n", (unsigned long)rsp, n);
    for (size_t i = 0; i < n; i++)
        printf("%02x", copy[i]);
    printf("\n");
    sink = tag;
}

__attribute__((noinline)) int level3(int n)
{
    if (n > 0) {
        int r = level3(n - 1);
        sink += r;
        return r + 1;
    }
    snap(n);
    return sink + 1;
}

__attribute__((noinline)) int level2(int n)
{
    char buf[64];
    for (int i = 0; i < 64; i++)
        buf[i] = (char)(i * n);
    int r = level3(2) + buf[n & 63];
    sink += r;
    return r;
}

static int (*volatile indirect)(int) = level2;

__attribute__((noinline)) int level1(int n)
{
    int r = indirect(n + 1);
    sink += r;
    return r * 2;
}

int main(void)
{
    int local = 0;
    stack_top = (uintptr_t)&local + 512;
    int r = level1(3);
    return r == 12345;
}
