/* SPDX-License-Identifier: Apache-2.0 */
/* sha.c - bench kernel: a rotate-heavy SHA-256-like compression function (own constants, 64 rounds, a
 * 64-word message schedule) hashing a buffer repeatedly (firmware image checks). Not SHA-256. */
#include <stdint.h>
#include "vp_rt.h"
#include "datapage.h"
#define LEN 16384
#define ROUNDS 900
static uint32_t K[64];
static uint32_t msg[LEN / 4];
static uint32_t ror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
static void compress(uint32_t st[8], const uint32_t *m)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++) w[i] = m[i];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    st[0] += a; st[1] += b; st[2] += c; st[3] += d; st[4] += e; st[5] += f; st[6] += g; st[7] += h;
}
int main(void)
{
    if (bench_datapage != 1) vp_exit(2);
    uint32_t x = 0x6a09e667u;
    for (int i = 0; i < 64; i++) K[i] = x = ror(x * 0x9e3779b1u + 0x7f4a7c15u, 11);
    for (unsigned i = 0; i < LEN / 4; i++) msg[i] = x = x * 1103515245u + 12345u;
    uint32_t st[8] = { 0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u,
                       0x55555555u, 0x66666666u, 0x77777777u, 0x88888888u };
    for (int r = 0; r < ROUNDS; r++) {
        for (unsigned i = 0; i < LEN / 4; i += 16) compress(st, &msg[i]);
        msg[r] ^= st[r & 7];
    }
    vp_puts("sha");
    for (int i = 0; i < 8; i++) { vp_putc(' '); vp_puthex(st[i], 8); }
    vp_putc('\n');
    vp_exit(0);
}
