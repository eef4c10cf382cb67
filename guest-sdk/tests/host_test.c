/*
 * Host-side unit tests of the guest library's pure code (vsnprintf, string
 * helpers, the ring macros) and of the ABI layouts, built with the host
 * compiler: `make -C guest-sdk check`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenscope/lib.h>
#include <xenscope/hypercall.h>
#include <xenscope/time.h>
#include <xen/io/console.h>
#include <xen/io/xs_wire.h>
#include <xen/io/ring.h>

/* printk.c wants a console. */
void console_write(const char *buf, size_t len) { fwrite(buf, 1, len, stdout); }

static int failures;

#define EXPECT_FMT(expect, ...) do {                                        \
    char b_[128];                                                           \
    int n_ = snprintf(b_, sizeof(b_), __VA_ARGS__);                         \
    if (strcmp(b_, expect) || n_ != (int)strlen(expect)) {                  \
        printf("FAIL %s:%d: got \"%s\" (%d), want \"%s\"\n", __FILE__,      \
               __LINE__, b_, n_, expect);                                   \
        failures++;                                                         \
    }                                                                       \
} while (0)

#define EXPECT(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

struct req { uint64_t id; uint8_t pad[56]; };
struct rsp { uint64_t id; int16_t status; };
DEFINE_RING_TYPES(test, struct req, struct rsp);

int main(void)
{
    EXPECT_FMT("42", "%d", 42);
    EXPECT_FMT("-42", "%d", -42);
    EXPECT_FMT("-9223372036854775808", "%ld", (long)(-9223372036854775807L - 1));
    EXPECT_FMT("4294967295", "%u", 4294967295u);
    EXPECT_FMT("ff", "%x", 255);
    EXPECT_FMT("FF", "%X", 255);
    EXPECT_FMT("0x1f", "%#x", 31);
    EXPECT_FMT("ffffffff80000000", "%lx", 0xffffffff80000000UL);
    EXPECT_FMT("18446744073709551615", "%llu", 18446744073709551615ULL);
    EXPECT_FMT("0xffffffff80001000", "%p", (void *)0xffffffff80001000UL);
    EXPECT_FMT("0x0000000000000010", "%p", (void *)16);
    EXPECT_FMT("  7", "%3d", 7);
    EXPECT_FMT("007", "%03d", 7);
    EXPECT_FMT("-07", "%03d", -7);
    EXPECT_FMT("7  |", "%-3d|", 7);
    EXPECT_FMT("00000000deadbeef", "%016lx", 0xdeadbeefUL);
    EXPECT_FMT("ab   |", "%-5s|", "ab");
    EXPECT_FMT("   ab", "%5s", "ab");
    EXPECT_FMT("x", "%c", 'x');
    EXPECT_FMT("100%", "%d%%", 100);
    const char *volatile nullstr = NULL;
    EXPECT_FMT("(null)", "%s", nullstr);
    EXPECT_FMT("17", "%zu", (size_t)17);
    EXPECT_FMT("-1", "%hd", 65535);
    EXPECT_FMT("0", "%#x", 0);
    EXPECT_FMT("0X1F", "%#X", 31);
    EXPECT_FMT("  0x1f", "%#6x", 31);
    EXPECT_FMT("0x001f", "%#06x", 31);

    char small[4];
    int n = snprintf(small, sizeof(small), "%s", "truncated");
    EXPECT(n == 9 && !strcmp(small, "tru"));

    const char *end;
    EXPECT(simple_strtoul("1234x", &end, 10) == 1234 && *end == 'x');
    EXPECT(simple_strtoul("0x7ff0", &end, 0) == 0x7ff0 && *end == 0);
    char d[8];
    EXPECT(strlcpy(d, "abcdefghij", sizeof(d)) == 10 && !strcmp(d, "abcdefg"));
    EXPECT(strlcat(d, "x", sizeof(d)) == 8 && !strcmp(d, "abcdefg"));
    char m[8] = "abcdef";
    memmove(m + 1, m, 5);
    EXPECT(!memcmp(m, "aabcde", 6));

    /* Ring geometry: (4096 - 64) / 64 = 63 -> 32 slots. */
    static union { test_sring_t s; uint8_t page[4096]; } pg;
    test_front_ring_t fr;
    SHARED_RING_INIT(&pg.s);
    FRONT_RING_INIT(&fr, &pg.s, 4096);
    EXPECT(RING_SIZE(&fr) == 32);
    EXPECT(offsetof(test_sring_t, ring) == 64);
    EXPECT(RING_FREE_REQUESTS(&fr) == 32);
    RING_GET_REQUEST(&fr, fr.req_prod_pvt)->id = 7;
    fr.req_prod_pvt++;
    int notify;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&fr, notify);
    EXPECT(notify == 1 && pg.s.req_prod == 1);
    EXPECT(MASK_XENCONS_IDX(2049u, ((struct xencons_interface *)0)->out) == 1);
    EXPECT(MASK_XENSTORE_IDX(1025u) == 1);

    /* now_ns scaling: mul is a 32.32 fraction; shift pre-scales the TSC delta. */
    EXPECT(pvclock_scale_delta(1000000, 0x80000000u, -1) == 250000);   /* /2 then *0.5 */
    EXPECT(pvclock_scale_delta(1000, 0x80000000u, 1) == 1000);         /* *2 then *0.5 */
    EXPECT(pvclock_scale_delta(3000000000ULL, 0xaaaaaaabu, 0) == 2000000000ULL);  /* 3 GHz -> ns*2/3 */
    EXPECT(pvclock_scale_delta(1ULL << 40, 0xffffffffu, 0) == (1ULL << 40) - 256);  /* no overflow */

    if (failures) {
        printf("guest-sdk host tests: %d failure(s)\n", failures);
        return 1;
    }
    printf("guest-sdk host tests: ok\n");
    return 0;
}
