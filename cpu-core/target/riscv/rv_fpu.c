/* SPDX-License-Identifier: Apache-2.0 */
/* rv_fpu.c - F and D extensions: the helpers translated FP instructions
 * call, fcsr/frm/fflags, mstatus.FS dirty tracking and IEEE-754 arithmetic.
 *
 * Arithmetic is exact by construction on the host's x87 unit: each op runs
 * on 64-bit-significand long doubles (every single/double operand is exact
 * there, and no result of double-range operands over- or underflows) in
 * round-toward-zero, and an inexact result gets its last bit set ("round to
 * odd"). With >= 2 bits beyond the target precision, rounding that value
 * once more in software (round_pack: all five RISC-V modes incl. RMM,
 * subnormals, tininess after rounding, overflow) gives the correctly rounded
 * result and flags. NaNs, comparisons, min/max, classes and conversions to
 * integers follow the RISC-V rules in C. Built with -frounding-math. */
#include <fenv.h>
#include <fpu_control.h>
#include <math.h>
#include <string.h>

#include "rv_int.h"

#if !defined(__x86_64__) && !defined(__i386__)
#error "rv_fpu.c needs the x87 80-bit long double (x86 hosts)"
#endif

/* fflags bits */
#define FL_NX 1u
#define FL_UF 2u
#define FL_OF 4u
#define FL_DZ 8u
#define FL_NV 16u

/* rounding modes */
#define RM_RNE 0u
#define RM_RTZ 1u
#define RM_RDN 2u
#define RM_RUP 3u
#define RM_RMM 4u
#define RM_DYN 7u

#define CNAN_S 0x7fc00000ull
#define CNAN_D 0x7ff8000000000000ull
#define BOX 0xffffffff00000000ull

typedef struct fpfmt {
    int p;        /* significand bits incl. the hidden one */
    int emin;     /* exponent of the least normal */
    int emax;     /* exponent of the greatest finite */
    unsigned ebits;
} fpfmt;

static const fpfmt FMT_S = {24, -126, 127, 8};
static const fpfmt FMT_D = {53, -1022, 1023, 11};

/* ---- mstatus.FS ----------------------------------------------------------- */

static uint64_t sd_bit(const vp_rv_state *rv) { return rv->xlen == 32 ? 1ull << 31 : 1ull << 63; }

void vp__rv_fs_update_sd(vp_rv_state *rv)
{
    if ((rv->mstatus & RV_MSTATUS_FS) == RV_MSTATUS_FS)
        rv->mstatus |= sd_bit(rv);
    else
        rv->mstatus &= ~sd_bit(rv);
}

static void fs_dirty(vp_rv_state *rv)
{
    rv->mstatus |= RV_MSTATUS_FS | sd_bit(rv);
}

/* FP instructions and fcsr exist (F present, FS not Off). */
bool vp__rv_fp_enabled(const vp_cpu *cpu)
{
    const vp_rv_state *rv = vp_rv(cpu);
    return (rv->ext & VP_EXT_F) && (rv->mstatus & RV_MSTATUS_FS) != 0;
}

/* ---- fcsr ------------------------------------------------------------------- */

int vp__rv_fcsr_read(const vp_cpu *cpu, unsigned csr, uint64_t *val)
{
    const vp_rv_state *rv = vp_rv(cpu);

    if (!vp__rv_fp_enabled(cpu))
        return -1;
    switch (csr) {
    case RV_CSR_FFLAGS: *val = rv->fflags; return 0;
    case RV_CSR_FRM: *val = rv->frm; return 0;
    default: *val = (uint64_t)rv->frm << 5 | rv->fflags; return 0;
    }
}

void vp__rv_fcsr_write(vp_cpu *cpu, unsigned csr, uint64_t val)
{
    vp_rv_state *rv = vp_rv(cpu);

    switch (csr) {
    case RV_CSR_FFLAGS: rv->fflags = val & 0x1f; break;
    case RV_CSR_FRM: rv->frm = val & 7; break;
    default:
        rv->fflags = val & 0x1f;
        rv->frm = (val >> 5) & 7;
        break;
    }
    fs_dirty(rv);
}

/* ---- raw bits ----------------------------------------------------------------- */

