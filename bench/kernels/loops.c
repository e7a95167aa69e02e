/* SPDX-License-Identifier: Apache-2.0 */
/* loops.c - bench kernel: integer loop nest (adds, shifts, multiplies). */
#include "vp_rt.h"
int main(void)
{
    unsigned long acc = 1;
    for (unsigned i = 0; i < 3000; i++)
        for (unsigned j = 0; j < 2000; j++)
            acc = acc * 31 + (i ^ j) + (acc >> 7);
    vp_puts("loops "); vp_puthex(acc, 8); vp_putc('\n');
    vp_exit(0);
}
