/* SPDX-License-Identifier: Apache-2.0 */
/* x86.h - a small x86-64 instruction encoder for the JIT's x86-64 emitter
 * (jit_x86_64.c, the only file that includes it): REX, ModRM/SIB
 * with disp8/disp32, immediates, and the ALU, shift, multiply/divide,
 * setcc/cmovcc/jcc, mov/movzx/movsx, push/pop/call/jmp forms the code
 * generator needs. Emission is bounds-checked: writing past the end of
 * the buffer sets `overflow` and drops the bytes.
 *
 *   REX      0100 W R X B     W: 64-bit operand, R/X/B: high bit of reg/index/base
 *   ModRM    mod(2) reg(3) rm(3)
 *   SIB      scale(2) index(3) base(3)
 */
#ifndef VP_JIT_X86_H
#define VP_JIT_X86_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "jit_buf.h"

enum { X_RAX, X_RCX, X_RDX, X_RBX, X_RSP, X_RBP, X_RSI, X_RDI, X_R8, X_R9, X_R10, X_R11, X_R12, X_R13, X_R14, X_R15 };

/* Condition codes (low nibble of jcc/setcc/cmovcc). */
enum { CC_O, CC_NO, CC_B, CC_AE, CC_E, CC_NE, CC_BE, CC_A, CC_S, CC_NS, CC_P, CC_NP, CC_L, CC_GE, CC_LE, CC_G };

/* Group-1 ALU operations (the /n of 81/83 and the base of op r/m,r). */
enum { ALU_ADD = 0, ALU_OR = 1, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7 };

/* Group-2 shifts (/n of C1/D3). */
enum { SH_ROL = 0, SH_ROR = 1, SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };

/* The JIT's code buffer (jit_buf.h). */
typedef vp_jit_buf xbuf;

/* A register or memory operand: mem ? [base + index*scale + disp] : reg. */
typedef struct xrm {
    bool mem;
    int8_t reg;
    int8_t base, index; /* index < 0: none */
    uint8_t scale;      /* 1, 2, 4, 8 */
    int32_t disp;
} xrm;

static inline xrm xr(int r) { return (xrm){.mem = false, .reg = (int8_t)r, .index = -1}; }
static inline xrm xm(int base, int32_t disp)
{
    return (xrm){.mem = true, .base = (int8_t)base, .index = -1, .scale = 1, .disp = disp};
}
static inline xrm xmi(int base, int index, uint8_t scale, int32_t disp)
{
    return (xrm){.mem = true, .base = (int8_t)base, .index = (int8_t)index, .scale = scale, .disp = disp};
}

static inline void x_b(xbuf *b, uint8_t v)
{
    if (b->p < b->end)
        *b->p++ = v;
    else
        b->overflow = true;
}
static inline void x_d32(xbuf *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        x_b(b, (uint8_t)(v >> (8 * i)));
}
static inline void x_d64(xbuf *b, uint64_t v)
{
    x_d32(b, (uint32_t)v);
    x_d32(b, (uint32_t)(v >> 32));
}
static inline bool x_fits8(int64_t v) { return v >= -128 && v <= 127; }
static inline bool x_fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

/* Emits [66] [REX] opcode(1-3 bytes, low byte first) ModRM [SIB] [disp].
 * byteop: 8-bit register operands (forces REX for spl/bpl/sil/dil). */
static inline void x_op(xbuf *b, uint32_t opc, int nopc, bool w, int reg, xrm rm, bool byteop, bool p66)
{
    int rmreg = rm.mem ? rm.base : rm.reg;
    uint8_t rex = (uint8_t)(0x40 | (w ? 8 : 0) | ((reg >> 3) & 1) << 2 | (rm.mem && rm.index >= 0 ? ((rm.index >> 3) & 1) << 1 : 0) |
                            ((rmreg >> 3) & 1));
    bool force = byteop && ((reg >= 4 && reg < 8) || (!rm.mem && rm.reg >= 4 && rm.reg < 8));
    if (p66)
        x_b(b, 0x66);
    if (rex != 0x40 || force)
        x_b(b, rex);
    for (int i = 0; i < nopc; i++)
        x_b(b, (uint8_t)(opc >> (8 * i)));
    uint8_t r3 = (uint8_t)((reg & 7) << 3);
    if (!rm.mem) {
        x_b(b, (uint8_t)(0xC0 | r3 | (rm.reg & 7)));
        return;
    }
    bool sib = rm.index >= 0 || (rm.base & 7) == 4;
    uint8_t mod = (rm.disp == 0 && (rm.base & 7) != 5) ? 0 : x_fits8(rm.disp) ? 1 : 2;
    x_b(b, (uint8_t)(mod << 6 | r3 | (sib ? 4 : (rm.base & 7))));
    if (sib) {
        uint8_t ss = rm.scale == 8 ? 3 : rm.scale == 4 ? 2 : rm.scale == 2 ? 1 : 0;
        uint8_t idx = rm.index >= 0 ? (uint8_t)(rm.index & 7) : 4;
        x_b(b, (uint8_t)(ss << 6 | idx << 3 | (rm.base & 7)));
    }
    if (mod == 1)
        x_b(b, (uint8_t)rm.disp);
    else if (mod == 2)
        x_d32(b, (uint32_t)rm.disp);
}

