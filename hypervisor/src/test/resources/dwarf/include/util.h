/* Small helpers that get inlined at -O2 (line-table rows from a header file). */
#ifndef UTIL_H
#define UTIL_H
static inline unsigned long rotl(unsigned long x, int n)
{
    return (x << n) | (x >> (64 - n));
}

static inline int clamp(int v, int lo, int hi)
{
    if (v < lo)
        return lo;
    if (v > hi)
        return hi;
    return v;
}
#endif
