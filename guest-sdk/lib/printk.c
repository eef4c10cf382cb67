/* SPDX-License-Identifier: MIT */
/* A small vsnprintf and printk on top of the console. */
#include <xenscope/lib.h>
#include <xenscope/console.h>

struct out {
    char *buf;
    size_t size, len;   /* len counts every character, stored or not */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

/* prefix: leading characters (sign, 0x) that zero padding goes after. */
static void put_padded(struct out *o, const char *s, size_t n, int width, bool left, char pad,
                       size_t prefix)
{
    int fill = width > (int)n ? width - (int)n : 0;
    if (pad == '0') {
        for (; prefix && n; prefix--, n--)
            put(o, *s++);
    }
    if (!left)
        while (fill-- > 0)
            put(o, pad);
    while (n--)
        put(o, *s++);
    if (left)
        while (fill-- > 0)
            put(o, ' ');
}

static size_t utoa(char *tmp, unsigned long long v, unsigned int base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char rev[24];
    size_t n = 0, i;
    do {
        rev[n++] = digits[v % base];
        v /= base;
    } while (v);
    for (i = 0; i < n; i++)
        tmp[i] = rev[n - 1 - i];
    return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    char tmp[32];

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        bool left = false, alt = false;
        char pad = ' ';
        for (;; fmt++) {
            if (*fmt == '-')
                left = true;
            else if (*fmt == '#')
                alt = true;
            else if (*fmt == '0')
                pad = '0';
            else
                break;
        }
        int width = 0;
        if (*fmt == '*') {
            width = va_arg(ap, int);
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9')
                width = width * 10 + (*fmt++ - '0');
        }
        int lng = 0;   /* 0 int, 1 long, 2 long long, -1 short */
        for (;; fmt++) {
            if (*fmt == 'l')
                lng++;
            else if (*fmt == 'z')
                lng = 1;
            else if (*fmt == 'h')
                lng = -1;
            else
                break;
        }
        if (left)
            pad = ' ';

        unsigned long long u;
        long long s;
        size_t n;
        switch (*fmt) {
        case 'd':
        case 'i':
            s = lng >= 2 ? va_arg(ap, long long) : lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
            if (lng < 0)
                s = (short)s;
            n = 0;
            if (s < 0) {
                tmp[n++] = '-';
                u = (unsigned long long)(-(s + 1)) + 1;
            } else {
                u = (unsigned long long)s;
            }
            n += utoa(tmp + n, u, 10, 0);
            put_padded(&o, tmp, n, width, left, pad, tmp[0] == '-');
            break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            u = lng >= 2 ? va_arg(ap, unsigned long long)
                : lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            if (lng < 0)
                u = (unsigned short)u;
            n = 0;
            size_t prefix = 0;
            if (alt && u && *fmt != 'u') {     /* C: 0x/0X/0 prefix for non-zero values */
                tmp[n++] = '0';
                if (*fmt != 'o')
                    tmp[n++] = *fmt;
                prefix = n;
            }
            n += utoa(tmp + n, u, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, *fmt == 'X');
            put_padded(&o, tmp, n, width, left, pad, prefix);
            break;
        case 'p':
            tmp[0] = '0';
            tmp[1] = 'x';
            u = (unsigned long)va_arg(ap, void *);
            n = utoa(tmp + 2, u, 16, 0);
            /* always 16 digits, zero padded */
            {
                char full[20] = "0x";
                size_t z = 16 - n, i;
                for (i = 0; i < z; i++)
                    full[2 + i] = '0';
                memcpy(full + 2 + z, tmp + 2, n);
                put_padded(&o, full, 18, width, left, ' ', 0);
            }
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            put_padded(&o, str, strlen(str), width, left, ' ', 0);
            break;
        }
        case 'c':
            tmp[0] = (char)va_arg(ap, int);
            put_padded(&o, tmp, 1, width, left, ' ', 0);
            break;
        case '%':
            put(&o, '%');
            break;
        case '\0':
            fmt--;
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int vprintk(const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;
    console_write(buf, len);
    return n;
}

int printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintk(fmt, ap);
    va_end(ap);
    return n;
}
