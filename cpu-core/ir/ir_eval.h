/* SPDX-License-Identifier: Apache-2.0 */
/* ir_eval.h - reference semantics of the IR's value ops, shared by the
 * optimizer (constant folding) and the interpreter (division, high
 * multiplies, conditions). Header-only so both inline them. */
#ifndef VP_IR_EVAL_H
#define VP_IR_EVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"

static inline uint32_t vp_ir_div32(uint32_t a, uint32_t b)
{
    if (b == 0)
        return UINT32_MAX;
    if (a == 0x80000000u && b == UINT32_MAX)
        return a;
    return (uint32_t)((int32_t)a / (int32_t)b);
}

static inline uint32_t vp_ir_rem32(uint32_t a, uint32_t b)
{
    if (b == 0)
        return a;
    if (a == 0x80000000u && b == UINT32_MAX)
        return 0;
    return (uint32_t)((int32_t)a % (int32_t)b);
}

static inline uint64_t vp_ir_div64(uint64_t a, uint64_t b)
{
    if (b == 0)
        return UINT64_MAX;
    if (a == 0x8000000000000000ull && b == UINT64_MAX)
        return a;
    return (uint64_t)((int64_t)a / (int64_t)b);
}

static inline uint64_t vp_ir_rem64(uint64_t a, uint64_t b)
{
    if (b == 0)
        return a;
    if (a == 0x8000000000000000ull && b == UINT64_MAX)
        return 0;
    return (uint64_t)((int64_t)a % (int64_t)b);
}

static inline uint32_t vp_ir_mulsh32(uint32_t a, uint32_t b)
{
    return (uint32_t)((uint64_t)((int64_t)(int32_t)a * (int64_t)(int32_t)b) >> 32);
}

static inline uint32_t vp_ir_muluh32(uint32_t a, uint32_t b)
{
    return (uint32_t)(((uint64_t)a * b) >> 32);
}

static inline uint32_t vp_ir_mulsuh32(uint32_t a, uint32_t b)
{
    return (uint32_t)((uint64_t)((int64_t)(int32_t)a * (int64_t)b) >> 32);
}

static inline uint64_t vp_ir_mulsh64(uint64_t a, uint64_t b)
{
    return (uint64_t)((unsigned __int128)((__int128)(int64_t)a * (__int128)(int64_t)b) >> 64);
}

static inline uint64_t vp_ir_muluh64(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

static inline uint64_t vp_ir_mulsuh64(uint64_t a, uint64_t b)
{
    return (uint64_t)((unsigned __int128)((__int128)(int64_t)a * (__int128)b) >> 64);
}

/* Condition on values of type t (I32 values in the low 32 bits). */
static inline bool vp_ir_cond_eval(unsigned c, vp_ir_type t, uint64_t a, uint64_t b)
{
    int64_t sa, sb;
    if (t == VP_IR_I32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
        sa = (int32_t)a;
        sb = (int32_t)b;
    } else {
        sa = (int64_t)a;
        sb = (int64_t)b;
    }
    switch (c) {
    case VP_COND_EQ: return a == b;
    case VP_COND_NE: return a != b;
    case VP_COND_LT: return sa < sb;
    case VP_COND_GE: return sa >= sb;
    case VP_COND_LTU: return a < b;
    case VP_COND_GEU: return a >= b;
    case VP_COND_ALWAYS: return true;
    default: return false;
    }
}

/* Evaluates a pure value op (one output; inputs in `in`). Returns false if
 * opc is not a foldable value op. The result is truncated to the type. */
static inline bool vp_ir_eval(vp_ir_opc opc, vp_ir_type t, const uint64_t *in, uint64_t cond, uint64_t *out)
{
    uint64_t a = in[0], b = in[1], r;
    bool w = t == VP_IR_I32;
    unsigned sh = (unsigned)(b & (w ? 31 : 63));
    if (w) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    }
    switch (opc) {
    case VP_OP_MOV: r = a; break;
    case VP_OP_EXT8S: r = (uint64_t)(int64_t)(int8_t)a; break;
    case VP_OP_EXT8U: r = (uint8_t)a; break;
    case VP_OP_EXT16S: r = (uint64_t)(int64_t)(int16_t)a; break;
    case VP_OP_EXT16U: r = (uint16_t)a; break;
    case VP_OP_EXT32S: r = (uint64_t)(int64_t)(int32_t)a; break;
    case VP_OP_EXT32U: r = (uint32_t)a; break;
    case VP_OP_EXTS_I32_I64: r = (uint64_t)(int64_t)(int32_t)a; break;
    case VP_OP_EXTU_I32_I64: r = (uint32_t)a; break;
    case VP_OP_TRUNC_I64_I32: r = (uint32_t)a; break;
    case VP_OP_ADD: r = a + b; break;
    case VP_OP_SUB: r = a - b; break;
    case VP_OP_NEG: r = 0 - a; break;
    case VP_OP_AND: r = a & b; break;
    case VP_OP_OR: r = a | b; break;
    case VP_OP_XOR: r = a ^ b; break;
    case VP_OP_NOT: r = ~a; break;
    case VP_OP_SHL: r = a << sh; break;
    case VP_OP_SHR: r = a >> sh; break;
    case VP_OP_SAR: r = w ? (uint64_t)((int32_t)a >> sh) : (uint64_t)((int64_t)a >> sh); break;
    case VP_OP_ROTL: case VP_OP_ROTR: {
        unsigned bits = w ? 32u : 64u, n = opc == VP_OP_ROTL ? sh : (bits - sh) & (bits - 1);
        r = n ? (a << n) | (a >> (bits - n)) : a;
        break;
    }
    case VP_OP_MUL: r = a * b; break;
    case VP_OP_MULSH: r = w ? vp_ir_mulsh32((uint32_t)a, (uint32_t)b) : vp_ir_mulsh64(a, b); break;
    case VP_OP_MULUH: r = w ? vp_ir_muluh32((uint32_t)a, (uint32_t)b) : vp_ir_muluh64(a, b); break;
    case VP_OP_MULSUH: r = w ? vp_ir_mulsuh32((uint32_t)a, (uint32_t)b) : vp_ir_mulsuh64(a, b); break;
    case VP_OP_DIV: r = w ? vp_ir_div32((uint32_t)a, (uint32_t)b) : vp_ir_div64(a, b); break;
    case VP_OP_DIVU: r = b ? a / b : UINT64_MAX; break;
    case VP_OP_REM: r = w ? vp_ir_rem32((uint32_t)a, (uint32_t)b) : vp_ir_rem64(a, b); break;
    case VP_OP_REMU: r = b ? a % b : a; break;
    case VP_OP_SETCOND: r = vp_ir_cond_eval((unsigned)cond, t, a, b); break;
    case VP_OP_MOVCOND: r = vp_ir_cond_eval((unsigned)cond, t, a, b) ? in[2] : in[3]; break;
    default: return false;
    }
    *out = w ? (uint32_t)r : r;
    return true;
}

#endif /* VP_IR_EVAL_H */