/* The single in an f register: an improperly NaN-boxed value reads as the canonical NaN. */
static uint32_t unbox(const vp_rv_state *rv, uint64_t f)
{
    if (!(rv->ext & VP_EXT_D))
        return (uint32_t)f;
    return (f & BOX) == BOX ? (uint32_t)f : (uint32_t)CNAN_S;
}

static bool is_nan(uint64_t v, bool dbl)
{
    return dbl ? (v & 0x7fffffffffffffffull) > 0x7ff0000000000000ull : (v & 0x7fffffffu) > 0x7f800000u;
}

static bool is_snan(uint64_t v, bool dbl)
{
    return is_nan(v, dbl) && !(dbl ? (v >> 51) & 1 : (v >> 22) & 1);
}

static bool is_inf(uint64_t v, bool dbl)
{
    return dbl ? (v & 0x7fffffffffffffffull) == 0x7ff0000000000000ull : (v & 0x7fffffffu) == 0x7f800000u;
}

static bool is_zero(uint64_t v, bool dbl)
{
    return dbl ? (v & 0x7fffffffffffffffull) == 0 : (v & 0x7fffffffu) == 0;
}

static bool sign_of(uint64_t v, bool dbl) { return dbl ? v >> 63 : (v >> 31) & 1; }

/* Exact value of a non-NaN operand. */
static long double to_ld(uint64_t v, bool dbl)
{
    if (dbl) {
        double d;
        memcpy(&d, &v, sizeof(d));
        return (long double)d;
    }
    uint32_t w = (uint32_t)v;
    float f;
    memcpy(&f, &w, sizeof(f));
    return (long double)f;
}

typedef union ldbits {
    long double v;
    struct {
        uint64_t m;
        uint16_t se;
    } p;
} ldbits;

/* ---- rounding to the target format ---------------------------------------- */

/* m shifted right by `drop` bits, rounded by rm; *inexact tells if bits were lost. */
static uint64_t round_sig(uint64_t m, int drop, bool neg, unsigned rm, bool *inexact)
{
    uint64_t q;
    bool guard, sticky, inc = false;

    if (drop > 64) {
        q = 0, guard = false, sticky = m != 0;
    } else if (drop == 64) {
        q = 0, guard = m >> 63, sticky = (m << 1) != 0;
    } else {
        q = m >> drop;
        guard = (m >> (drop - 1)) & 1;
        sticky = drop > 1 && (m & ((1ull << (drop - 1)) - 1)) != 0;
    }
    switch (rm) {
    case RM_RNE: inc = guard && (sticky || (q & 1)); break;
    case RM_RDN: inc = neg && (guard || sticky); break;
    case RM_RUP: inc = !neg && (guard || sticky); break;
    case RM_RMM: inc = guard; break;
    default: break;
    }
    *inexact = guard || sticky;
    return q + inc;
}

static uint64_t pack_inf(const fpfmt *f, bool neg)
{
    uint64_t e = ((1ull << f->ebits) - 1) << (f->p - 1);
    return ((uint64_t)neg << (f->p + f->ebits - 1)) | e;
}

/* The finite-or-infinite x (not NaN) rounded to format f by rm; flags in *fl. */
static uint64_t round_pack(long double x, const fpfmt *f, unsigned rm, unsigned *fl)
{
    ldbits u = {.v = x};
    bool neg = u.p.se >> 15, inexact;
    uint64_t signbit = (uint64_t)neg << (f->p + f->ebits - 1);
    int bias = f->emax, e, keep;
    uint64_t q;

    if (isinf(x))
        return pack_inf(f, neg);
    if (x == 0)
        return signbit;
    e = (int)(u.p.se & 0x7fff) - 16383;
    keep = e >= f->emin ? f->p : f->p - (f->emin - e);
    q = round_sig(u.p.m, 64 - keep, neg, rm, &inexact);
    if (e < f->emin) { /* subnormal range: tiny if still below after rounding to p bits */
        bool ix2;
        uint64_t q2 = round_sig(u.p.m, 64 - f->p, neg, rm, &ix2);
        int e2 = q2 >> f->p ? e + 1 : e;
        if (inexact)
            *fl |= FL_NX | (e2 < f->emin ? FL_UF : 0);
        return signbit | q; /* q == 2^(p-1) encodes the least normal */
    }
    if (q >> f->p) {
        q >>= 1;
        e++;
    }
    if (e > f->emax) {
        bool to_inf = rm == RM_RNE || rm == RM_RMM || (rm == RM_RUP && !neg) || (rm == RM_RDN && neg);
        *fl |= FL_OF | FL_NX;
        if (to_inf)
            return pack_inf(f, neg);
        return signbit | ((((1ull << f->ebits) - 2) << (f->p - 1)) | ((1ull << (f->p - 1)) - 1));
    }
    if (inexact)
        *fl |= FL_NX;
    return signbit | ((uint64_t)(e + bias) << (f->p - 1)) | (q & ((1ull << (f->p - 1)) - 1));
}

