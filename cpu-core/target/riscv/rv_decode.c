/* SPDX-License-Identifier: Apache-2.0 */
/* rv_decode.c - RISC-V decoder: the .def tables as one descriptor array,
 * operand extraction per format (compressed forms expanded) and the
 * reserved-encoding checks. Shared by the translator and the disassembler. */
#include "rv_insn.h"

const rv_opdesc vp__rv_ops[] = {
#define RV_INSN(h, name, mask, match, fmt, xl, ext) {name, mask, match, fmt, xl, ext},
#include "insn_all.def"
#undef RV_INSN
};
const unsigned vp__rv_n_ops = sizeof(vp__rv_ops) / sizeof(vp__rv_ops[0]);

/* Operands of a 32-bit format. Never fails (the table already matched). */
static void decode32(uint32_t i, unsigned fmt, rv_insn *d)
{
    d->rd = RV_RD(i);
    d->rs1 = RV_RS1(i);
    d->rs2 = RV_RS2(i);
    switch (fmt) {
    case RV_FMT_I:
    case RV_FMT_LOAD:
    case RV_FMT_JALR:
    case RV_FMT_FLOAD:
        d->imm = RV_IMM_I(i);
        break;
    case RV_FMT_ISH:
        d->imm = RV_SHAMT(i);
        break;
    case RV_FMT_S:
    case RV_FMT_FSTORE:
        d->imm = RV_IMM_S(i);
        break;
    case RV_FMT_B:
        d->imm = RV_IMM_B(i);
        break;
    case RV_FMT_U:
        d->imm = RV_IMM_U(i);
        break;
    case RV_FMT_J:
        d->imm = RV_IMM_J(i);
        break;
    case RV_FMT_CSR:
    case RV_FMT_CSRI:
        d->imm = RV_CSR(i);
        break;
    default:
        d->imm = 0;
        break;
    }
}

/* Loads/stores and register-register forms of the C extension. */
static bool decode16_mem(uint32_t i, unsigned fmt, rv_insn *d)
{
    switch (fmt) {
    case RV_FMT_C_ADDI4SPN:
        d->rd = RV_C_RDP(i), d->rs1 = 2, d->imm = RV_C_UIMM_ADDI4SPN(i);
        return d->imm != 0;
    case RV_FMT_C_LW:
        d->rd = RV_C_RDP(i), d->rs1 = RV_C_RS1P(i), d->imm = RV_C_UIMM_W(i);
        return true;
    case RV_FMT_C_LD:
        d->rd = RV_C_RDP(i), d->rs1 = RV_C_RS1P(i), d->imm = RV_C_UIMM_D(i);
        return true;
    case RV_FMT_C_SW:
        d->rs2 = RV_C_RDP(i), d->rs1 = RV_C_RS1P(i), d->imm = RV_C_UIMM_W(i);
        return true;
    case RV_FMT_C_SD:
        d->rs2 = RV_C_RDP(i), d->rs1 = RV_C_RS1P(i), d->imm = RV_C_UIMM_D(i);
        return true;
    case RV_FMT_C_LWSP:
        d->rd = RV_C_RD(i), d->rs1 = 2, d->imm = RV_C_UIMM_LWSP(i);
        return d->rd != 0;
    case RV_FMT_C_LDSP:
        d->rd = RV_C_RD(i), d->rs1 = 2, d->imm = RV_C_UIMM_LDSP(i);
        return d->rd != 0;
    case RV_FMT_C_FLWSP:
        d->rd = RV_C_RD(i), d->rs1 = 2, d->imm = RV_C_UIMM_LWSP(i);
        return true;
    case RV_FMT_C_FLDSP:
        d->rd = RV_C_RD(i), d->rs1 = 2, d->imm = RV_C_UIMM_LDSP(i);
        return true;
    case RV_FMT_C_SWSP:
        d->rs2 = RV_C_RS2(i), d->rs1 = 2, d->imm = RV_C_UIMM_SWSP(i);
        return true;
    case RV_FMT_C_SDSP:
        d->rs2 = RV_C_RS2(i), d->rs1 = 2, d->imm = RV_C_UIMM_SDSP(i);
        return true;
    case RV_FMT_C_JR:
        d->rd = 0, d->rs1 = RV_C_RD(i), d->imm = 0;
        return d->rs1 != 0;
    case RV_FMT_C_JALR:
        d->rd = 1, d->rs1 = RV_C_RD(i), d->imm = 0;
        return true;
    case RV_FMT_C_MV:
        d->rd = RV_C_RD(i), d->rs1 = 0, d->rs2 = RV_C_RS2(i);
        return true;
    case RV_FMT_C_ADD:
        d->rd = d->rs1 = RV_C_RD(i), d->rs2 = RV_C_RS2(i);
        return true;
    case RV_FMT_C_ALU:
        d->rd = d->rs1 = RV_C_RS1P(i), d->rs2 = RV_C_RDP(i);
        return true;
    case RV_FMT_C_EBREAK:
        return true;
    default:
        return false;
    }
}

