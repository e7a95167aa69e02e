/* SPDX-License-Identifier: Apache-2.0 */
/* dma: the SystemC-side DMA engine (sc_dma) copies guest RAM through its
 * initiator socket (DMI when granted); completion comes as a PLIC
 * interrupt; the bytes are compared; a source that decodes nowhere ends
 * in STATUS.error. */
#include "../sctimer/sc_plic.h"
#include "vp_rt.h"

#define D_SRC 0x00
#define D_SRC_HI 0x04
#define D_DST 0x08
#define D_DST_HI 0x0c
#define D_LEN 0x10
#define D_CTRL 0x14
#define D_STATUS 0x18
#define D_COPIED 0x1c
#define D_DMI 0x20
#define ST_DONE 1u
#define ST_ERROR 2u

static uint8_t src[4096], dst[4096];
static volatile unsigned done_irqs, last_status;

__attribute__((interrupt("machine"), aligned(4))) void dma_handler(void);
__attribute__((interrupt("machine"), aligned(4))) void dma_handler(void)
{
    if (vp_csr_read(mcause) != CAUSE_MEI)
        vp_exit(9);
    uint32_t id = PLIC_CLAIM;
    uint32_t st = REG(SC_DMA_BASE, D_STATUS);
    if (id == SC_DMA_SRC && (st & ST_DONE)) {
        last_status = st;
        REG(SC_DMA_BASE, D_STATUS) = ST_DONE | ST_ERROR;
        done_irqs++;
    }
    if (id)
        PLIC_CLAIM = id;
}

/* Starts a transfer and sleeps until its interrupt. Returns STATUS. */
static unsigned transfer(uint64_t from, uint64_t to, uint32_t len)
{
    unsigned before = done_irqs;
    REG(SC_DMA_BASE, D_SRC) = (uint32_t)from;
    REG(SC_DMA_BASE, D_SRC_HI) = (uint32_t)(from >> 32);
    REG(SC_DMA_BASE, D_DST) = (uint32_t)to;
    REG(SC_DMA_BASE, D_DST_HI) = (uint32_t)(to >> 32);
    REG(SC_DMA_BASE, D_LEN) = len;
    REG(SC_DMA_BASE, D_CTRL) = 3; /* start, irq enable */
    while (done_irqs == before) {
        vp_csr_clear(mstatus, MSTATUS_MIE);
        if (done_irqs == before)
            __asm__ volatile("wfi");
        vp_csr_set(mstatus, MSTATUS_MIE);
    }
    return last_status;
}

static int check(const uint8_t *a, const uint8_t *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

int main(void)
{
    vp_csr_write(mtvec, (unsigned long)&dma_handler);
    plic_enable(SC_DMA_SRC);
    vp_csr_set(mie, MIP_MEIP);
    vp_csr_set(mstatus, MSTATUS_MIE);
    for (unsigned i = 0; i < sizeof(src); i++)
        src[i] = (uint8_t)(i * 7 + 3);

    unsigned st = transfer((uintptr_t)src, (uintptr_t)dst, sizeof(src));
    if ((st & ST_ERROR) || !check(src, dst, sizeof(src)) || REG(SC_DMA_BASE, D_COPIED) != sizeof(src)) {
        vp_puts("dma: copy 1 failed\n");
        return 2;
    }
    vp_puts("dma: 4096 bytes copied, equal\n");
    if (REG(SC_DMA_BASE, D_DMI) == 0) {
        vp_puts("dma: RAM was not reached through DMI\n");
        return 3;
    }
    vp_puts("dma: through DMI\n");

    /* unaligned, odd length, into a dirty destination */
    for (unsigned i = 0; i < sizeof(dst); i++)
        dst[i] = 0xee;
    st = transfer((uintptr_t)src + 3, (uintptr_t)dst + 1, 1001);
    if ((st & ST_ERROR) || !check(src + 3, dst + 1, 1001) || dst[0] != 0xee || dst[1002] != 0xee) {
        vp_puts("dma: copy 2 failed\n");
        return 4;
    }
    vp_puts("dma: 1001 unaligned bytes copied, equal, neighbours untouched\n");

    /* a source that decodes nowhere */
    st = transfer(0x50000000UL, (uintptr_t)dst, 64);
    if (!(st & ST_ERROR)) {
        vp_puts("dma: no error for an unmapped source\n");
        return 5;
    }
    vp_puts("dma: unmapped source reported as an error\n");
    vp_puts("dma: done\n");
    return 0;
}