/* ---- exact operations on the x87 unit -------------------------------------- */

typedef enum fop { FOP_ADD, FOP_SUB, FOP_MUL, FOP_DIV, FOP_SQRT, FOP_FMA } fop;

static long double ld_op(fop op, long double a, long double b, long double c)
{
    volatile long double va = a, vb = b, vc = c, r;

    switch (op) {
    case FOP_ADD: r = va + vb; break;
    case FOP_SUB: r = va - vb; break;
    case FOP_MUL: r = va * vb; break;
    case FOP_DIV: r = va / vb; break;
    case FOP_SQRT: r = sqrtl(va); break;
    default: r = fmal(va, vb, vc); break;
    }
    return r;
}

static int host_rm(unsigned rm)
{
    switch (rm) {
    case RM_RTZ: return FE_TOWARDZERO;
    case RM_RDN: return FE_DOWNWARD;
    case RM_RUP: return FE_UPWARD;
    default: return FE_TONEAREST;
    }
}

/* op(a, b, c) rounded to odd at 64 bits; invalid/divide-by-zero in *fl.
 * The host's rounding mode, x87 precision and exception flags are restored afterwards. */
static long double exact_op(fop op, long double a, long double b, long double c, unsigned rm, unsigned *fl)
{
    int old_rm = fegetround();
    fpu_control_t old_cw, cw;
    fexcept_t old_ex;
    ldbits u;
    int ex;

    fegetexceptflag(&old_ex, FE_ALL_EXCEPT);
    _FPU_GETCW(old_cw);
    cw = (old_cw & ~(fpu_control_t)_FPU_EXTENDED) | _FPU_EXTENDED; /* 64-bit significands */
    _FPU_SETCW(cw);
    fesetround(FE_TOWARDZERO);
    feclearexcept(FE_ALL_EXCEPT);
    u.v = ld_op(op, a, b, c);
    ex = fetestexcept(FE_ALL_EXCEPT);
    if (u.v == 0) { /* an exact zero's sign depends on the rounding mode */
        fesetround(host_rm(rm));
        u.v = ld_op(op, a, b, c);
    }
    fesetexceptflag(&old_ex, FE_ALL_EXCEPT);
    fesetround(old_rm);
    _FPU_SETCW(old_cw);
    if (ex & FE_INVALID)
        *fl |= FL_NV;
    if (ex & FE_DIVBYZERO)
        *fl |= FL_DZ;
    if ((ex & FE_INEXACT) && isfinite(u.v) && u.v != 0)
        u.p.m |= 1;
    return u.v;
}

/* An arithmetic op on raw operands of one format. */
static uint64_t arith(fop op, uint64_t a, uint64_t b, uint64_t c, bool dbl, unsigned rm, unsigned *fl)
{
    uint64_t cnan = dbl ? CNAN_D : CNAN_S;
    unsigned n = op == FOP_SQRT ? 1 : op == FOP_FMA ? 3 : 2;
    uint64_t v[3] = {a, b, c};
    bool any_nan = false;
    long double r;

    for (unsigned k = 0; k < n; k++) {
        if (is_snan(v[k], dbl))
            *fl |= FL_NV;
        any_nan |= is_nan(v[k], dbl);
    }
    if (op == FOP_FMA && ((is_inf(a, dbl) && is_zero(b, dbl)) || (is_zero(a, dbl) && is_inf(b, dbl))))
        *fl |= FL_NV, any_nan = true; /* inf * 0 is invalid even with a quiet NaN addend */
    if (any_nan)
        return cnan;
    r = exact_op(op, to_ld(a, dbl), to_ld(b, dbl), to_ld(c, dbl), rm, fl);
    if (isnan(r))
        return cnan;
    return round_pack(r, dbl ? &FMT_D : &FMT_S, rm, fl);
}

