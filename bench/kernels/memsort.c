/* SPDX-License-Identifier: Apache-2.0 */
/* memsort.c - bench kernel: memcpy and an in-place shell sort of 32-bit keys. */
#include <stdint.h>
#include "vp_rt.h"
#define N 20000
static uint32_t a[N], b[N];
static void copy(uint32_t *d, const uint32_t *s, unsigned n) { while (n--) *d++ = *s++; }
int main(void)
{
    uint32_t x = 12345, sum = 0;
    for (unsigned i = 0; i < N; i++) a[i] = x = x * 1103515245u + 12345u;
    for (int round = 0; round < 8; round++) {
        copy(b, a, N);
        for (unsigned gap = N / 2; gap; gap /= 2)
            for (unsigned i = gap; i < N; i++) {
                uint32_t t = b[i]; unsigned j = i;
                for (; j >= gap && b[j - gap] > t; j -= gap) b[j] = b[j - gap];
                b[j] = t;
            }
        sum += b[round * 7] ^ b[N - 1 - round];
    }
    vp_puts("memsort "); vp_puthex(sum, 8); vp_putc('\n');
    vp_exit(0);
}
