/* SPDX-License-Identifier: Apache-2.0 */
/* fprand.c - randomized F/D differential firmware: runs every F/D operation over a table of
 * operands (random bit patterns, boundary values: +-0, subnormals, +-inf, qNaN/sNaN, max/min
 * normal, values near the integer conversion limits, ties) in every rounding mode, and prints
 * per (operation, rounding mode) an FNV-1a hash of all results and fflags, plus the OR of the
 * flags. QEMU and vpbridge (both executors) must print the same bytes (fpdiff.sh). */
#include <stdint.h>

#include "vp_rt.h"

#ifndef FPRAND_N
#define FPRAND_N 4000 /* operand tuples per (operation, rounding mode) */
#endif

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const uint32_t special_s[] = {
    0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000, 0x80800000,
    0x00800001, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001,
    0xff800001, 0x7fbfffff, 0x7fc00001, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000, 0x40200000,
    0xbfc00000, 0xc0200000, 0x4f000000, 0x4effffff, 0xcf000000, 0xcf000001, 0x4f800000, 0x4f7fffff,
    0x5f000000, 0x5effffff, 0xdf000000, 0xdf000001, 0x5f800000, 0x5f7fffff, 0x33800000, 0x34000000,
    0x3f800001, 0x3f7fffff, 0x00400000, 0x0c800000, 0x72800000, 0x1f800000, 0x5f800001, 0xbf000000,
};

static const uint64_t special_d[] = {
    0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x8000000000000001,
    0x000fffffffffffff, 0x800fffffffffffff, 0x0010000000000000, 0x8010000000000000,
    0x0010000000000001, 0x7fefffffffffffff, 0xffefffffffffffff, 0x7ff0000000000000,
    0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000000000, 0x7ff0000000000001,
    0xfff0000000000001, 0x7ff7ffffffffffff, 0x7ff8000000000001, 0x3ff0000000000000,
    0xbff0000000000000, 0x3fe0000000000000, 0x3ff8000000000000, 0x4004000000000000,
    0xbff8000000000000, 0xc004000000000000, 0x41e0000000000000, 0x41dfffffffffffff,
    0xc1e0000000000000, 0xc1e0000000200000, 0x41f0000000000000, 0x41efffffffffffff,
    0x43e0000000000000, 0x43dfffffffffffff, 0xc3e0000000000000, 0xc3e0000000000001,
    0x43f0000000000000, 0x43efffffffffffff, 0x3ca0000000000000, 0x3cb0000000000000,
    0x3ff0000000000001, 0x3fefffffffffffff, 0x0008000000000000, 0x36a0000000000000,
    0x47efffffe0000000, 0x380fffffe0000000, 0x3690000000000000, 0xbfe0000000000000,
    0x41dfffffffc00000, 0xc1e0000000100000, 0x36a0000000000001, 0x47effffff0000000,
};

static const uint64_t special_x[] = {
    0, 1, 2, 3, 0xffffffffffffffffull, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0x1000001, 0x1000003, 0xffffffff80000000ull, 0x20000000000001ull,
    0xfffffffffeffffffull, 0x100000000ull, 0x7fffffc0, 0x7fffff80,
};

#define NSPEC(t) (sizeof(t) / sizeof((t)[0]))

/* A random single: a special, a random bit pattern, a typical value, or one with few
 * significant bits (exact results and ties). */
static uint32_t gen_s(void)
{
    uint64_t r = rnd();
    switch (r & 3) {
    case 0: return special_s[(r >> 8) % NSPEC(special_s)];
    case 1: return (uint32_t)(r >> 16);
    case 2: return (uint32_t)((r >> 63) << 31 | ((110 + (r >> 8) % 36) << 23) | ((r >> 20) & 0x7fffff));
    default: return (uint32_t)((r >> 63) << 31 | (((r >> 8) % 254 + 1) << 23) | ((r >> 20) & 0x7f0000));
    }
}

static uint64_t gen_d(void)
{
    uint64_t r = rnd();
    uint64_t m = rnd() & 0xfffffffffffffull;
    switch (r & 3) {
    case 0: return special_d[(r >> 8) % NSPEC(special_d)];
    case 1: return rnd();
    case 2: return (r >> 63) << 63 | ((1000 + (r >> 8) % 48) << 52) | m;
    default: return (r >> 63) << 63 | (((r >> 8) % 2046 + 1) << 52) | (m & 0xffc0000000000ull);
    }
}

static uint64_t gen_x(void)
{
    uint64_t r = rnd();
    switch (r & 3) {
    case 0: return special_x[(r >> 8) % NSPEC(special_x)];
    case 1: return rnd();
    default: return rnd() >> ((r >> 8) % 64);
    }
}

/* One operation: operands in memory (singles in the low word), result to *r. */
typedef void (*fp_fn)(const uint64_t *a, const uint64_t *b, const uint64_t *c, uint64_t *r);

