/* SPDX-License-Identifier: Apache-2.0 */
/* rv_insn.h - RISC-V instruction formats, field extraction and the decoded
 * instruction shared by the translator and the disassembler.
 *
 * 32-bit formats (bit 31 on the left):
 *
 *   31      25 24  20 19  15 14  12 11       7 6      0
 *  +----------+------+------+------+----------+--------+
 *  |  funct7  | rs2  | rs1  |funct3|    rd    | opcode |  R
 *  +----------+------+------+------+----------+--------+
 *  |    imm[11:0]    | rs1  |funct3|    rd    | opcode |  I
 *  +----------+------+------+------+----------+--------+
 *  | imm[11:5]| rs2  | rs1  |funct3| imm[4:0] | opcode |  S
 *  +----------+------+------+------+----------+--------+
 *  |12|10:5   | rs2  | rs1  |funct3|4:1    |11| opcode |  B
 *  +----------+------+------+------+----------+--------+
 *  |        imm[31:12]             |    rd    | opcode |  U
 *  +-------------------------------+----------+--------+
 *  |20|   10:1     |11|  19:12     |    rd    | opcode |  J
 *  +-------------------------------+----------+--------+
 *  |  csr[11:0]      | rs1  |funct3|    rd    | opcode |  CSR (rs1 = uimm)
 *  +-----+--+--+------+------+------+----------+--------+
 *  |funct5|aq|rl| rs2  | rs1  |funct3|    rd    | opcode |  AMO
 *  +-----+--+--+------+------+------+----------+--------+
 *  | fm  |pred|succ   | rs1  |funct3|    rd    | opcode |  FENCE (fm 31:28, pred 27:24, succ 23:20)
 *
 * 16-bit formats (C extension; r' = x8..x15, 3-bit field + 8):
 *
 *   15  13 12 11    7 6      2 1 0
 *  +------+--+-------+--------+---+
 *  |funct4   |rd/rs1 |  rs2   |op |  CR
 *  |funct3|im| rd/rs1| imm    |op |  CI
 *  |funct3| imm         | rs2 |op |  CSS
 *  |funct3| imm          |rd' |op |  CIW   (rd' in 4:2)
 *  |funct3| imm |rs1'|imm|rd' |op |  CL    (rs1' in 9:7, rd' in 4:2)
 *  |funct3| imm |rs1'|imm|rs2'|op |  CS
 *  |funct6     |rd'|f2 |rs2'|op |  CA    (rd'/rs1' in 9:7, funct2 in 6:5)
 *  |funct3| off |rs1'| off    |op |  CB
 *  |funct3|   jump target     |op |  CJ
 *  +------+--+-------+--------+---+
 */
#ifndef VP_RV_INSN_H
#define VP_RV_INSN_H

#include <stdbool.h>
#include <stdint.h>

/* Extensions (vp_rv_state.ext, rv_opdesc.ext): the bits an ISA string enables. */
#define VP_EXT_M (1u << 0)
#define VP_EXT_A (1u << 1)
#define VP_EXT_C (1u << 2)
#define VP_EXT_ZICSR (1u << 3)
#define VP_EXT_ZIFENCEI (1u << 4)
#define VP_EXT_U (1u << 5)
#define VP_EXT_F (1u << 6)
#define VP_EXT_D (1u << 7)

/* Bits [hi:lo] of x, unsigned. */
#define RV_BITS(x, hi, lo) (((uint32_t)(x) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1u))
/* Bit n of x moved to bit position `to`. */
#define RV_BIT_TO(x, n, to) ((uint32_t)RV_BITS(x, n, n) << (to))

/* Sign-extends the low `bits` bits of v. */
static inline int64_t rv_sext(uint64_t v, unsigned bits)
{
    uint64_t m = 1ull << (bits - 1);
    v &= (bits == 64) ? ~0ull : ((1ull << bits) - 1);
    return (int64_t)((v ^ m) - m);
}

