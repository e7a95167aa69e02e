/* SPDX-License-Identifier: Apache-2.0 */
/* rv_disas.c - RISC-V disassembler (vp_riscv_disas) for --trace in_asm:
 * every encoding the decoder knows, ABI register names, compressed
 * instructions as c.xxx with their own operands. */
#include <stdio.h>
#include <string.h>

#include "rv_int.h"

static const char *const abi_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *const fabi_names[32] = {
    "ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",  "fs0",  "fs1",  "fa0",
    "fa1", "fa2", "fa3",  "fa4",  "fa5", "fa6", "fa7",  "fs2",  "fs3",  "fs4",  "fs5",
    "fs6", "fs7", "fs8",  "fs9",  "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

static const char *rn(unsigned r) { return abi_names[r & 31]; }
static const char *fn(unsigned r) { return fabi_names[r & 31]; }

/* The F/D formats (RV_FMT_F_FIRST..). Returns false for other formats. */
static bool disas_fp(const rv_insn *d, const char *nm, char *buf, size_t size)
{
    switch (vp__rv_ops[d->op].fmt) {
    case RV_FMT_FR: snprintf(buf, size, "%s %s,%s,%s", nm, fn(d->rd), fn(d->rs1), fn(d->rs2)); return true;
    case RV_FMT_FR1: snprintf(buf, size, "%s %s,%s", nm, fn(d->rd), fn(d->rs1)); return true;
    case RV_FMT_FR4:
        snprintf(buf, size, "%s %s,%s,%s,%s", nm, fn(d->rd), fn(d->rs1), fn(d->rs2), fn(d->bits >> 27));
        return true;
    case RV_FMT_FXF: snprintf(buf, size, "%s %s,%s", nm, rn(d->rd), fn(d->rs1)); return true;
    case RV_FMT_FXFF: snprintf(buf, size, "%s %s,%s,%s", nm, rn(d->rd), fn(d->rs1), fn(d->rs2)); return true;
    case RV_FMT_FFX: snprintf(buf, size, "%s %s,%s", nm, fn(d->rd), rn(d->rs1)); return true;
    case RV_FMT_FLOAD:
    case RV_FMT_C_FLWSP:
    case RV_FMT_C_FLDSP:
        snprintf(buf, size, "%s %s,%lld(%s)", nm, fn(d->rd), (long long)d->imm, rn(d->rs1));
        return true;
    case RV_FMT_FSTORE:
        snprintf(buf, size, "%s %s,%lld(%s)", nm, fn(d->rs2), (long long)d->imm, rn(d->rs1));
        return true;
    default:
        if (strncmp(nm, "c.f", 3) != 0)
            return false;
        if (vp__rv_ops[d->op].fmt == RV_FMT_C_LW || vp__rv_ops[d->op].fmt == RV_FMT_C_LD)
            snprintf(buf, size, "%s %s,%lld(%s)", nm, fn(d->rd), (long long)d->imm, rn(d->rs1));
        else
            snprintf(buf, size, "%s %s,%lld(%s)", nm, fn(d->rs2), (long long)d->imm, rn(d->rs1));
        return true;
    }
}

/* "iorw" style set of a FENCE predecessor/successor field. */
static void fence_set(unsigned v, char *out)
{
    char *p = out;
    if (v & 8)
        *p++ = 'i';
    if (v & 4)
        *p++ = 'o';
    if (v & 2)
        *p++ = 'r';
    if (v & 1)
        *p++ = 'w';
    if (p == out)
        *p++ = '0';
    *p = '\0';
}

static uint64_t target(unsigned xlen, uint64_t pc, int64_t imm)
{
    uint64_t t = pc + (uint64_t)imm;
    return xlen == 32 ? (uint32_t)t : t;
}

/* Mnemonic of an AMO/LR/SC with its ordering suffix. */
static void amo_name(const rv_insn *d, char *out, size_t size)
{
    unsigned aq = RV_AQ(d->bits), rl = RV_RL(d->bits);
    snprintf(out, size, "%s%s%s%s", vp__rv_ops[d->op].name, (aq || rl) ? "." : "", aq ? "aq" : "",
             rl ? "rl" : "");
}

static void disas32(unsigned xlen, uint64_t pc, const rv_insn *d, char *buf, size_t size)
{
    const char *nm = vp__rv_ops[d->op].name;
    char a[16], c[16], nb[24], csrbuf[24];
    const char *csr = vp__rv_csr_name((unsigned)d->imm, xlen, csrbuf, sizeof(csrbuf));

    switch (vp__rv_ops[d->op].fmt) {
    case RV_FMT_R:
        snprintf(buf, size, "%s %s,%s,%s", nm, rn(d->rd), rn(d->rs1), rn(d->rs2));
        break;
    case RV_FMT_I:
        snprintf(buf, size, "%s %s,%s,%lld", nm, rn(d->rd), rn(d->rs1), (long long)d->imm);
        break;
    case RV_FMT_ISH:
        snprintf(buf, size, "%s %s,%s,0x%llx", nm, rn(d->rd), rn(d->rs1), (unsigned long long)d->imm);
        break;
    case RV_FMT_LOAD:
    case RV_FMT_JALR:
        snprintf(buf, size, "%s %s,%lld(%s)", nm, rn(d->rd), (long long)d->imm, rn(d->rs1));
        break;
    case RV_FMT_S:
        snprintf(buf, size, "%s %s,%lld(%s)", nm, rn(d->rs2), (long long)d->imm, rn(d->rs1));
        break;
    case RV_FMT_B:
        snprintf(buf, size, "%s %s,%s,0x%llx", nm, rn(d->rs1), rn(d->rs2),
                 (unsigned long long)target(xlen, pc, d->imm));
        break;
    case RV_FMT_U:
        snprintf(buf, size, "%s %s,0x%llx", nm, rn(d->rd), (unsigned long long)((d->imm >> 12) & 0xfffff));
        break;
    case RV_FMT_J:
        snprintf(buf, size, "%s %s,0x%llx", nm, rn(d->rd), (unsigned long long)target(xlen, pc, d->imm));
        break;
    case RV_FMT_CSR:
        snprintf(buf, size, "%s %s,%s,%s", nm, rn(d->rd), csr, rn(d->rs1));
        break;
    case RV_FMT_CSRI:
        snprintf(buf, size, "%s %s,%s,%u", nm, rn(d->rd), csr, (unsigned)d->rs1);
        break;
    case RV_FMT_FENCE:
        if (RV_FENCE_FM(d->bits) == 8) {
            snprintf(buf, size, "fence.tso");
            break;
        }
        fence_set(RV_FENCE_PRED(d->bits), a);
        fence_set(RV_FENCE_SUCC(d->bits), c);
        snprintf(buf, size, "%s %s,%s", nm, a, c);
        break;
    case RV_FMT_AMO:
        amo_name(d, nb, sizeof(nb));
        snprintf(buf, size, "%s %s,%s,(%s)", nb, rn(d->rd), rn(d->rs2), rn(d->rs1));
        break;
    case RV_FMT_LR:
        amo_name(d, nb, sizeof(nb));
        snprintf(buf, size, "%s %s,(%s)", nb, rn(d->rd), rn(d->rs1));
        break;
    default:
        snprintf(buf, size, "%s", nm);
        break;
    }
}

static void disas16(unsigned xlen, uint64_t pc, const rv_insn *d, char *buf, size_t size)
{
    const char *nm = vp__rv_ops[d->op].name;
    long long imm = (long long)d->imm;

    switch (vp__rv_ops[d->op].fmt) {
    case RV_FMT_C_ADDI4SPN:
        snprintf(buf, size, "%s %s,sp,%lld", nm, rn(d->rd), imm);
        break;
    case RV_FMT_C_LW:
    case RV_FMT_C_LD:
    case RV_FMT_C_LWSP:
    case RV_FMT_C_LDSP:
        snprintf(buf, size, "%s %s,%lld(%s)", nm, rn(d->rd), imm, rn(d->rs1));
        break;
    case RV_FMT_C_SW:
    case RV_FMT_C_SD:
    case RV_FMT_C_SWSP:
    case RV_FMT_C_SDSP:
        snprintf(buf, size, "%s %s,%lld(%s)", nm, rn(d->rs2), imm, rn(d->rs1));
        break;
    case RV_FMT_C_ADDI:
    case RV_FMT_C_ADDIW:
    case RV_FMT_C_LI:
    case RV_FMT_C_ADDI16SP:
    case RV_FMT_C_ANDI:
        snprintf(buf, size, "%s %s,%lld", nm, rn(d->rd), imm);
        break;
    case RV_FMT_C_SHIFT:
    case RV_FMT_C_SLLI:
        snprintf(buf, size, "%s %s,0x%llx", nm, rn(d->rd), (unsigned long long)d->imm);
        break;
    case RV_FMT_C_LUI:
        snprintf(buf, size, "%s %s,0x%llx", nm, rn(d->rd), (unsigned long long)((d->imm >> 12) & 0xfffff));
        break;
    case RV_FMT_C_ALU:
    case RV_FMT_C_MV:
    case RV_FMT_C_ADD:
        snprintf(buf, size, "%s %s,%s", nm, rn(d->rd), rn(d->rs2));
        break;
    case RV_FMT_C_J:
    case RV_FMT_C_JAL:
        snprintf(buf, size, "%s 0x%llx", nm, (unsigned long long)target(xlen, pc, d->imm));
        break;
    case RV_FMT_C_BRANCH:
        snprintf(buf, size, "%s %s,0x%llx", nm, rn(d->rs1), (unsigned long long)target(xlen, pc, d->imm));
        break;
    case RV_FMT_C_JR:
    case RV_FMT_C_JALR:
        snprintf(buf, size, "%s %s", nm, rn(d->rs1));
        break;
    default: /* c.nop, c.ebreak */
        snprintf(buf, size, "%s", nm);
        break;
    }
}

VP_API unsigned vp_riscv_disas(unsigned xlen, uint64_t pc, uint32_t insn, char *buf, size_t bufsize)
{
    rv_insn d;
    char tmp[96];

    if (xlen != 32 && xlen != 64)
        xlen = 64;
    if (!vp__rv_decode(xlen, insn, &d)) {
        if (d.len == 2)
            snprintf(tmp, sizeof(tmp), "illegal 0x%04x", (unsigned)d.bits);
        else
            snprintf(tmp, sizeof(tmp), "illegal 0x%08x", (unsigned)d.bits);
    } else if (disas_fp(&d, vp__rv_ops[d.op].name, tmp, sizeof(tmp))) {
        /* F/D */
    } else if (d.len == 2) {
        disas16(xlen, pc, &d, tmp, sizeof(tmp));
    } else {
        disas32(xlen, pc, &d, tmp, sizeof(tmp));
    }
    if (buf && bufsize)
        snprintf(buf, bufsize, "%s", tmp);
    return d.len;
}
