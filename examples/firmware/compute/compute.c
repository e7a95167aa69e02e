/* SPDX-License-Identifier: Apache-2.0 */
/* compute: CPU-bound kernels (CRC32, integer matrix multiply, sorting) printing checksums. */
#include "vp_rt.h"

#define BUF_SIZE  (64 * 1024)
#define MAT_N     48
#define SORT_N    8192
#define ROUNDS    4

static uint8_t buf[BUF_SIZE];
static int32_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];
static uint32_t arr[SORT_N], tmp[SORT_N];
static uint32_t crc_table[256];

static uint32_t lcg_state = 12345;

static uint32_t lcg(void)
{
    lcg_state = lcg_state * 1103515245u + 12345u;
    return lcg_state;
}

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0xedb88320u : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32(const uint8_t *p, uint32_t size)
{
    uint32_t c = 0xffffffffu;
    for (uint32_t i = 0; i < size; i++)
        c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static uint32_t matmul(void)
{
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            mat_a[i][j] = (int32_t)(lcg() >> 16) - 32768;
            mat_b[i][j] = (int32_t)(lcg() >> 20) - 2048;
        }
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            int32_t s = 0;
            for (int k = 0; k < MAT_N; k++)
                s += mat_a[i][k] * mat_b[k][j];
            mat_c[i][j] = s;
        }
    uint32_t h = 0;
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++)
            h = h * 31u + (uint32_t)mat_c[i][j] + (uint32_t)(mat_c[i][j] / 7) + (uint32_t)(mat_c[i][j] % 13);
    return h;
}

/* Bottom-up merge sort. */
static void sort(uint32_t *a, uint32_t count)
{
    for (uint32_t w = 1; w < count; w *= 2) {
        for (uint32_t lo = 0; lo < count; lo += 2 * w) {
            uint32_t mid = lo + w < count ? lo + w : count;
            uint32_t hi = lo + 2 * w < count ? lo + 2 * w : count;
            uint32_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        for (uint32_t i = 0; i < count; i++)
            a[i] = tmp[i];
    }
}

static void print_line(const char *what, unsigned round, uint32_t value)
{
    vp_puts(what);
    vp_puts("[");
    vp_putdec(round);
    vp_puts("] = ");
    vp_puthex(value, 8);
    vp_putc('\n');
}

int main(void)
{
    uint32_t total = 0;
    crc_init();
    for (unsigned r = 0; r < ROUNDS; r++) {
        for (uint32_t i = 0; i < BUF_SIZE; i++)
            buf[i] = (uint8_t)(lcg() >> 24);
        uint32_t crc = crc32(buf, BUF_SIZE);
        print_line("crc32", r, crc);

        uint32_t mh = matmul();
        print_line("matmul", r, mh);

        for (uint32_t i = 0; i < SORT_N; i++)
            arr[i] = lcg();
        sort(arr, SORT_N);
        uint32_t sh = 0;
        for (uint32_t i = 0; i < SORT_N; i++) {
            if (i && arr[i - 1] > arr[i]) {
                vp_puts("compute: sort failed\n");
                return 1;
            }
            sh = (sh << 5 | sh >> 27) ^ arr[i];
        }
        print_line("sort", r, sh);
        total ^= crc ^ mh ^ sh;
    }
    vp_puts("known-answer crc32(\"123456789\") = ");
    vp_puthex(crc32((const uint8_t *)"123456789", 9), 8);
    vp_putc('\n');
    print_line("total", ROUNDS, total);
    return crc32((const uint8_t *)"123456789", 9) == 0xcbf43926u ? 0 : 2;
}
