/* SPDX-License-Identifier: Apache-2.0 */
/* htif: ends the run through Spike HTIF tohost (exit code HTIF_CODE); prints nothing. */
#include <stdint.h>

#ifndef HTIF_CODE
#define HTIF_CODE 0
#endif

volatile uint64_t tohost __attribute__((section(".tohost"), aligned(8), used));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(8), used));

int main(void)
{
    /* Some arithmetic so the program does more than one store. */
    volatile unsigned sum = 0;
    for (unsigned i = 1; i <= 100; i++)
        sum += i;
    unsigned code = sum == 5050 ? HTIF_CODE : 99;
    uint64_t cmd = ((uint64_t)code << 1) | 1;
#if __riscv_xlen == 32
    /* Low word first: hosts (QEMU, Spike) act when the high word is written. */
    volatile uint32_t *th = (volatile uint32_t *)&tohost;
    th[0] = (uint32_t)cmd;
    th[1] = (uint32_t)(cmd >> 32);
#else
    tohost = cmd;
#endif
    for (;;)
        __asm__ volatile("wfi");
}
