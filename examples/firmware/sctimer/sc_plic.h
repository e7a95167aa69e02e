/* SPDX-License-Identifier: Apache-2.0 */
/* sc_plic.h - PLIC (hart0 M-mode context) and SystemC example device
 * addresses for the sctimer and dma firmware (virt-sc-rv32/64.yaml). */
#ifndef SC_PLIC_H
#define SC_PLIC_H

#include <stdint.h>

#define PLIC_BASE      0x0c000000UL
#define PLIC_PRIO(s)   (*(volatile uint32_t *)(PLIC_BASE + 4UL * (s)))
#define PLIC_ENABLE0   (*(volatile uint32_t *)(PLIC_BASE + 0x2000UL))
#define PLIC_THRESHOLD (*(volatile uint32_t *)(PLIC_BASE + 0x200000UL))
#define PLIC_CLAIM     (*(volatile uint32_t *)(PLIC_BASE + 0x200004UL))

#define SC_TIMER_BASE  0x10010000UL
#define SC_TIMER_SRC   11
#define SC_DMA_BASE    0x10011000UL
#define SC_DMA_SRC     12
#define REG(base, off) (*(volatile uint32_t *)((base) + (off)))

#define IRQ_BIT     (1UL << (__riscv_xlen - 1))
#define CAUSE_MEI   (IRQ_BIT | 11)
#define MIP_MEIP    (1UL << 11)
#define MSTATUS_MIE (1UL << 3)

static inline void plic_enable(unsigned src)
{
    PLIC_PRIO(src) = 1;
    PLIC_ENABLE0 |= 1u << src;
    PLIC_THRESHOLD = 0;
}

#endif