/* ---- comparisons, classes, conversions ------------------------------------ */

/* fmin/fmax (2.2): minimumNumber/maximumNumber, -0 < +0. */
static uint64_t minmax(uint64_t a, uint64_t b, bool dbl, bool max, unsigned *fl)
{
    bool an = is_nan(a, dbl), bn = is_nan(b, dbl);
    long double x, y;

    if (is_snan(a, dbl) || is_snan(b, dbl))
        *fl |= FL_NV;
    if (an && bn)
        return dbl ? CNAN_D : CNAN_S;
    if (an || bn)
        return an ? b : a;
    if (is_zero(a, dbl) && is_zero(b, dbl))
        return (sign_of(a, dbl) != max) ? a : b;
    x = to_ld(a, dbl), y = to_ld(b, dbl);
    return (max ? x > y : x < y) ? a : b;
}

/* feq (quiet), flt, fle (signalling): funct3 2, 1, 0. */
static uint64_t compare(uint64_t a, uint64_t b, bool dbl, unsigned f3, unsigned *fl)
{
    long double x, y;

    if (is_nan(a, dbl) || is_nan(b, dbl)) {
        if (f3 != 2 || is_snan(a, dbl) || is_snan(b, dbl))
            *fl |= FL_NV;
        return 0;
    }
    x = to_ld(a, dbl), y = to_ld(b, dbl);
    return f3 == 2 ? x == y : f3 == 1 ? x < y : x <= y;
}

static uint64_t fclass(uint64_t v, bool dbl)
{
    bool neg = sign_of(v, dbl);
    uint64_t exp = dbl ? (v >> 52) & 0x7ff : (v >> 23) & 0xff;
    uint64_t emax = dbl ? 0x7ff : 0xff;

    if (is_nan(v, dbl))
        return is_snan(v, dbl) ? 1u << 8 : 1u << 9;
    if (is_inf(v, dbl))
        return neg ? 1u << 0 : 1u << 7;
    if (is_zero(v, dbl))
        return neg ? 1u << 3 : 1u << 4;
    if (exp == 0)
        return neg ? 1u << 2 : 1u << 5;
    (void)emax;
    return neg ? 1u << 1 : 1u << 6;
}

/* fcvt.{w,wu,l,lu}: round by rm, saturate (NaN -> greatest), invalid or inexact. */
static uint64_t to_int(uint64_t v, bool dbl, unsigned kind, unsigned rm, unsigned *fl)
{
    bool uns = kind & 1, wide = kind & 2;
    long double x, r, lo, hi;

    lo = uns ? 0.0L : wide ? -0x1p63L : -0x1p31L;
    hi = uns ? (wide ? 0x1p64L - 1 : 0x1p32L - 1) : (wide ? 0x1p63L - 1 : 0x1p31L - 1);
    if (is_nan(v, dbl)) {
        *fl |= FL_NV;
        r = hi;
    } else {
        x = to_ld(v, dbl);
        switch (rm) {
        case RM_RTZ: r = truncl(x); break;
        case RM_RDN: r = floorl(x); break;
        case RM_RUP: r = ceill(x); break;
        case RM_RMM: r = roundl(x); break;
        default: r = roundevenl(x); break;
        }
        if (r < lo || r > hi) {
            *fl |= FL_NV;
            r = r < lo ? lo : hi;
        } else if (r != x) {
            *fl |= FL_NX;
        }
    }
    if (uns)
        return wide ? (uint64_t)r : (uint64_t)(int64_t)(int32_t)(uint32_t)r;
    return wide ? (uint64_t)(int64_t)r : (uint64_t)(int64_t)(int32_t)r;
}

/* fcvt.{s,d}.{w,wu,l,lu} from the integer register value x. */
static uint64_t from_int(uint64_t x, bool dbl, unsigned kind, unsigned rm, unsigned *fl)
{
    long double v;

    switch (kind) {
    case 0: v = (long double)(int32_t)x; break;
    case 1: v = (long double)(uint32_t)x; break;
    case 2: v = (long double)(int64_t)x; break;
    default: v = (long double)x; break;
    }
    return round_pack(v, dbl ? &FMT_D : &FMT_S, rm, fl);
}

