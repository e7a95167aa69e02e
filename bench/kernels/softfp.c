/* SPDX-License-Identifier: Apache-2.0 */
/* softfp.c - bench kernel: float and double arithmetic on a core without F/D (libgcc soft-float
 * calls): a filter, a polynomial, Newton square roots and int<->float conversions (sensor/control
 * firmware). */
#include <stdint.h>
#include "vp_rt.h"
#include "datapage.h"
#define N 256
#define ROUNDS 260
static float xs[N], ys[N];
static double acc[N];
static uint32_t fbits(float f) { union { float f; uint32_t u; } v = { .f = f }; return v.u; }
static uint64_t dbits(double d) { union { double d; uint64_t u; } v = { .d = d }; return v.u; }
static double dsqrt(double x) /* Newton iterations; x > 0 */
{
    double g = x > 1.0 ? x * 0.5 : 1.0;
    for (int i = 0; i < 8; i++) g = 0.5 * (g + x / g);
    return g;
}
int main(void)
{
    if (bench_datapage != 1) vp_exit(2);
    uint32_t seed = 1u, h = 0;
    for (int i = 0; i < N; i++) {
        seed = seed * 1664525u + 1013904223u;
        xs[i] = (float)(int32_t)(seed >> 12) / 4096.0f - 64.0f;
    }
    for (int r = 0; r < ROUNDS; r++) {
        float a = 0.9f - (float)r * 0.001f, y = 0.0f; /* one-pole IIR low-pass */
        for (int i = 0; i < N; i++) { y = a * y + (1.0f - a) * xs[i]; ys[i] = y; }
        for (int i = 0; i < N; i++) { /* Horner polynomial in double, then a square root */
            double x = (double)ys[i] * 0.01;
            double p = ((((0.0083 * x - 0.1666) * x + 0.5) * x - 1.0) * x + 2.0);
            acc[i] += dsqrt(p * p + 1.0) - (double)i / 7.0;
        }
        int32_t q = 0;
        for (int i = 0; i < N; i++) q += (int32_t)(ys[i] * 16.0f) + (int32_t)(acc[i] / 1024.0);
        h = h * 31u + (uint32_t)q + fbits(ys[(r * 7) & (N - 1)]);
        for (int i = 0; i < N; i++) xs[i] = xs[i] * 0.999f + (float)(i & 15) * 0.01f;
    }
    uint64_t d = 0;
    for (int i = 0; i < N; i++) d = d * 3u + dbits(acc[i]);
    vp_puts("softfp "); vp_puthex(h, 8); vp_putc(' '); vp_puthex((uint32_t)(d ^ (d >> 32)), 8); vp_putc('\n');
    vp_exit(0);
}
