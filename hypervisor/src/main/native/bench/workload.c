/*
 * The CPU benchmark workload: integer arithmetic, loads and stores over a 64 KiB array, branches and
 * calls. Each iteration fills the array with xorshift64 numbers, takes its CRC-32 (table-driven),
 * sorts it (recursive quicksort, insertion sort for short runs) and checks the order, then folds all
 * of it into a checksum. Freestanding: the same file runs as a flat binary on the emulated CPU
 * (entry.S) and natively (host_main.c), which gives the expected checksum.
 */
#include <stdint.h>

#define MAX_WORDS 16384 /* 64 KiB of uint32_t */

static uint32_t array[MAX_WORDS];
static uint32_t crc_table[256];
static uint64_t rng_state;

static uint64_t xorshift64(void) {
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static void crc32_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[i] = c;
    }
}

__attribute__((noinline)) static uint32_t crc32(const uint8_t *p, uint64_t n) {
    uint32_t c = 0xffffffffu;
    for (uint64_t i = 0; i < n; i++) {
        c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    }
    return ~c;
}

__attribute__((noinline)) static void insertion_sort(uint32_t *a, long lo, long hi) {
    for (long i = lo + 1; i <= hi; i++) {
        uint32_t v = a[i];
        long j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

__attribute__((noinline)) static void quicksort(uint32_t *a, long lo, long hi) {
    while (hi - lo > 16) {
        uint32_t x = a[lo], y = a[(lo + hi) / 2], z = a[hi];
        uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                uint32_t t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                j--;
            }
        }
        /* Recurse into the smaller part, loop on the larger: bounded stack depth. */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion_sort(a, lo, hi);
}

/* Runs the workload; returns the checksum. words is clamped to [2, 16384]. */
uint64_t bench_main(uint64_t iterations, uint64_t words) {
    if (words > MAX_WORDS) words = MAX_WORDS;
    if (words < 2) words = 2;
    crc32_init();
    rng_state = 0x9e3779b97f4a7c15ull;
    uint64_t sum = 0xcbf29ce484222325ull;
    for (uint64_t it = 0; it < iterations; it++) {
        for (uint64_t i = 0; i < words; i++) {
            array[i] = (uint32_t)xorshift64();
        }
        uint32_t crc = crc32((const uint8_t *)array, words * 4);
        quicksort(array, 0, (long)words - 1);
        uint64_t ordered = 0;
        for (uint64_t i = 1; i < words; i++) {
            ordered += array[i - 1] <= array[i];
        }
        sum = (sum ^ crc) * 0x100000001b3ull;
        sum ^= ((uint64_t)array[words / 2] << 32) ^ (ordered << 7) ^ array[0];
    }
    return sum;
}