/* fcvt.s.d (to_dbl false) and fcvt.d.s. */
static uint64_t cvt_fp(uint64_t v, bool to_dbl, unsigned rm, unsigned *fl)
{
    bool from_dbl = !to_dbl;

    if (is_nan(v, from_dbl)) {
        if (is_snan(v, from_dbl))
            *fl |= FL_NV;
        return to_dbl ? CNAN_D : CNAN_S;
    }
    return round_pack(to_ld(v, from_dbl), to_dbl ? &FMT_D : &FMT_S, rm, fl);
}

static uint64_t sgnj(uint64_t a, uint64_t b, bool dbl, unsigned f3)
{
    uint64_t sb = dbl ? 1ull << 63 : 1ull << 31;
    uint64_t s;

    switch (f3) {
    case 0: s = b & sb; break;
    case 1: s = ~b & sb; break;
    default: s = (a ^ b) & sb; break;
    }
    return (a & ~sb) | s;
}

/* ---- the helpers ------------------------------------------------------------- */

/* Reads operand register r in the instruction's format. */
static uint64_t freg(const vp_rv_state *rv, unsigned r, bool dbl)
{
    return dbl ? rv->f[r] : unbox(rv, rv->f[r]);
}

static void fset(vp_rv_state *rv, unsigned r, uint64_t v, bool dbl)
{
    rv->f[r] = dbl ? v : (BOX | (uint32_t)v);
    fs_dirty(rv);
}

/* OP-FP with funct5 = `f5` (not the fused forms). Returns the integer
 * result, or sets *fres and *fwr for an FP one. */
static uint64_t op_fp(vp_rv_state *rv, uint32_t i, unsigned rm, uint64_t xsrc, uint64_t *fres, unsigned *fl)
{
    bool dbl = (i >> 25) & 1;
    unsigned f3 = RV_FUNCT3(i), rs2 = RV_RS2(i);
    uint64_t a = freg(rv, RV_RS1(i), dbl), b = freg(rv, rs2, dbl);

    switch (i >> 27) {
    case 0x00: *fres = arith(FOP_ADD, a, b, 0, dbl, rm, fl); return 0;
    case 0x01: *fres = arith(FOP_SUB, a, b, 0, dbl, rm, fl); return 0;
    case 0x02: *fres = arith(FOP_MUL, a, b, 0, dbl, rm, fl); return 0;
    case 0x03: *fres = arith(FOP_DIV, a, b, 0, dbl, rm, fl); return 0;
    case 0x0b: *fres = arith(FOP_SQRT, a, 0, 0, dbl, rm, fl); return 0;
    case 0x04: *fres = sgnj(a, b, dbl, f3); return 0;
    case 0x05: *fres = minmax(a, b, dbl, f3 == 1, fl); return 0;
    case 0x08: *fres = cvt_fp(freg(rv, RV_RS1(i), !dbl), dbl, rm, fl); return 0;
    case 0x14: return compare(a, b, dbl, f3, fl);
    case 0x18: return to_int(a, dbl, rs2, rm, fl);
    case 0x1a: *fres = from_int(xsrc, dbl, rs2, rm, fl); return 0;
    case 0x1c:
        if (f3 == 1)
            return fclass(a, dbl);
        return dbl ? rv->f[RV_RS1(i)] : (uint64_t)(int64_t)(int32_t)rv->f[RV_RS1(i)];
    default: /* 0x1e fmv.w.x / fmv.d.x */
        *fres = dbl ? xsrc : (uint32_t)xsrc;
        return 0;
    }
}

/* The instruction has a rounding-mode field (everything but sgnj, min/max,
 * compares, fclass, fmv). */
static bool has_rm(uint32_t i)
{
    unsigned f5 = i >> 27;
    if (RV_OPCODE(i) != 0x53)
        return true;
    return !(f5 == 0x04 || f5 == 0x05 || f5 == 0x14 || f5 == 0x1c || f5 == 0x1e);
}