/* Fields of the 32-bit formats (from the diagram above). */
#define RV_OPCODE(i) RV_BITS(i, 6, 0)
#define RV_RD(i) RV_BITS(i, 11, 7)
#define RV_FUNCT3(i) RV_BITS(i, 14, 12)
#define RV_RS1(i) RV_BITS(i, 19, 15)
#define RV_RS2(i) RV_BITS(i, 24, 20)
#define RV_FUNCT7(i) RV_BITS(i, 31, 25)
#define RV_CSR(i) RV_BITS(i, 31, 20)
#define RV_AQ(i) RV_BITS(i, 26, 26)
#define RV_RL(i) RV_BITS(i, 25, 25)
#define RV_FENCE_FM(i) RV_BITS(i, 31, 28)
#define RV_FENCE_PRED(i) RV_BITS(i, 27, 24)
#define RV_FENCE_SUCC(i) RV_BITS(i, 23, 20)
#define RV_SHAMT(i) RV_BITS(i, 25, 20)
#define RV_IMM_I(i) rv_sext(RV_BITS(i, 31, 20), 12)
#define RV_IMM_S(i) rv_sext((RV_BITS(i, 31, 25) << 5) | RV_BITS(i, 11, 7), 12)
#define RV_IMM_B(i)                                                                                \
    rv_sext(RV_BIT_TO(i, 31, 12) | RV_BIT_TO(i, 7, 11) | (RV_BITS(i, 30, 25) << 5) |               \
                (RV_BITS(i, 11, 8) << 1),                                                          \
            13)
#define RV_IMM_U(i) rv_sext((uint32_t)(i) & 0xfffff000u, 32)
#define RV_IMM_J(i)                                                                                \
    rv_sext(RV_BIT_TO(i, 31, 20) | (RV_BITS(i, 19, 12) << 12) | RV_BIT_TO(i, 20, 11) |             \
                (RV_BITS(i, 30, 21) << 1),                                                         \
            21)

/* Fields of the 16-bit formats. */
#define RV_C_OP(i) RV_BITS(i, 1, 0)
#define RV_C_FUNCT3(i) RV_BITS(i, 15, 13)
#define RV_C_RD(i) RV_BITS(i, 11, 7)      /* CR/CI rd/rs1 */
#define RV_C_RS2(i) RV_BITS(i, 6, 2)      /* CR/CSS rs2 */
#define RV_C_RDP(i) (RV_BITS(i, 4, 2) + 8) /* CIW/CL rd', CS/CA rs2' */
#define RV_C_RS1P(i) (RV_BITS(i, 9, 7) + 8) /* CL/CS/CB rs1', CA rd' */
/* CI 6-bit immediate imm[5] = bit 12, imm[4:0] = bits 6:2 */
#define RV_C_IMM6(i) (RV_BIT_TO(i, 12, 5) | RV_BITS(i, 6, 2))
/* CIW c.addi4spn: nzuimm[5:4|9:6|2|3] in bits 12:5 */
#define RV_C_UIMM_ADDI4SPN(i)                                                                      \
    ((RV_BITS(i, 12, 11) << 4) | (RV_BITS(i, 10, 7) << 6) | RV_BIT_TO(i, 6, 2) | RV_BIT_TO(i, 5, 3))
