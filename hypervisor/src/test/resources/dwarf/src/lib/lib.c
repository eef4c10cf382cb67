/* A second compilation unit, in a subdirectory. */
#include "util.h"

unsigned long checksum(const unsigned char *p, unsigned long n)
{
    unsigned long h = 0x1234;

    for (unsigned long i = 0; i < n; i++) {
        h ^= p[i];
        h = rotl(h, 5);
    }
    return h;
}

int fib(int n)
{
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

void mem_fill(unsigned char *p, unsigned char v, unsigned long n)
{
    while (n--)
        *p++ = v;
}
