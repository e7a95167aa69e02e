/* SPDX-License-Identifier: Apache-2.0 */
/* uartrx.c - console input by interrupt: the UART's RX interrupt (IER bit
 * 0) through PLIC source 10 to the hart's machine external interrupt; the
 * handler echoes every byte upper-cased until 'q', while the hart sleeps
 * in WFI; then "ok" (at least one interrupt was taken, and none from
 * anything else) and exit 0. test_boot_qemu feeds it through a pipe on
 * vpbridge and QEMU. */
#include "vp_rt.h"

#define UART ((volatile uint8_t *)VP_RT_UART_BASE)
#define PLIC 0x0c000000UL
#define UART_SRC 10
#define IRQ_BIT (1UL << (__riscv_xlen - 1))
#define MIE_MEIE (1UL << 11)
#define MSTATUS_MIE (1UL << 3)

static volatile unsigned irqs, bad, done;

static void reg32(unsigned long addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}

__attribute__((interrupt("machine"), aligned(4))) void rx_handler(void);
__attribute__((interrupt("machine"), aligned(4))) void rx_handler(void)
{
    if (vp_csr_read(mcause) != (IRQ_BIT | 11)) {
        bad++;
        vp_exit(3);
    }
    uint32_t src = *(volatile uint32_t *)(PLIC + 0x200004);
    if (src != UART_SRC)
        bad++;
    irqs++;
    while (UART[5] & 1) { /* LSR.DR */
        char c = (char)UART[0];
        if (c == 'q')
            done = 1;
        else
            vp_putc(c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
    }
    reg32(PLIC + 0x200004, src); /* complete */
}

int main(void)
{
    reg32(PLIC + 4 * UART_SRC, 1);          /* priority */
    reg32(PLIC + 0x2000, 1u << UART_SRC);   /* enable for hart 0, M context */
    reg32(PLIC + 0x200000, 0);              /* threshold */
    UART[1] = 1;                            /* IER: RX data available */
    vp_csr_write(mtvec, (unsigned long)rx_handler);
    vp_csr_set(mie, MIE_MEIE);
    vp_csr_set(mstatus, MSTATUS_MIE);
    while (!done)
        __asm__ volatile("wfi");
    vp_puts(irqs && !bad ? "\nok\n" : "\nno interrupt\n");
    vp_exit(irqs && !bad ? 0 : 1);
}