/* CL/CS word: uimm[5:3] = 12:10, uimm[2] = 6, uimm[6] = 5 */
#define RV_C_UIMM_W(i) ((RV_BITS(i, 12, 10) << 3) | RV_BIT_TO(i, 6, 2) | RV_BIT_TO(i, 5, 6))
/* CL/CS double: uimm[5:3] = 12:10, uimm[7:6] = 6:5 */
#define RV_C_UIMM_D(i) ((RV_BITS(i, 12, 10) << 3) | (RV_BITS(i, 6, 5) << 6))
/* CI c.lwsp: uimm[5] = 12, uimm[4:2] = 6:4, uimm[7:6] = 3:2 */
#define RV_C_UIMM_LWSP(i) (RV_BIT_TO(i, 12, 5) | (RV_BITS(i, 6, 4) << 2) | (RV_BITS(i, 3, 2) << 6))
/* CI c.ldsp: uimm[5] = 12, uimm[4:3] = 6:5, uimm[8:6] = 4:2 */
#define RV_C_UIMM_LDSP(i) (RV_BIT_TO(i, 12, 5) | (RV_BITS(i, 6, 5) << 3) | (RV_BITS(i, 4, 2) << 6))
/* CSS c.swsp: uimm[5:2] = 12:9, uimm[7:6] = 8:7 */
#define RV_C_UIMM_SWSP(i) ((RV_BITS(i, 12, 9) << 2) | (RV_BITS(i, 8, 7) << 6))
/* CSS c.sdsp: uimm[5:3] = 12:10, uimm[8:6] = 9:7 */
#define RV_C_UIMM_SDSP(i) ((RV_BITS(i, 12, 10) << 3) | (RV_BITS(i, 9, 7) << 6))
/* CI c.addi16sp: nzimm[9] = 12, [4] = 6, [6] = 5, [8:7] = 4:3, [5] = 2 */
#define RV_C_IMM_ADDI16SP(i)                                                                       \
    rv_sext(RV_BIT_TO(i, 12, 9) | RV_BIT_TO(i, 6, 4) | RV_BIT_TO(i, 5, 6) | (RV_BITS(i, 4, 3) << 7) | \
                RV_BIT_TO(i, 2, 5),                                                                \
            10)
/* CJ: offset[11|4|9:8|10|6|7|3:1|5] in bits 12:2 */
#define RV_C_IMM_J(i)                                                                              \
    rv_sext(RV_BIT_TO(i, 12, 11) | RV_BIT_TO(i, 11, 4) | (RV_BITS(i, 10, 9) << 8) |                \
                RV_BIT_TO(i, 8, 10) | RV_BIT_TO(i, 7, 6) | RV_BIT_TO(i, 6, 7) |                    \
                (RV_BITS(i, 5, 3) << 1) | RV_BIT_TO(i, 2, 5),                                      \
            12)
/* CB branch: offset[8|4:3] in 12:10, offset[7:6|2:1|5] in 6:2 */
#define RV_C_IMM_B(i)                                                                              \
    rv_sext(RV_BIT_TO(i, 12, 8) | (RV_BITS(i, 11, 10) << 3) | (RV_BITS(i, 6, 5) << 6) |            \
                (RV_BITS(i, 4, 3) << 1) | RV_BIT_TO(i, 2, 5),                                      \
            9)