/* singles are loaded with fld too, so an operand can be improperly NaN-boxed */
#define LDS "fld ft0,0(%0)\n fld ft1,0(%1)\n fld ft2,0(%2)\n"
#define LDD "fld ft0,0(%0)\n fld ft1,0(%1)\n fld ft2,0(%2)\n"
#define CLOB "ft0", "ft1", "ft2", "ft3", "memory"
/* FP result: the whole register (NaN-boxing included) */
#define OPF(nm, ld, insn)                                                                          \
    static void nm(const uint64_t *a, const uint64_t *b, const uint64_t *c, uint64_t *r)           \
    {                                                                                              \
        __asm__ volatile(ld insn "\n fsd ft3,0(%3)" ::"r"(a), "r"(b), "r"(c), "r"(r) : CLOB);      \
    }
/* integer result */
#define OPX(nm, ld, insn)                                                                          \
    static void nm(const uint64_t *a, const uint64_t *b, const uint64_t *c, uint64_t *r)           \
    {                                                                                              \
        unsigned long x;                                                                           \
        __asm__ volatile(ld insn : "=&r"(x) : "r"(a), "r"(b), "r"(c) : CLOB);                       \
        *r = x;                                                                                    \
    }
/* integer source (the low XLEN bits of *a) */
#define OPI(nm, insn)                                                                              \
    static void nm(const uint64_t *a, const uint64_t *b, const uint64_t *c, uint64_t *r)           \
    {                                                                                              \
        (void)b, (void)c;                                                                          \
        __asm__ volatile(insn " ft3,%0\n fsd ft3,0(%1)" ::"r"((unsigned long)*a), "r"(r) : CLOB);   \
    }