/* mov r, r/m  and  mov r/m, r  (size 1, 2, 4 or 8 for stores; 4/8 for loads) */
static inline void x_mov_load(xbuf *b, bool w, int r, xrm rm) { x_op(b, 0x8B, 1, w, r, rm, false, false); }
static inline void x_mov_store(xbuf *b, unsigned size, xrm rm, int r)
{
    if (size == 1)
        x_op(b, 0x88, 1, false, r, rm, true, false);
    else
        x_op(b, 0x89, 1, size == 8, r, rm, false, size == 2);
}
static inline void x_mov_rr(xbuf *b, bool w, int d, int s)
{
    if (d != s || !w)
        x_op(b, 0x89, 1, w, s, xr(d), false, false);
}
/* Loads a constant into r with the shortest form. */
static inline void x_mov_imm(xbuf *b, int r, uint64_t v)
{
    if (v == 0) {
        x_op(b, 0x31, 1, false, r, xr(r), false, false); /* xor r32, r32 */
    } else if (v <= UINT32_MAX) {
        if (r >= 8)
            x_b(b, 0x41);
        x_b(b, (uint8_t)(0xB8 + (r & 7)));
        x_d32(b, (uint32_t)v);
    } else if (x_fits32((int64_t)v)) {
        x_op(b, 0xC7, 1, true, 0, xr(r), false, false);
        x_d32(b, (uint32_t)v);
    } else {
        x_b(b, (uint8_t)(0x48 | (r >> 3)));
        x_b(b, (uint8_t)(0xB8 + (r & 7)));
        x_d64(b, v);
    }
}
/* mov r/m, simm32 (size 4 or 8) */
static inline void x_mov_mi(xbuf *b, bool w, xrm rm, int32_t v)
{
    x_op(b, 0xC7, 1, w, 0, rm, false, false);
    x_d32(b, (uint32_t)v);
}
/* movzx/movsx r, r/m8|16 (w: 64-bit destination) */
static inline void x_movzx8(xbuf *b, bool w, int r, xrm rm) { x_op(b, 0xB60F, 2, w, r, rm, true, false); }
static inline void x_movzx16(xbuf *b, bool w, int r, xrm rm) { x_op(b, 0xB70F, 2, w, r, rm, false, false); }
static inline void x_movsx8(xbuf *b, bool w, int r, xrm rm) { x_op(b, 0xBE0F, 2, w, r, rm, true, false); }
static inline void x_movsx16(xbuf *b, bool w, int r, xrm rm) { x_op(b, 0xBF0F, 2, w, r, rm, false, false); }
static inline void x_movsxd(xbuf *b, int r, xrm rm) { x_op(b, 0x63, 1, true, r, rm, false, false); }
static inline void x_lea(xbuf *b, bool w, int r, xrm rm) { x_op(b, 0x8D, 1, w, r, rm, false, false); }

