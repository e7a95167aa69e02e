/* SPDX-License-Identifier: Apache-2.0 */
/* Tiny bare-metal runtime for vpbridge example firmware: UART output, finisher exit, CLINT timer. */
#include "vp_rt.h"

#define REG8(a)  (*(volatile uint8_t *)(a))
#define REG32(a) (*(volatile uint32_t *)(a))

#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20

void vp_putc(char c)
{
    while (!(REG8(VP_RT_UART_BASE + UART_LSR) & UART_LSR_THRE))
        ;
    REG8(VP_RT_UART_BASE + UART_THR) = (uint8_t)c;
}

void vp_puts(const char *s)
{
    while (*s)
        vp_putc(*s++);
}

void vp_putdec(unsigned long v)
{
    char buf[24];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        vp_putc(buf[--n]);
}

void vp_puthex(unsigned long v, int digits)
{
    vp_puts("0x");
    for (int i = digits - 1; i >= 0; i--)
        vp_putc("0123456789abcdef"[(v >> (4 * i)) & 0xf]);
}

void vp_exit(int code)
{
    uint32_t v = code == 0 ? 0x5555u : (0x3333u | ((uint32_t)code << 16));
    REG32(VP_RT_FINISHER_BASE) = v;
    for (;;)
        __asm__ volatile("wfi");
}

uint64_t vp_mtime(void)
{
#if __riscv_xlen == 64
    return *(volatile uint64_t *)VP_RT_CLINT_MTIME;
#else
    uint32_t hi, lo;
    do {
        hi = REG32(VP_RT_CLINT_MTIME + 4);
        lo = REG32(VP_RT_CLINT_MTIME);
    } while (hi != REG32(VP_RT_CLINT_MTIME + 4));
    return ((uint64_t)hi << 32) | lo;
#endif
}

void vp_set_mtimecmp(uint64_t when)
{
#if __riscv_xlen == 64
    *(volatile uint64_t *)VP_RT_CLINT_MTIMECMP = when;
#else
    /* Raise the high word first so no spurious match occurs in between. */
    REG32(VP_RT_CLINT_MTIMECMP + 4) = 0xffffffffu;
    REG32(VP_RT_CLINT_MTIMECMP) = (uint32_t)when;
    REG32(VP_RT_CLINT_MTIMECMP + 4) = (uint32_t)(when >> 32);
#endif
}

void vp_rt_unexpected_trap(unsigned long cause, unsigned long epc, unsigned long tval);

__attribute__((noreturn))
void vp_rt_unexpected_trap(unsigned long cause, unsigned long epc, unsigned long tval)
{
    vp_puts("unexpected trap: mcause=");
    vp_puthex(cause, (int)sizeof(long) * 2);
    vp_puts(" mepc=");
    vp_puthex(epc, (int)sizeof(long) * 2);
    vp_puts(" mtval=");
    vp_puthex(tval, (int)sizeof(long) * 2);
    vp_putc('\n');
    vp_exit(125);
}
