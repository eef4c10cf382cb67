/* A freestanding "kernel": no libc, entered at _start. */
#include "util.h"

unsigned long checksum(const unsigned char *p, unsigned long n);
int fib(int n);
void mem_fill(unsigned char *p, unsigned char v, unsigned long n);

static unsigned char buffer[256];
volatile int sink;

struct ops {
    int (*apply)(int);
};

static int twice(int x)
{
    return 2 * x;
}

static int thrice(int x)
{
    return 3 * x;
}

static const struct ops table[] = { { twice }, { thrice } };

__attribute__((noinline)) int classify(int v)
{
    switch (v & 7) {
    case 0:
        return 10;
    case 1:
        return 20;
    case 3:
        return clamp(v, 0, 100);
    case 5:
        sink = v;
        return 40;
    default:
        break;
    }

    /* a comment line with no code */

    return -1;
}

__attribute__((noinline)) int dispatch(int which, int x)
{
    int r = table[which & 1].apply(x);
    sink = r;
    return r + 1;
}

__attribute__((noinline)) int deep(int n)
{
    if (n <= 0) {
        sink = fib(5);
        return sink;
    }
    int r = deep(n - 1);
    sink += r;
    return r + n;
}

void kernel_main(void)
{
    int total = 0;
    mem_fill(buffer, 0x5a, sizeof buffer);
    total += (int)checksum(buffer, sizeof buffer);
    for (int i = 0; i < 16; i++)
        total += classify(i);
    total += dispatch(0, 7) + dispatch(1, 9);
    total += deep(4);
    sink = total;
    for (;;)
        __asm__ volatile("hlt");
}

__attribute__((section(".text.start"))) void _start(void)
{
    kernel_main();
}
