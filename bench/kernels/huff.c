/* SPDX-License-Identifier: Apache-2.0 */
/* huff.c - bench kernel: Huffman coding: byte counts, a code built from them, a buffer encoded to bits
 * and decoded back through the tree, verified (compression in firmware updaters and loggers). */
#include <stdint.h>
#include "vp_rt.h"
#include "datapage.h"
#define LEN 16384
#define ROUNDS 110
static uint8_t in[LEN], out[LEN], bits[LEN * 2];
static uint32_t cnt[256];
static int16_t left[512], right[512], parent[512];
static uint32_t weight[512];
static uint32_t code[256];
static uint8_t clen[256];
static uint32_t seed = 4242u;
static uint32_t rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 16; }
static void gen(int r)
{
    for (unsigned i = 0; i < LEN; i++) { /* skewed: a few common bytes, a long tail */
        uint32_t x = rnd();
        in[i] = (x & 3) ? (uint8_t)("etaoin shrdlu"[x % 13] + r) : (uint8_t)(x >> 3);
    }
}
static int build(void) /* returns the root; nodes 0..255 are leaves */
{
    int n = 256;
    static uint8_t alive[512];
    for (int i = 0; i < 256; i++) { weight[i] = cnt[i]; alive[i] = cnt[i] != 0; left[i] = right[i] = -1; }
    for (;;) {
        int a = -1, b = -1;
        for (int i = 0; i < n; i++) {
            if (!alive[i]) continue;
            if (a < 0 || weight[i] < weight[a]) { b = a; a = i; }
            else if (b < 0 || weight[i] < weight[b]) b = i;
        }
        if (b < 0) return a;
        alive[a] = alive[b] = 0;
        weight[n] = weight[a] + weight[b]; left[n] = (int16_t)a; right[n] = (int16_t)b;
        parent[a] = parent[b] = (int16_t)n; alive[n] = 1; n++;
    }
}
static void codes(int root)
{
    for (int s = 0; s < 256; s++) {
        if (!cnt[s]) continue;
        uint32_t c = 0; int l = 0;
        for (int k = s; k != root; k = parent[k], l++) c |= (uint32_t)(right[parent[k]] == k) << l;
        code[s] = c; clen[s] = (uint8_t)l; /* bit l-1 is the first (root-side) bit */
    }
}
static uint32_t encode(void)
{
    uint32_t nb = 0;
    for (unsigned i = 0; i < LEN * 2; i++) bits[i] = 0;
    for (unsigned i = 0; i < LEN; i++) {
        uint32_t c = code[in[i]];
        for (int l = clen[in[i]] - 1; l >= 0; l--, nb++) bits[nb >> 3] |= (uint8_t)(((c >> l) & 1) << (nb & 7));
    }
    return nb;
}
static void decode(int root)
{
    uint32_t nb = 0;
    for (unsigned i = 0; i < LEN; i++) {
        int k = root;
        while (k >= 256) k = ((bits[nb >> 3] >> (nb & 7)) & 1) ? right[k] : left[k], nb++;
        out[i] = (uint8_t)k;
    }
}
int main(void)
{
    if (bench_datapage != 1) vp_exit(2);
    uint32_t h = 0;
    for (int r = 0; r < ROUNDS; r++) {
        gen(r);
        for (int i = 0; i < 256; i++) cnt[i] = 0;
        for (unsigned i = 0; i < LEN; i++) cnt[in[i]]++;
        int root = build();
        codes(root);
        uint32_t nb = encode();
        decode(root);
        for (unsigned i = 0; i < LEN; i++)
            if (out[i] != in[i]) { vp_puts("huff: decode mismatch\n"); vp_exit(1); }
        h = h * 33u + nb;
        for (unsigned i = 0; i < (nb + 7) / 8; i += 64) h = h * 5u + bits[i];
    }
    vp_puts("huff "); vp_puthex(h, 8); vp_putc('\n');
    vp_exit(0);
}
