/* SPDX-License-Identifier: Apache-2.0 */
/* recsort.c - bench kernel: an array of records (structs) sorted by a key through a generic quicksort
 * that calls a comparator through a pointer and swaps element bytes (qsort-style firmware tables). */
#include <stdint.h>
#include <stddef.h>
#include "vp_rt.h"
#include "datapage.h"
#define NOINLINE __attribute__((noinline))
#define N 3000
#define ROUNDS 55
struct rec { uint32_t key; uint16_t id; uint8_t prio; uint8_t flags; char name[8]; int32_t val; };
static struct rec recs[N];
typedef int (*cmp_fn)(const void *, const void *);
static NOINLINE int by_key(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}
static NOINLINE int by_prio_name(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->prio != y->prio) return x->prio < y->prio ? -1 : 1;
    for (int i = 0; i < 8; i++)
        if (x->name[i] != y->name[i]) return (unsigned char)x->name[i] < (unsigned char)y->name[i] ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}
static NOINLINE void swap(void *a, void *b, size_t size)
{
    uint32_t *p = a, *q = b; /* records are word-aligned, sizes a multiple of 4 */
    for (size_t i = 0; i < size / 4; i++) { uint32_t t = p[i]; p[i] = q[i]; q[i] = t; }
}
static NOINLINE void sort(char *base, size_t n, size_t size, cmp_fn cmp)
{
    while (n > 8) {
        char *mid = base + (n / 2) * size, *last = base + (n - 1) * size;
        if (cmp(mid, base) < 0) swap(mid, base, size); /* median of three into base */
        if (cmp(last, base) < 0) swap(last, base, size);
        if (cmp(last, mid) < 0) swap(last, mid, size);
        swap(base, mid, size);
        size_t i = 1, j = n - 1;
        for (;;) {
            while (i < n && cmp(base + i * size, base) < 0) i++;
            while (cmp(base + j * size, base) > 0) j--;
            if (i >= j) break;
            swap(base + i * size, base + j * size, size);
            i++; j--;
        }
        swap(base, base + j * size, size);
        if (j < n - j - 1) { sort(base, j, size, cmp); base += (j + 1) * size; n -= j + 1; }
        else { sort(base + (j + 1) * size, n - j - 1, size, cmp); n = j; }
    }
    for (size_t i = 1; i < n; i++) /* insertion sort for short runs */
        for (size_t j = i; j > 0 && cmp(base + (j - 1) * size, base + j * size) > 0; j--)
            swap(base + (j - 1) * size, base + j * size, size);
}
static NOINLINE int check(const struct rec *r, size_t n, cmp_fn cmp)
{
    for (size_t i = 1; i < n; i++)
        if (cmp(&r[i - 1], &r[i]) > 0) return 0;
    return 1;
}
int main(void)
{
    if (bench_datapage != 1) vp_exit(2);
    uint32_t s = 1, h = 0;
    for (int round = 0; round < ROUNDS; round++) {
        for (unsigned i = 0; i < N; i++) {
            s = s * 1664525u + 1013904223u;
            recs[i].key = s >> 4; recs[i].id = (uint16_t)i; recs[i].prio = (uint8_t)(s & 7);
            recs[i].flags = (uint8_t)round; recs[i].val = (int32_t)(s ^ 0x5555);
            for (int k = 0; k < 8; k++) recs[i].name[k] = (char)('a' + ((s >> (k * 3)) % 6));
        }
        sort((char *)recs, N, sizeof(struct rec), by_key);
        if (!check(recs, N, by_key)) { vp_puts("recsort: not sorted by key\n"); vp_exit(1); }
        h = h * 31u + recs[N / 3].key + recs[round].id;
        sort((char *)recs, N, sizeof(struct rec), by_prio_name);
        if (!check(recs, N, by_prio_name)) { vp_puts("recsort: not sorted by name\n"); vp_exit(1); }
        for (unsigned i = 0; i < N; i += 97) h = h * 31u + recs[i].id + (uint32_t)recs[i].val;
    }
    vp_puts("recsort "); vp_puthex(h, 8); vp_putc('\n');
    vp_exit(0);
}