/* Immediate forms and control transfers of the C extension. */
static bool decode16_imm(unsigned xlen, uint32_t i, unsigned fmt, rv_insn *d)
{
    switch (fmt) {
    case RV_FMT_C_NOP:
    case RV_FMT_C_ADDI:
        d->rd = d->rs1 = RV_C_RD(i), d->imm = rv_sext(RV_C_IMM6(i), 6);
        return true;
    case RV_FMT_C_ADDIW:
        d->rd = d->rs1 = RV_C_RD(i), d->imm = rv_sext(RV_C_IMM6(i), 6);
        return d->rd != 0;
    case RV_FMT_C_LI:
        d->rd = RV_C_RD(i), d->rs1 = 0, d->imm = rv_sext(RV_C_IMM6(i), 6);
        return true;
    case RV_FMT_C_ADDI16SP:
        d->rd = d->rs1 = 2, d->imm = RV_C_IMM_ADDI16SP(i);
        return d->imm != 0;
    case RV_FMT_C_LUI:
        d->rd = RV_C_RD(i), d->imm = rv_sext((uint64_t)RV_C_IMM6(i) << 12, 18);
        return d->imm != 0;
    case RV_FMT_C_SHIFT:
        d->rd = d->rs1 = RV_C_RS1P(i), d->imm = RV_C_IMM6(i);
        return xlen == 64 || d->imm < 32;
    case RV_FMT_C_SLLI:
        d->rd = d->rs1 = RV_C_RD(i), d->imm = RV_C_IMM6(i);
        return xlen == 64 || d->imm < 32;
    case RV_FMT_C_ANDI:
        d->rd = d->rs1 = RV_C_RS1P(i), d->imm = rv_sext(RV_C_IMM6(i), 6);
        return true;
    case RV_FMT_C_J:
        d->rd = 0, d->imm = RV_C_IMM_J(i);
        return true;
    case RV_FMT_C_JAL:
        d->rd = 1, d->imm = RV_C_IMM_J(i);
        return true;
    case RV_FMT_C_BRANCH:
        d->rs1 = RV_C_RS1P(i), d->rs2 = 0, d->imm = RV_C_IMM_B(i);
        return true;
    default:
        return decode16_mem(i, fmt, d);
    }
}

bool vp__rv_decode(unsigned xlen, uint32_t bits, rv_insn *d)
{
    bool is16 = (bits & 3u) != 3u;

    if (is16)
        bits &= 0xffffu;
    d->bits = bits;
    d->len = is16 ? 2 : 4;
    d->rd = d->rs1 = d->rs2 = 0;
    d->imm = 0;
    d->op = -1;
    for (unsigned k = 0; k < vp__rv_n_ops; k++) {
        const rv_opdesc *o = &vp__rv_ops[k];
        if (RV_FMT_IS_C(o->fmt) != is16)
            continue;
        if (o->xl != RV_XL_ANY && o->xl != xlen)
            continue;
        if ((bits & o->mask) != o->match)
            continue;
        d->op = (int)k;
        if (!is16) {
            decode32(bits, o->fmt, d);
            return true;
        }
        return decode16_imm(xlen, bits, o->fmt, d);
    }
    return false;
}
