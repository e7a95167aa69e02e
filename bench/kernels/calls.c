/* SPDX-License-Identifier: Apache-2.0 */
/* calls.c - bench kernel: recursion and call/return-heavy code: recursive tree walks, a recursive
 * descent evaluator and small non-inlined helpers. */
#include <stdint.h>
#include "vp_rt.h"
#include "datapage.h"
#define NOINLINE __attribute__((noinline))
#define TREE 2047
#define ROUNDS 300
struct tnode { struct tnode *l, *r; int32_t v; };
static struct tnode tn[TREE];
static unsigned used;
static NOINLINE int32_t mix(int32_t a, int32_t b) { return (a * 3) ^ (b + 7); }
static NOINLINE int32_t clamp(int32_t v) { return v > 100000 ? v - 100000 : v < -100000 ? v + 100000 : v; }
static NOINLINE struct tnode *build(int depth, int32_t v)
{
    if (depth == 0 || used >= TREE) return 0;
    struct tnode *n = &tn[used++];
    n->v = v;
    n->l = build(depth - 1, mix(v, depth));
    n->r = build(depth - 1, mix(depth, v));
    return n;
}
static NOINLINE int32_t sum(const struct tnode *n) { return n ? clamp(n->v + sum(n->l) + sum(n->r)) : 0; }
static NOINLINE int depth(const struct tnode *n)
{
    if (!n) return 0;
    int a = depth(n->l), b = depth(n->r);
    return 1 + (a > b ? a : b);
}
static NOINLINE void mirror(struct tnode *n)
{
    if (!n) return;
    struct tnode *t = n->l; n->l = n->r; n->r = t;
    mirror(n->l); mirror(n->r);
}
static NOINLINE uint32_t inorder(const struct tnode *n, uint32_t h)
{
    if (!n) return h;
    h = inorder(n->l, h);
    h = h * 33u + (uint32_t)n->v;
    return inorder(n->r, h);
}
/* Recursive descent over a generated expression:
 * expr = term {+ term}; term = factor {* factor}; factor = digit | (expr). */
static const char *ep;
static NOINLINE int32_t expr(void);
static NOINLINE int peek(void) { return *ep; }
static NOINLINE void next(void) { ep++; }
static NOINLINE int32_t factor(void)
{
    if (peek() == '(') { next(); int32_t v = expr(); next(); return v; }
    int32_t v = peek() - '0'; next(); return v;
}
static NOINLINE int32_t term(void)
{
    int32_t v = factor();
    while (peek() == '*') { next(); v = clamp(v * factor()); }
    return v;
}
static NOINLINE int32_t expr(void)
{
    int32_t v = term();
    while (peek() == '+') { next(); v = clamp(v + term()); }
    return v;
}
static char ebuf[4096];
static unsigned epos;
static uint32_t seed = 7u;
static NOINLINE uint32_t rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 16; }
static NOINLINE void gen(int d)
{
    if (d > 6 || rnd() % 3 == 0) { ebuf[epos++] = (char)('0' + rnd() % 10); return; }
    ebuf[epos++] = '(';
    gen(d + 1);
    ebuf[epos++] = rnd() & 1 ? '+' : '*';
    gen(d + 1);
    ebuf[epos++] = ')';
}
static NOINLINE uint32_t ack(uint32_t m, uint32_t n) /* small Ackermann: deep call/return chains */
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
int main(void)
{
    if (bench_datapage != 1) vp_exit(2);
    uint32_t h = 0;
    for (int r = 0; r < ROUNDS; r++) {
        used = 0;
        struct tnode *root = build(11, r);
        h += (uint32_t)sum(root) + (uint32_t)depth(root);
        mirror(root);
        h = inorder(root, h);
        epos = 0;
        while (epos < sizeof(ebuf) - 512) { gen(0); ebuf[epos++] = '+'; }
        ebuf[epos++] = '0'; ebuf[epos] = 0;
        ep = ebuf;
        h ^= (uint32_t)expr();
        h += ack(2, 40 + (r & 7));
    }
    vp_puts("calls "); vp_puthex(h, 8); vp_putc('\n');
    vp_exit(0);
}