/* r = r op rm */
static inline void x_alu_rm(xbuf *b, int alu, bool w, int r, xrm rm)
{
    x_op(b, (uint32_t)(alu * 8 + 3), 1, w, r, rm, false, false);
}
/* rm = rm op r */
static inline void x_alu_mr(xbuf *b, int alu, bool w, xrm rm, int r)
{
    x_op(b, (uint32_t)(alu * 8 + 1), 1, w, r, rm, false, false);
}
/* rm = rm op simm32 */
static inline void x_alu_mi(xbuf *b, int alu, bool w, xrm rm, int32_t v)
{
    if (x_fits8(v)) {
        x_op(b, 0x83, 1, w, alu, rm, false, false);
        x_b(b, (uint8_t)v);
    } else {
        x_op(b, 0x81, 1, w, alu, rm, false, false);
        x_d32(b, (uint32_t)v);
    }
}
static inline void x_cmp_mi8(xbuf *b, xrm rm, int8_t v) /* cmp byte [rm], imm8 */
{
    x_op(b, 0x80, 1, false, ALU_CMP, rm, true, false);
    x_b(b, (uint8_t)v);
}
static inline void x_test_rr(xbuf *b, bool w, int a, int c) { x_op(b, 0x85, 1, w, c, xr(a), false, false); }
/* F7 group: 2 not, 3 neg, 4 mul, 5 imul, 6 div, 7 idiv */
static inline void x_f7(xbuf *b, int n, bool w, xrm rm) { x_op(b, 0xF7, 1, w, n, rm, false, false); }
static inline void x_imul_rm(xbuf *b, bool w, int r, xrm rm) { x_op(b, 0xAF0F, 2, w, r, rm, false, false); }
static inline void x_shift_imm(xbuf *b, int sh, bool w, int r, uint8_t n)
{
    x_op(b, 0xC1, 1, w, sh, xr(r), false, false);
    x_b(b, n);
}
static inline void x_shift_cl(xbuf *b, int sh, bool w, int r) { x_op(b, 0xD3, 1, w, sh, xr(r), false, false); }
static inline void x_setcc(xbuf *b, int cc, int r) { x_op(b, (uint32_t)(0x900F | (cc << 8)), 2, false, 0, xr(r), true, false); }
static inline void x_cmov(xbuf *b, int cc, bool w, int r, xrm rm)
{
    x_op(b, (uint32_t)(0x400F | (cc << 8)), 2, w, r, rm, false, false);
}
static inline void x_cqo(xbuf *b, bool w)
{
    if (w)
        x_b(b, 0x48);
    x_b(b, 0x99);
}
static inline void x_push(xbuf *b, int r)
{
    if (r >= 8)
        x_b(b, 0x41);
    x_b(b, (uint8_t)(0x50 + (r & 7)));
}
static inline void x_pop(xbuf *b, int r)
{
    if (r >= 8)
        x_b(b, 0x41);
    x_b(b, (uint8_t)(0x58 + (r & 7)));
}
static inline void x_call_r(xbuf *b, int r) { x_op(b, 0xFF, 1, false, 2, xr(r), false, false); }
static inline void x_jmp_r(xbuf *b, int r) { x_op(b, 0xFF, 1, false, 4, xr(r), false, false); }
static inline void x_ret(xbuf *b) { x_b(b, 0xC3); }

/* Branches with a 32-bit displacement; return the offset of the rel32. */
static inline uint32_t x_jmp32(xbuf *b)
{
    x_b(b, 0xE9);
    uint32_t at = (uint32_t)(b->p - b->start);
    x_d32(b, 0);
    return at;
}
static inline uint32_t x_jcc32(xbuf *b, int cc)
{
    x_b(b, 0x0F);
    x_b(b, (uint8_t)(0x80 | cc));
    uint32_t at = (uint32_t)(b->p - b->start);
    x_d32(b, 0);
    return at;
}
/* Short branches for local skips; return the offset of the rel8. */
static inline uint32_t x_jmp8(xbuf *b)
{
    x_b(b, 0xEB);
    x_b(b, 0);
    return (uint32_t)(b->p - b->start - 1);
}
static inline uint32_t x_jcc8(xbuf *b, int cc)
{
    x_b(b, (uint8_t)(0x70 | cc));
    x_b(b, 0);
    return (uint32_t)(b->p - b->start - 1);
}
static inline uint32_t x_pos(const xbuf *b) { return (uint32_t)(b->p - b->start); }
/* Points the rel32 at `at` to offset `target` (both relative to start). */
static inline void x_patch32(xbuf *b, uint32_t at, uint32_t target)
{
    if (b->overflow || b->start + at + 4 > b->end)
        return;
    int32_t rel = (int32_t)(target - (at + 4));
    memcpy(b->start + at, &rel, 4);
}
/* Points the rel8 at `at` to the current position. */
static inline void x_patch8_here(xbuf *b, uint32_t at)
{
    if (b->overflow)
        return;
    b->start[at] = (uint8_t)(int8_t)(x_pos(b) - (at + 1));
}

#endif /* VP_JIT_X86_H */
