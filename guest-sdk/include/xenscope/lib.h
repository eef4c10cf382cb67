/* SPDX-License-Identifier: MIT */
/* Freestanding helpers: barriers, string/memory functions, bit operations, printk. */
#ifndef XENSCOPE_LIB_H
#define XENSCOPE_LIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __noreturn __attribute__((noreturn))
#define __printf(f, a) __attribute__((format(printf, f, a)))
#define __aligned(n) __attribute__((aligned(n)))
#define __page_aligned_bss __attribute__((section(".bss.page_aligned"), aligned(4096)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* x86 is TSO: loads and stores stay ordered; only store->load needs mfence. */
#define barrier() __asm__ __volatile__("" ::: "memory")
#define rmb()     barrier()
#define wmb()     barrier()
#define mb()      __asm__ __volatile__("mfence" ::: "memory")
#define READ_ONCE(x)     (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define cpu_relax() __asm__ __volatile__("pause" ::: "memory")

/* ---- string / memory ------------------------------------------------------- */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *dst, const char *src);
size_t strlcpy(char *dst, const char *src, size_t size);
size_t strlcat(char *dst, const char *src, size_t size);
char *strchr(const char *s, int c);
/* Decimal (or 0x-prefixed hex) to unsigned long; *end set past the digits. */
unsigned long simple_strtoul(const char *s, const char **end, unsigned int base);

/* ---- bit operations (atomic ones use a lock prefix: shared with Xen) ---- */
static inline void set_bit(unsigned long nr, volatile void *addr)
{ __asm__ __volatile__("lock btsq %1, %0" : "+m"(*(volatile long *)addr) : "Ir"(nr) : "memory"); }

static inline void clear_bit(unsigned long nr, volatile void *addr)
{ __asm__ __volatile__("lock btrq %1, %0" : "+m"(*(volatile long *)addr) : "Ir"(nr) : "memory"); }

static inline bool test_and_set_bit(unsigned long nr, volatile void *addr)
{
    bool old;
    __asm__ __volatile__("lock btsq %2, %1" : "=@ccc"(old), "+m"(*(volatile long *)addr) : "Ir"(nr) : "memory");
    return old;
}

static inline bool test_and_clear_bit(unsigned long nr, volatile void *addr)
{
    bool old;
    __asm__ __volatile__("lock btrq %2, %1" : "=@ccc"(old), "+m"(*(volatile long *)addr) : "Ir"(nr) : "memory");
    return old;
}

static inline bool test_bit(unsigned long nr, const volatile void *addr)
{
    return (((const volatile unsigned long *)addr)[nr / 64] >> (nr % 64)) & 1;
}

/* Index of the lowest set bit; word must not be 0. */
static inline unsigned int find_first_set(unsigned long word)
{ return (unsigned int)__builtin_ctzl(word); }

static inline unsigned long xchg_ulong(volatile unsigned long *p, unsigned long v)
{
    __asm__ __volatile__("xchgq %0, %1" : "+r"(v), "+m"(*p) : : "memory");
    return v;
}

/* The SDM name of exception vector `vector` ("page fault"), "?" past the known ones. */
const char *xs_trap_name(unsigned long vector);

/* ---- printk ---------------------------------------------------------------------- */
/*
 * %d %i %u %x %X %o %p %s %c %% with l/ll/z/h length modifiers, field width,
 * '0' padding, '-' left alignment and '#' (0x prefix). %p prints 0x + 16 hex digits.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vprintk(const char *fmt, va_list ap);
int printk(const char *fmt, ...) __printf(1, 2);

/* Stop the domain with SHUTDOWN_crash after printing the message. */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define BUG_ON(c) do { if (unlikely(c)) panic("BUG_ON(%s) at %s:%d", #c, __FILE__, __LINE__); } while (0)

#endif
