/* SPDX-License-Identifier: Apache-2.0 */
/* aes.c - bench kernel: a table-driven AES-like block cipher (own S-box, four 1 KiB T-tables, 10
 * rounds of lookups and XORs) encrypting a buffer in CBC mode (firmware crypto). Not AES. */
#include <stdint.h>
#include "vp_rt.h"
#include "datapage.h"
#define LEN 8192
#define ROUNDS 950
static uint8_t sbox[256];
static uint32_t T0[256], T1[256], T2[256], T3[256];
static uint32_t rk[44];
static uint32_t buf[LEN / 4];
static uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }
static uint8_t xt(uint8_t b) { return (uint8_t)((b << 1) ^ ((b & 0x80) ? 0x1b : 0)); }
static void tables(void)
{
    uint32_t s = 0x9e3779b9u;
    for (int i = 0; i < 256; i++) sbox[i] = (uint8_t)i;
    for (int i = 255; i > 0; i--) { /* a fixed permutation: Fisher-Yates with an LCG */
        s = s * 1664525u + 1013904223u;
        int j = (int)((s >> 8) % (uint32_t)(i + 1));
        uint8_t t = sbox[i]; sbox[i] = sbox[j]; sbox[j] = t;
    }
    for (int i = 0; i < 256; i++) {
        uint8_t a = sbox[i], b = xt(a), c = (uint8_t)(b ^ a);
        T0[i] = (uint32_t)b << 24 | (uint32_t)a << 16 | (uint32_t)a << 8 | c;
        T1[i] = rotl(T0[i], 8); T2[i] = rotl(T0[i], 16); T3[i] = rotl(T0[i], 24);
    }
}
static void keys(const uint32_t k[4])
{
    for (int i = 0; i < 4; i++) rk[i] = k[i];
    for (int i = 4; i < 44; i++) {
        uint32_t t = rk[i - 1];
        if (i % 4 == 0)
            t = ((uint32_t)sbox[(t >> 16) & 255] << 24 | (uint32_t)sbox[(t >> 8) & 255] << 16 |
                 (uint32_t)sbox[t & 255] << 8 | sbox[t >> 24]) ^ (uint32_t)(i * 0x01010101u);
        rk[i] = rk[i - 4] ^ t;
    }
}
static void block(uint32_t s[4])
{
    uint32_t a = s[0] ^ rk[0], b = s[1] ^ rk[1], c = s[2] ^ rk[2], d = s[3] ^ rk[3];
    for (int r = 1; r < 10; r++) {
        const uint32_t *k = &rk[r * 4];
        uint32_t e = T0[a >> 24] ^ T1[(b >> 16) & 255] ^ T2[(c >> 8) & 255] ^ T3[d & 255] ^ k[0];
        uint32_t f = T0[b >> 24] ^ T1[(c >> 16) & 255] ^ T2[(d >> 8) & 255] ^ T3[a & 255] ^ k[1];
        uint32_t g = T0[c >> 24] ^ T1[(d >> 16) & 255] ^ T2[(a >> 8) & 255] ^ T3[b & 255] ^ k[2];
        uint32_t h = T0[d >> 24] ^ T1[(a >> 16) & 255] ^ T2[(b >> 8) & 255] ^ T3[c & 255] ^ k[3];
        a = e; b = f; c = g; d = h;
    }
    s[0] = ((uint32_t)sbox[a >> 24] << 24 | (uint32_t)sbox[(b >> 16) & 255] << 16 |
            (uint32_t)sbox[(c >> 8) & 255] << 8 | sbox[d & 255]) ^ rk[40];
    s[1] = ((uint32_t)sbox[b >> 24] << 24 | (uint32_t)sbox[(c >> 16) & 255] << 16 |
            (uint32_t)sbox[(d >> 8) & 255] << 8 | sbox[a & 255]) ^ rk[41];
    s[2] = ((uint32_t)sbox[c >> 24] << 24 | (uint32_t)sbox[(d >> 16) & 255] << 16 |
            (uint32_t)sbox[(a >> 8) & 255] << 8 | sbox[b & 255]) ^ rk[42];
    s[3] = ((uint32_t)sbox[d >> 24] << 24 | (uint32_t)sbox[(a >> 16) & 255] << 16 |
            (uint32_t)sbox[(b >> 8) & 255] << 8 | sbox[c & 255]) ^ rk[43];
}
int main(void)
{
    if (bench_datapage != 1) vp_exit(2);
    static const uint32_t key[4] = { 0x01234567u, 0x89abcdefu, 0xfedcba98u, 0x76543210u };
    tables();
    keys(key);
    for (unsigned i = 0; i < LEN / 4; i++) buf[i] = i * 0x9e3779b9u;
    uint32_t iv[4] = { 1, 2, 3, 4 };
    for (int r = 0; r < ROUNDS; r++)
        for (unsigned i = 0; i < LEN / 4; i += 4) { /* CBC: each block depends on the previous one */
            for (int j = 0; j < 4; j++) buf[i + j] ^= iv[j];
            block(&buf[i]);
            for (int j = 0; j < 4; j++) iv[j] = buf[i + j];
        }
    uint32_t h = 0;
    for (unsigned i = 0; i < LEN / 4; i++) h = rotl(h, 5) ^ buf[i];
    vp_puts("aes "); vp_puthex(h, 8); vp_putc(' '); vp_puthex(iv[0], 8); vp_putc('\n');
    vp_exit(0);
}