/* Decode formats. The 32-bit ones first; the C ones from RV_FMT_C_FIRST. */
typedef enum rv_fmt {
    RV_FMT_R,     /* rd, rs1, rs2 */
    RV_FMT_I,     /* rd, rs1, imm */
    RV_FMT_ISH,   /* rd, rs1, shamt */
    RV_FMT_LOAD,  /* rd, imm(rs1) */
    RV_FMT_S,     /* rs2, imm(rs1) */
    RV_FMT_B,     /* rs1, rs2, target */
    RV_FMT_U,     /* rd, imm[31:12] */
    RV_FMT_J,     /* rd, target */
    RV_FMT_JALR,  /* rd, imm(rs1) */
    RV_FMT_CSR,   /* rd, csr, rs1 */
    RV_FMT_CSRI,  /* rd, csr, uimm */
    RV_FMT_FENCE, /* pred, succ */
    RV_FMT_NONE,  /* no operands */
    RV_FMT_AMO,   /* rd, rs2, (rs1) */
    RV_FMT_LR,    /* rd, (rs1) */
    RV_FMT_C_FIRST,
    RV_FMT_C_ADDI4SPN = RV_FMT_C_FIRST, /* rd', sp, uimm */
    RV_FMT_C_LW,       /* rd', uimm(rs1') */
    RV_FMT_C_LD,
    RV_FMT_C_SW,       /* rs2', uimm(rs1') */
    RV_FMT_C_SD,
    RV_FMT_C_NOP,      /* c.nop (and its hints) */
    RV_FMT_C_ADDI,     /* rd, imm (rd = rs1) */
    RV_FMT_C_ADDIW,    /* rd != 0 */
    RV_FMT_C_LI,       /* rd, imm (rs1 = x0) */
    RV_FMT_C_ADDI16SP, /* sp, nzimm */
    RV_FMT_C_LUI,      /* rd, nzimm[17:12] */
    RV_FMT_C_SHIFT,    /* rd', shamt (c.srli, c.srai) */
    RV_FMT_C_ANDI,     /* rd', imm */
    RV_FMT_C_ALU,      /* rd', rs2' (CA) */
    RV_FMT_C_J,        /* target (rd = x0) */
    RV_FMT_C_JAL,      /* target (rd = ra), RV32 */
    RV_FMT_C_BRANCH,   /* rs1', target (rs2 = x0) */
    RV_FMT_C_SLLI,     /* rd, shamt */
    RV_FMT_C_LWSP,     /* rd, uimm(sp) */
    RV_FMT_C_LDSP,
    RV_FMT_C_SWSP,     /* rs2, uimm(sp) */
    RV_FMT_C_SDSP,
    RV_FMT_C_JR,       /* rs1 (rd = x0) */
    RV_FMT_C_JALR,     /* rs1 (rd = ra) */
    RV_FMT_C_MV,       /* rd, rs2 (rs1 = x0) */
    RV_FMT_C_ADD,      /* rd, rs2 (rs1 = rd) */
    RV_FMT_C_EBREAK,
    RV_FMT_C_FLWSP,    /* frd, uimm(sp) (f0 allowed) */
    RV_FMT_C_FLDSP,
} rv_fmt;
/* FP formats (32-bit, after the C ones so RV_FMT_C_FIRST stays): */
#define RV_FMT_F_FIRST 64
#define RV_FMT_FR 64     /* frd, frs1, frs2 */
#define RV_FMT_FR1 65    /* frd, frs1 */
#define RV_FMT_FR4 66    /* frd, frs1, frs2, frs3 */
#define RV_FMT_FXF 67    /* xrd, frs1 (fcvt to int, fmv.x, fclass) */
#define RV_FMT_FXFF 68   /* xrd, frs1, frs2 (compares) */
#define RV_FMT_FFX 69    /* frd, xrs1 */
#define RV_FMT_FLOAD 70  /* frd, imm(xrs1) */
#define RV_FMT_FSTORE 71 /* frs2, imm(xrs1) */
#define RV_FMT_IS_C(f) ((f) >= RV_FMT_C_FIRST && (f) < RV_FMT_F_FIRST)

/* Which XLENs an encoding exists in. */
#define RV_XL_ANY 0
#define RV_XL_32 32
#define RV_XL_64 64

/* One decode-table entry (built from the .def files). */
typedef struct rv_opdesc {
    const char *name; /* mnemonic, "c.addi" for compressed */
    uint32_t mask, match;
    uint8_t fmt;      /* rv_fmt */
    uint8_t xl;       /* RV_XL_* */
    uint16_t ext;     /* VP_EXT_* bit needed (0: base) */
} rv_opdesc;

/* A decoded instruction, compressed ones in their expanded form. */
typedef struct rv_insn {
    uint32_t bits; /* raw encoding (16-bit ones zero-extended) */
    uint8_t len;   /* 2 or 4 */
    uint8_t rd, rs1, rs2;
    int64_t imm;   /* sign-extended immediate, shamt, csr number or uimm */
    int op;        /* index into vp__rv_ops[] */
} rv_insn;

extern const rv_opdesc vp__rv_ops[];
extern const unsigned vp__rv_n_ops;

/* Decodes `bits` (16 or 32 bits per its low bits). Returns false for an
 * illegal or reserved encoding (insn->bits/len are still set). */
bool vp__rv_decode(unsigned xlen, uint32_t bits, rv_insn *insn);

#endif /* VP_RV_INSN_H */