uint64_t vp__rv_helper_fp(vp_cpu *cpu, uint64_t insn, uint64_t xsrc, uint64_t unused)
{
    vp_rv_state *rv = vp_rv(cpu);
    uint32_t i = (uint32_t)insn;
    unsigned rm = RV_FUNCT3(i), fl = 0;
    uint64_t fres = 0, xres = 0;
    bool dbl = (i >> 25) & 1, fdest; /* fmt field: the destination format of fcvt.s.d/d.s */

    (void)unused;
    if (rm == RM_DYN)
        rm = rv->frm;
    if (!vp__rv_fp_enabled(cpu) || (has_rm(i) && rm > RM_RMM))
        return vp__rv_helper_illegal(cpu, insn, 0, 0);
    if (RV_OPCODE(i) != 0x53) { /* fmadd, fmsub, fnmsub, fnmadd */
        uint64_t sb = dbl ? 1ull << 63 : 1ull << 31;
        unsigned k = (RV_OPCODE(i) >> 2) & 3;
        uint64_t a = freg(rv, RV_RS1(i), dbl), b = freg(rv, RV_RS2(i), dbl), c = freg(rv, i >> 27, dbl);
        if (k & 2) /* fnm*: -(a*b) */
            a ^= sb;
        if (k == 1 || k == 3) /* fmsub: -c; fnmadd: -(a*b) - c */
            c ^= sb;
        fres = arith(FOP_FMA, a, b, c, dbl, rm, &fl);
        fdest = true;
    } else {
        unsigned f5 = i >> 27;
        xres = op_fp(rv, i, rm, xsrc, &fres, &fl);
        fdest = !(f5 == 0x14 || f5 == 0x18 || f5 == 0x1c);
    }
    if (fdest)
        fset(rv, RV_RD(i), fres, dbl);
    if (fl) {
        rv->fflags |= fl;
        fs_dirty(rv);
    }
    return vp__rv_xmask(cpu, xres);
}

/* Before an FP load: illegal while FS is Off. */
uint64_t vp__rv_helper_fp_check(vp_cpu *cpu, uint64_t insn, uint64_t unused1, uint64_t unused2)
{
    (void)unused1, (void)unused2;
    if (!vp__rv_fp_enabled(cpu))
        return vp__rv_helper_illegal(cpu, insn, 0, 0);
    return 0;
}

/* After an FP load: f[rd] = v (a single NaN-boxed); rd | (double << 5). */
uint64_t vp__rv_helper_fp_set(vp_cpu *cpu, uint64_t rd_dbl, uint64_t v, uint64_t unused)
{
    (void)unused;
    fset(vp_rv(cpu), rd_dbl & 31, v, (rd_dbl >> 5) & 1);
    return 0;
}

/* Before an FP store: the raw bits of f[rs] (insn >> 32), or illegal while FS is Off. */
uint64_t vp__rv_helper_fp_get(vp_cpu *cpu, uint64_t insn, uint64_t rs, uint64_t unused)
{
    (void)unused;
    if (!vp__rv_fp_enabled(cpu))
        return vp__rv_helper_illegal(cpu, insn, 0, 0);
    return vp_rv(cpu)->f[rs & 31];
}

/* ---- debugger accessors (vp_cpu_flen, vp_cpu_get_freg, vp_cpu_set_freg) ---- */

unsigned vp__rv_flen(const vp_cpu *cpu)
{
    uint32_t ext = vp_rv(cpu)->ext;
    return (ext & VP_EXT_D) ? 64 : (ext & VP_EXT_F) ? 32 : 0;
}

bool vp__rv_read_freg(const vp_cpu *cpu, unsigned idx, uint64_t *val)
{
    unsigned flen = vp__rv_flen(cpu);
    if (!flen || idx >= 32)
        return false;
    uint64_t v = vp_rv(cpu)->f[idx];
    *val = flen == 32 ? (uint32_t)v : v;
    return true;
}

bool vp__rv_write_freg(vp_cpu *cpu, unsigned idx, uint64_t val)
{
    unsigned flen = vp__rv_flen(cpu);
    if (!flen || idx >= 32)
        return false;
    /* a single lives NaN-boxed in the 64-bit register file */
    vp_rv(cpu)->f[idx] = flen == 32 ? (val | 0xffffffff00000000ull) : val;
    return true;
}
