/* SPDX-License-Identifier: Apache-2.0 */
/* smcpage.c - bench kernel: a loop that stores to data placed in .text,
 * on the same 4 KiB page as the loop's own code. Per-page invalidation
 * (QEMU) throws the translation away on every store; vpbridge only drops
 * blocks whose bytes overlap the store. */
#include <stdint.h>
#include "vp_rt.h"
__attribute__((section(".text.zsmcdata"), aligned(16))) static volatile uint32_t slot[4];
__attribute__((section(".text.zsmcloop"), noinline)) static uint32_t run(uint32_t n)
{
    uint32_t acc = 0;
    for (uint32_t i = 0; i < n; i++) {
        slot[i & 3] = acc;
        acc = acc * 7 + i;
    }
    return acc;
}
int main(void)
{
    uint32_t r = run(300000);
    vp_puts("smcpage "); vp_puthex(r, 8); vp_putc('\n');
    vp_exit(0);
}
