/* SPDX-License-Identifier: Apache-2.0 */
/* Tiny bare-metal runtime for vpbridge example firmware: UART output, finisher exit, CSR access. */
#ifndef VP_RT_H
#define VP_RT_H

#include <stdint.h>

#define VP_RT_UART_BASE     0x10000000UL /* NS16550A */
#define VP_RT_FINISHER_BASE 0x00100000UL /* SiFive test finisher */
#define VP_RT_CLINT_BASE    0x02000000UL
#define VP_RT_CLINT_MSIP     (VP_RT_CLINT_BASE + 0x0000)
#define VP_RT_CLINT_MTIMECMP (VP_RT_CLINT_BASE + 0x4000)
#define VP_RT_CLINT_MTIME    (VP_RT_CLINT_BASE + 0xbff8)
#define VP_RT_TIMEBASE_HZ   10000000UL

#if __riscv_xlen == 64
#define VP_RT_XLEN_STR "64"
#else
#define VP_RT_XLEN_STR "32"
#endif

#define vp_csr_read(csr) ({ unsigned long v_; \
    __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define vp_csr_write(csr, val) \
    __asm__ volatile("csrw " #csr ", %0" :: "rK"((unsigned long)(val)))
#define vp_csr_set(csr, val) \
    __asm__ volatile("csrs " #csr ", %0" :: "rK"((unsigned long)(val)))
#define vp_csr_clear(csr, val) \
    __asm__ volatile("csrc " #csr ", %0" :: "rK"((unsigned long)(val)))

/* Write one byte to the UART (polls LSR.THRE). */
void vp_putc(char c);
/* Write a NUL-terminated string; "\n" is sent as-is (no CR added). */
void vp_puts(const char *s);
/* Write an unsigned value in decimal / as 0x-prefixed fixed-width hex of `digits` digits. */
void vp_putdec(unsigned long v);
void vp_puthex(unsigned long v, int digits);
/* End the run through the test finisher: 0 = pass, else exit status `code` (1..0xffff). */
__attribute__((noreturn)) void vp_exit(int code);

/* 64-bit mtime / mtimecmp access that works on RV32 too. */
uint64_t vp_mtime(void);
void vp_set_mtimecmp(uint64_t when);

#endif
