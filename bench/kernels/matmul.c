/* SPDX-License-Identifier: Apache-2.0 */
/* matmul.c - bench kernel: 96x96 integer matrix multiply, repeated. */
#include <stdint.h>
#include "vp_rt.h"
#define N 96
static int32_t A[N][N], B[N][N], C[N][N];
int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) A[i][j] = i - j, B[i][j] = i * j + 1;
    int32_t s = 0;
    for (int r = 0; r < 4; r++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                int32_t t = 0;
                for (int k = 0; k < N; k++) t += A[i][k] * B[k][j];
                C[i][j] = t + r;
            }
        s += C[r][N - 1 - r];
    }
    vp_puts("matmul "); vp_puthex((uint32_t)s, 8); vp_putc('\n');
    vp_exit(0);
}
