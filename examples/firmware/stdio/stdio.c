/* SPDX-License-Identifier: Apache-2.0 */
/* stdio: picolibc printf/puts/putchar routed to the UART; exits with status 42 via exit(). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vp_rt.h"

static int uart_put(char c, FILE *f)
{
    (void)f;
    vp_putc(c);
    return (unsigned char)c;
}

static FILE uart_stream = FDEV_SETUP_STREAM(uart_put, NULL, NULL, _FDEV_SETUP_WRITE);
FILE *const stdout = &uart_stream;
FILE *const stderr = &uart_stream;
FILE *const stdin = &uart_stream;

/* picolibc's exit() ends here. */
void _exit(int status)
{
    vp_exit(status);
}

static unsigned long fib(unsigned n)
{
    unsigned long a = 0, b = 1;
    while (n--) {
        unsigned long t = a + b;
        a = b;
        b = t;
    }
    return a;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    char buf[64];
    int v[8] = { 42, -7, 1000, 3, -12345, 99, 0, 17 };

    puts("stdio: picolibc on the UART");
    printf("xlen=%u sizeof(long)=%u sizeof(void*)=%u\n", (unsigned)__riscv_xlen,
           (unsigned)sizeof(long), (unsigned)sizeof(void *));
    printf("int: %d %i %+d [%5d] [%-5d] [%05d]\n", -42, 7, 7, 42, 42, 42);
    printf("unsigned: %u %lu\n", 4000000000u, 123456789UL);
    printf("hex: %x %X %#x %08x\n", 0xdeadbeefu, 0xcafeu, 255u, 0x1234u);
    printf("long long: %lld %llx\n", -9000000000000000000LL, 0x0123456789abcdefULL);
    printf("string: [%s] [%10s] [%-10s] [%.3s]\n", "vp", "right", "left", "truncate");
    printf("char: %c%c%c\n", 'o', 'k', '!');
    for (unsigned i = 10; i <= 50; i += 20)
        printf("fib(%u) = %lu\n", i, fib(i));
    qsort(v, 8, sizeof v[0], cmp_int);
    printf("sorted:");
    for (int i = 0; i < 8; i++)
        printf(" %d", v[i]);
    putchar('\n');
    snprintf(buf, sizeof buf, "%s-%d-%x", "snprintf", 12, 0xab);
    printf("%s len=%u\n", buf, (unsigned)strlen(buf));
    printf("strtol: %ld\n", strtol("-123456", NULL, 10));
    fputs("exiting with status 42\n", stdout);
    exit(42);
}
