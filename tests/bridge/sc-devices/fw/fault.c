/* SPDX-License-Identifier: Apache-2.0 */
/* fault: a SystemC device answering TLM_GENERIC_ERROR_RESPONSE and an
 * address that decodes nowhere both give the guest access faults. */
#include "vp_rt.h"

static volatile unsigned long cause, tval;

__attribute__((interrupt("machine"), aligned(4))) void fault_handler(void);
__attribute__((interrupt("machine"), aligned(4))) void fault_handler(void)
{
    cause = vp_csr_read(mcause);
    tval = vp_csr_read(mtval);
    vp_csr_write(mepc, vp_csr_read(mepc) + 4); /* the accesses below are 4-byte insns */
}

static void report(const char *what, unsigned long want)
{
    vp_puts(what);
    vp_puts(cause == want ? ": access fault\n" : ": WRONG cause\n");
    if (cause != want)
        vp_exit(2);
    cause = 0;
}

int main(void)
{
    vp_csr_write(mtvec, (unsigned long)&fault_handler);
    volatile uint32_t *err = (volatile uint32_t *)0x10020000UL, *none = (volatile uint32_t *)0x50000000UL;
    uint32_t v;
    __asm__ volatile(".option push\n.option norvc\nlw %0, 0(%1)\n.option pop" : "=r"(v) : "r"(err));
    report("systemc error response, load", 5);
    __asm__ volatile(".option push\n.option norvc\nsw %0, 4(%1)\n.option pop" ::"r"(v), "r"(err));
    report("systemc error response, store", 7);
    __asm__ volatile(".option push\n.option norvc\nlw %0, 0(%1)\n.option pop" : "=r"(v) : "r"(none));
    report("undecoded address, load", 5);
    vp_puts("fault: done\n");
    return 0;
}
