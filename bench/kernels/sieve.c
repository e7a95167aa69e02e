/* SPDX-License-Identifier: Apache-2.0 */
/* sieve.c - bench kernel: a sieve of Eratosthenes over odd numbers (byte flags), repeated, with a
 * count and a sum of the primes found. */
#include <stdint.h>
#include "vp_rt.h"
#include "datapage.h"
#define LIMIT 1000000u /* sieve 3..LIMIT */
#define ROUNDS 48
static uint8_t comp[LIMIT / 2 + 1];
int main(void)
{
    if (bench_datapage != 1) vp_exit(2);
    uint32_t count = 0, sum = 0;
    for (int r = 0; r < ROUNDS; r++) {
        uint32_t lim = LIMIT - (uint32_t)r * 1000u, n = 1; /* n counts 2 */
        for (uint32_t i = 0; i <= lim / 2; i++) comp[i] = 0;
        for (uint32_t p = 3; p * p <= lim; p += 2)
            if (!comp[p / 2])
                for (uint32_t q = p * p; q <= lim; q += 2 * p) comp[q / 2] = 1;
        uint32_t s = 2;
        for (uint32_t p = 3; p <= lim; p += 2)
            if (!comp[p / 2]) { n++; s += p; }
        count += n; sum = sum * 7u + s;
    }
    vp_puts("sieve "); vp_putdec(count); vp_putc(' '); vp_puthex(sum, 8); vp_putc('\n');
    vp_exit(0);
}