#define FP_FAMILY(s, LD)                                                                           \
    OPF(f_add_##s, LD, "fadd." #s " ft3,ft0,ft1")                                                  \
    OPF(f_sub_##s, LD, "fsub." #s " ft3,ft0,ft1")                                                  \
    OPF(f_mul_##s, LD, "fmul." #s " ft3,ft0,ft1")                                                  \
    OPF(f_div_##s, LD, "fdiv." #s " ft3,ft0,ft1")                                                  \
    OPF(f_sqrt_##s, LD, "fsqrt." #s " ft3,ft0")                                                    \
    OPF(f_min_##s, LD, "fmin." #s " ft3,ft0,ft1")                                                  \
    OPF(f_max_##s, LD, "fmax." #s " ft3,ft0,ft1")                                                  \
    OPF(f_sgnj_##s, LD, "fsgnj." #s " ft3,ft0,ft1")                                                \
    OPF(f_sgnjn_##s, LD, "fsgnjn." #s " ft3,ft0,ft1")                                              \
    OPF(f_sgnjx_##s, LD, "fsgnjx." #s " ft3,ft0,ft1")                                              \
    OPF(f_madd_##s, LD, "fmadd." #s " ft3,ft0,ft1,ft2")                                            \
    OPF(f_msub_##s, LD, "fmsub." #s " ft3,ft0,ft1,ft2")                                            \
    OPF(f_nmsub_##s, LD, "fnmsub." #s " ft3,ft0,ft1,ft2")                                          \
    OPF(f_nmadd_##s, LD, "fnmadd." #s " ft3,ft0,ft1,ft2")                                          \
    OPX(f_eq_##s, LD, "feq." #s " %0,ft0,ft1")                                                     \
    OPX(f_lt_##s, LD, "flt." #s " %0,ft0,ft1")                                                     \
    OPX(f_le_##s, LD, "fle." #s " %0,ft0,ft1")                                                     \
    OPX(f_class_##s, LD, "fclass." #s " %0,ft0")                                                   \
    OPX(f_cvtw_##s, LD, "fcvt.w." #s " %0,ft0")                                                    \
    OPX(f_cvtwu_##s, LD, "fcvt.wu." #s " %0,ft0")                                                  \
    OPI(f_cvtfw_##s, "fcvt." #s ".w")                                                              \
    OPI(f_cvtfwu_##s, "fcvt." #s ".wu")

FP_FAMILY(s, LDS)
FP_FAMILY(d, LDD)
OPF(f_cvt_s_d, LDD, "fcvt.s.d ft3,ft0")
OPF(f_cvt_d_s, LDS, "fcvt.d.s ft3,ft0")
#if __riscv_xlen == 64
OPX(f_cvtl_s, LDS, "fcvt.l.s %0,ft0")
OPX(f_cvtlu_s, LDS, "fcvt.lu.s %0,ft0")
OPX(f_cvtl_d, LDD, "fcvt.l.d %0,ft0")
OPX(f_cvtlu_d, LDD, "fcvt.lu.d %0,ft0")
OPI(f_cvtfl_s, "fcvt.s.l")
OPI(f_cvtflu_s, "fcvt.s.lu")
OPI(f_cvtfl_d, "fcvt.d.l")
OPI(f_cvtflu_d, "fcvt.d.lu")
#endif

/* kind: 's'/'d' operands of that format, 'x' integer; rm: runs under all five modes. */
typedef struct op {
    const char *name;
    fp_fn fn;
    char kind;
    char rm;
    char fused; /* fmadd & co: some addends cancel the product */
} op;

#define FAM(s, k)                                                                                  \
    {"fadd." #s, f_add_##s, k, 1, 0}, {"fsub." #s, f_sub_##s, k, 1, 0},                            \
    {"fmul." #s, f_mul_##s, k, 1, 0}, {"fdiv." #s, f_div_##s, k, 1, 0},                            \
    {"fsqrt." #s, f_sqrt_##s, k, 1, 0}, {"fmin." #s, f_min_##s, k, 0, 0},                          \
    {"fmax." #s, f_max_##s, k, 0, 0}, {"fsgnj." #s, f_sgnj_##s, k, 0, 0},                          \
    {"fsgnjn." #s, f_sgnjn_##s, k, 0, 0}, {"fsgnjx." #s, f_sgnjx_##s, k, 0, 0},                    \
    {"fmadd." #s, f_madd_##s, k, 1, 1}, {"fmsub." #s, f_msub_##s, k, 1, 1},                        \
    {"fnmsub." #s, f_nmsub_##s, k, 1, 1}, {"fnmadd." #s, f_nmadd_##s, k, 1, 1},                    \
    {"feq." #s, f_eq_##s, k, 0, 0}, {"flt." #s, f_lt_##s, k, 0, 0},                                \
    {"fle." #s, f_le_##s, k, 0, 0}, {"fclass." #s, f_class_##s, k, 0, 0},                          \
    {"fcvt.w." #s, f_cvtw_##s, k, 1, 0}, {"fcvt.wu." #s, f_cvtwu_##s, k, 1, 0},                    \
    {"fcvt." #s ".w", f_cvtfw_##s, 'x', 1, 0}, {"fcvt." #s ".wu", f_cvtfwu_##s, 'x', 1, 0}

static const op ops[] = {
    FAM(s, 's'),
    FAM(d, 'd'),
    {"fcvt.s.d", f_cvt_s_d, 'd', 1, 0},
    {"fcvt.d.s", f_cvt_d_s, 's', 1, 0},
#if __riscv_xlen == 64
    {"fcvt.l.s", f_cvtl_s, 's', 1, 0},
    {"fcvt.lu.s", f_cvtlu_s, 's', 1, 0},
    {"fcvt.l.d", f_cvtl_d, 'd', 1, 0},
    {"fcvt.lu.d", f_cvtlu_d, 'd', 1, 0},
    {"fcvt.s.l", f_cvtfl_s, 'x', 1, 0},
    {"fcvt.s.lu", f_cvtflu_s, 'x', 1, 0},
    {"fcvt.d.l", f_cvtfl_d, 'x', 1, 0},
    {"fcvt.d.lu", f_cvtflu_d, 'x', 1, 0},
#endif
};

static uint64_t gen(char kind)
{
    if (kind == 's') /* one in 32 not NaN-boxed: reads as the canonical NaN */
        return ((rnd() & 31) ? 0xffffffff00000000ull : rnd() << 32) | gen_s();
    return kind == 'd' ? gen_d() : gen_x();
}

static uint64_t fnv(uint64_t h, uint64_t v, unsigned bytes)
{
    for (unsigned k = 0; k < bytes; k++) {
        h ^= (v >> (8 * k)) & 0xff;
        h *= 0x100000001b3ull;
    }
    return h;
}

/* Runs one operation under rounding mode rm; prints its line. */
static unsigned long run_op(const op *o, unsigned rm)
{
    uint64_t h = 0xcbf29ce484222325ull, a, b, c, r;
    unsigned long all = 0, fl;

    vp_csr_write(frm, rm);
    for (unsigned n = 0; n < FPRAND_N; n++) {
        a = gen(o->kind), b = gen(o->kind), c = gen(o->kind);
        if ((n & 7) == 1) /* close operands: cancellation in sub/fma, equality in compares */
            b = a ^ (rnd() & 3);
        if (o->fused && (n & 7) == 2) { /* c = -(a*b) rounded, +- one ulp: massive cancellation */
            (o->kind == 's' ? f_mul_s : f_mul_d)(&a, &b, &c, &c);
            c ^= (o->kind == 's' ? 0x80000000ull : 0x8000000000000000ull) ^ (rnd() & 1);
        }
        r = 0;
        vp_csr_write(fflags, 0);
        o->fn(&a, &b, &c, &r);
        fl = vp_csr_read(fflags);
        all |= fl;
        h = fnv(fnv(h, r, 8), fl, 1);
    }
    vp_puts(o->name);
    vp_puts(" rm");
    vp_putdec(rm);
    vp_puts(" ");
    vp_puthex((unsigned long)(h >> 32), 8);
    vp_puthex((unsigned long)h, 8);
    vp_puts(" flags ");
    vp_puthex(all, 2);
    vp_puts("\n");
    return FPRAND_N;
}

int main(void)
{
    unsigned long total = 0;

    vp_csr_set(mstatus, 0x2000); /* FS = Initial */
    for (unsigned k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        for (unsigned rm = 0; rm <= (ops[k].rm ? 4u : 0u); rm++)
            total += run_op(&ops[k], rm);
    }
    vp_puts("fprand rv" VP_RT_XLEN_STR " operations ");
    vp_putdec(total);
    vp_puts("\n");
    vp_exit(0);
}
