/* SPDX-License-Identifier: Apache-2.0 */
/* guest_gen.c - random RISC-V programs (guest_gen.h). */
#include <stdbool.h>
#include <string.h>

#include "guest_gen.h"

/* Offsets from the start of RAM. */
#define OFF_TABLE 0x400u   /* 32 random 64-bit register values */
#define OFF_BODY 0x1000u
#define OFF_BODY_END 0x7000u
#define OFF_EXIT 0x8000u   /* the ecall that ends the body */
#define OFF_FINAL 0x8100u  /* M mode: registers stored, finisher written */
#define OFF_HANDLER 0x9000u
#define OFF_DATA 0x10800u  /* x18: RAM the body reads and writes (+-2 KiB) */
#define OFF_DUMP 0x12000u  /* where FINAL stores x1..x31 */
#define OFF_PT 0xa000u     /* page tables: root, then the next levels */
#define RAM_BASE 0x80000000u
#define PT_PAGES 0x20u     /* the image's first pages get leaves of random permissions */
#define MAX_SLOTS 1400u

enum { T5 = 30, T6 = 31, B_RAM = 18, B_UART = 19, B_NONE = 20, B_CODE = 21, B_CLINT = 22, B_PT = 23, TMP1 = 28, TMP2 = 29 };

typedef struct gen {
    uint64_t s;      /* xorshift state */
    unsigned xlen;
    uint8_t *img;
    uint32_t at;     /* emit offset */
    bool paging;     /* satp set: S and U mode run translated */
    uint32_t leaf0;  /* image offset of the table whose leaves map the image's pages */
} gen;

static uint64_t rnd(gen *g)
{
    g->s ^= g->s << 13;
    g->s ^= g->s >> 7;
    g->s ^= g->s << 17;
    return g->s;
}

static unsigned pick(gen *g, unsigned n) { return (unsigned)(rnd(g) % n); }

static void emit32(gen *g, uint32_t w)
{
    for (int i = 0; i < 4; i++)
        g->img[g->at++] = (uint8_t)(w >> (8 * i));
}

static void emit16(gen *g, uint16_t w)
{
    g->img[g->at++] = (uint8_t)w;
    g->img[g->at++] = (uint8_t)(w >> 8);
}

/* ---- encoders ---- */
static uint32_t R(unsigned f7, unsigned rs2, unsigned rs1, unsigned f3, unsigned rd, unsigned op)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static uint32_t I(int32_t imm, unsigned rs1, unsigned f3, unsigned rd, unsigned op)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static uint32_t S(int32_t imm, unsigned rs2, unsigned rs1, unsigned f3, unsigned op)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1f) << 7 | op;
}
static uint32_t B(int32_t off, unsigned rs2, unsigned rs1, unsigned f3)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | ((u >> 1) & 0xf) << 8 |
           ((u >> 11) & 1) << 7 | 0x63;
}
static uint32_t U(uint32_t imm20, unsigned rd, unsigned op) { return (imm20 & 0xfffff) << 12 | rd << 7 | op; }
static uint32_t J(int32_t off, unsigned rd)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 | ((u >> 12) & 0xff) << 12 |
           rd << 7 | 0x6f;
}
#define CSRRW 1
#define CSRRS 2
#define CSRRC 3
static uint32_t CSR(unsigned f3, unsigned csr, unsigned rs1, unsigned rd) { return I((int32_t)csr, rs1, f3, rd, 0x73); }

/* rd = pc of this sequence's first instruction + delta (auipc + addi). */
static void la(gen *g, unsigned rd, int64_t delta)
{
    int32_t lo = (int32_t)((int64_t)((uint64_t)delta << 52) >> 52);
    emit32(g, U((uint32_t)((delta - lo) >> 12), rd, 0x17));
    emit32(g, I(lo, rd, 0, rd, 0x13));
}

/* rd = a 32-bit constant (sign-extended on RV64). */
static void li32(gen *g, unsigned rd, int32_t v)
{
    int32_t lo = (int32_t)((uint32_t)v << 20) >> 20;
    emit32(g, U((uint32_t)(v - lo) >> 12, rd, 0x37));
    emit32(g, I(lo, rd, 0, rd, 0x13));
}

/* ---- the body ---- */

/* A register the body may write: not a base, not the handler's t5/t6. */
static unsigned rd_pool(gen *g)
{
    for (;;) {
        unsigned r = 1 + pick(g, 29);
        if (r < B_RAM || r > B_PT)
            return r;
    }
}

static unsigned any_reg(gen *g) { return pick(g, 32); }

/* A base register and an offset for an access of `size` bytes. Loads may
 * read the body's code; the body's stores into code are code_store slots
 * (they write whole instructions, so no jump can appear). */
static void mem_target(gen *g, unsigned size, uint32_t code_bytes, unsigned *base, int32_t *off)
{
    switch (pick(g, 10)) {
    case 0:
        *base = B_UART;
        *off = (int32_t)pick(g, 8);
        return;
    case 1:
        *base = B_NONE;
        *off = (int32_t)pick(g, 4096) - 2048;
        return;
    case 2:
        *base = B_CLINT;
        *off = (int32_t)(pick(g, 512) * 4);
        return;
    case 3:
        if (code_bytes > 64) { /* into the body itself: later instructions change before they run */
            *base = B_CODE;
            *off = (int32_t)(pick(g, (code_bytes - 8 < 2040 ? code_bytes - 8 : 2040)) & ~(size - 1));
            return;
        }
        /* fall through */
    default:
        *base = B_RAM;
        *off = ((int32_t)pick(g, 4096) - 2048) & ~(int32_t)(pick(g, 4) ? size - 1 : 0); /* mostly aligned */
        return;
    }
}

static const unsigned k_safe_csrs[] = {
    0x340, 0x341, 0x342, 0x343,        /* mscratch, mepc, mcause, mtval */
    0x140, 0x141, 0x142, 0x143,        /* sscratch, sepc, scause, stval */
    0x001, 0x002, 0x003,               /* fflags, frm, fcsr */
    0xc00, 0xc02, 0xb00, 0xb02, 0x320, /* cycle, instret, mcycle, minstret, mcountinhibit */
    0x306, 0x106, 0xf11, 0xf14, 0x301, /* mcounteren, scounteren, mvendorid, mhartid, misa */
    0x344,                             /* mip (software-writable bits; nothing is enabled) */
};

/* CSRs a random access must not reach: those that would enable
 * interrupts, move the handler, delegate traps, turn on translation or
 * protection, or read the kernel's time (these change meaning with the
 * executor's sync points). */
static int csr_forbidden(unsigned c)
{
    return c == 0x300 || c == 0x304 || c == 0x305 || c == 0x302 || c == 0x303 || c == 0x100 || c == 0x104 ||
           c == 0x105 || c == 0x180 || (c >= 0x3a0 && c <= 0x3ef) || c == 0xc01 || c == 0xc81 || c == 0x310;
}

static void gen_alu(gen *g)
{
    unsigned rd = rd_pool(g), rs1 = any_reg(g), rs2 = any_reg(g), f3 = pick(g, 8);
    bool w = g->xlen == 64 && pick(g, 4) == 0;
    switch (pick(g, 4)) {
    case 0: { /* OP-IMM */
        int32_t imm = (int32_t)pick(g, 4096) - 2048;
        if (f3 == 1)
            imm &= w ? 31 : (int32_t)g->xlen - 1;
        else if (f3 == 5)
            imm = (imm & (w ? 31 : (int32_t)g->xlen - 1)) | (pick(g, 2) ? 0x400 : 0);
        if (w && f3 != 0 && f3 != 1 && f3 != 5)
            f3 = 0;
        emit32(g, I(imm, rs1, f3, rd, w ? 0x1b : 0x13));
        return;
    }
    case 1: /* OP, M */
        emit32(g, R(pick(g, 3) == 0 ? 1 : ((f3 == 0 || f3 == 5) && pick(g, 2) ? 0x20 : 0), rs2, rs1, f3, rd,
                    w ? 0x3b : 0x33));
        return;
    case 2:
        emit32(g, U((uint32_t)rnd(g), rd, pick(g, 2) ? 0x37 : 0x17));
        return;
    default: /* anything in OP's encoding space (most of it illegal) */
        emit32(g, R(pick(g, 128), rs2, rs1, f3, rd, w ? 0x3b : 0x33));
        return;
    }
}

static void gen_load_store(gen *g, uint32_t code_bytes)
{
    unsigned size_log = pick(g, g->xlen == 64 ? 4 : 3), base;
    int32_t off;
    bool load = pick(g, 2);
    mem_target(g, 1u << size_log, load ? code_bytes : 0, &base, &off);
    if (load) {
        unsigned f3 = size_log | (size_log < 3 && pick(g, 2) ? 4 : 0);
        emit32(g, I(off, base, f3, rd_pool(g), 0x03));
    } else {
        emit32(g, S(off, any_reg(g), base, size_log, 0x23));
    }
}

static void gen_atomic(gen *g)
{
    static const unsigned ops[] = {0x01, 0x00, 0x04, 0x0c, 0x08, 0x10, 0x14, 0x18, 0x1c};
    unsigned base = pick(g, 4) ? B_RAM : (pick(g, 2) ? B_NONE : B_UART);
    unsigned f3 = g->xlen == 64 && pick(g, 2) ? 3 : 2, aqrl = pick(g, 4);
    if (pick(g, 4) == 0) { /* an LR/SC pair on the same word, something between */
        unsigned rd = rd_pool(g);
        emit32(g, R(0x02 << 2 | aqrl, 0, base, f3, rd, 0x2f));
        emit32(g, I((int32_t)pick(g, 64), rd, 0, rd, 0x13));
        emit32(g, R(0x03 << 2 | aqrl, rd, base, f3, rd_pool(g), 0x2f));
        return;
    }
    emit32(g, R(ops[pick(g, 9)] << 2 | aqrl, any_reg(g), base, f3, rd_pool(g), 0x2f));
}

static void gen_csr(gen *g)
{
    unsigned csr;
    do
        csr = pick(g, 4) ? k_safe_csrs[pick(g, sizeof k_safe_csrs / sizeof k_safe_csrs[0])] : pick(g, 4096);
    while (csr_forbidden(csr));
    unsigned f3 = 1 + pick(g, 3) + (pick(g, 2) ? 4 : 0); /* csrrw/s/c and their immediate forms */
    emit32(g, CSR(f3, csr, pick(g, 32), rd_pool(g)));
}

/* mret or sret to the next instruction, in a random mode. */
static void gen_xret(gen *g)
{
    bool m = pick(g, 2);
    unsigned mode = pick(g, 3); /* M: U, S or M; S: U or S */
    if (m) {
        li32(g, TMP1, 0x1800);
        emit32(g, CSR(CSRRC, 0x300, TMP1, 0));
        li32(g, TMP1, (int32_t)((mode == 2 ? 3u : mode) << 11));
        emit32(g, CSR(CSRRS, 0x300, TMP1, 0));
    } else {
        emit32(g, I(0x100, 0, 0, TMP1, 0x13));
        emit32(g, CSR(mode ? CSRRS : CSRRC, 0x300, TMP1, 0)); /* SPP */
    }
    emit32(g, U(0, TMP2, 0x17));                    /* auipc: this instruction's pc */
    emit32(g, I(16, TMP2, 0, TMP2, 0x13));          /* + 16: after the xret */
    emit32(g, CSR(CSRRW, m ? 0x341 : 0x141, TMP2, 0)); /* mepc / sepc */
    emit32(g, m ? 0x30200073u : 0x10200073u);
}

static void gen_fp(gen *g, uint32_t code_bytes)
{
    unsigned fmt = pick(g, 2), rm = pick(g, 8); /* S or D; rounding 5 and 6 are illegal */
    unsigned rd = pick(g, 32), rs1 = pick(g, 32), rs2 = pick(g, 32), rs3 = pick(g, 32);
    switch (pick(g, 5)) {
    case 0: { /* FP load/store */
        unsigned base;
        int32_t off;
        bool load = pick(g, 2);
        mem_target(g, fmt ? 8 : 4, load ? code_bytes : 0, &base, &off);
        if (load)
            emit32(g, I(off, base, fmt ? 3 : 2, rd, 0x07));
        else
            emit32(g, S(off, rs2, base, fmt ? 3 : 2, 0x27));
        return;
    }
    case 1: /* fused multiply-add */
        emit32(g, rs3 << 27 | fmt << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | (0x43u + 4 * pick(g, 4)));
        return;
    case 2: { /* the usual operations (integer destinations from the pool) */
        static const unsigned f5[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x0b, 0x14, 0x18, 0x1a, 0x1c, 0x1e};
        unsigned op = f5[pick(g, 13)];
        if (op == 0x14 || op == 0x18 || op == 0x1c)
            rd = rd_pool(g);
        if (op == 0x18 || op == 0x1a)
            rs2 = pick(g, g->xlen == 64 ? 4 : 2);
        if (op == 0x1e || op == 0x1c)
            rs2 = 0, rm = op == 0x1c ? pick(g, 2) : 0;
        if (op == 0x08)
            rs2 = !fmt;
        emit32(g, (op << 2 | fmt) << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | 0x53);
        return;
    }
    default: /* anywhere in OP-FP */
        emit32(g, R(pick(g, 128), rs2, rs1, rm, pick(g, 2) ? rd : rd_pool(g), 0x53));
        return;
    }
}

/* A random compressed instruction, control flow excluded (it could jump back). */
static void gen_compressed(gen *g)
{
    for (;;) {
        uint16_t w = (uint16_t)rnd(g);
        unsigned q = w & 3, f3 = w >> 13;
        if (q == 3)
            continue;
        if (q == 1 && (f3 == 5 || f3 == 6 || f3 == 7 || (f3 == 1 && g->xlen == 32)))
            continue; /* c.j, c.beqz, c.bnez, c.jal */
        if (q == 2 && f3 == 4 && ((w >> 2) & 0x1f) == 0 && ((w >> 7) & 0x1f) != 0)
            continue; /* c.jr, c.jalr */
        unsigned rd = (w >> 7) & 0x1f;
        bool writes_rd = (q == 1 && f3 <= 3) || (q == 2 && (f3 == 0 || f3 == 2 || f3 == 4 || (f3 == 3 && g->xlen == 64)));
        if (writes_rd && ((rd >= B_RAM && rd <= B_PT) || rd >= T5))
            continue; /* the bases and the handler's registers stay */
        emit16(g, w);
        return;
    }
}

/* ---- page tables (Sv32 on RV32, Sv39 on RV64), identity-mapped ---- */

#define PTE_V 0x01u
#define PTE_R 0x02u
#define PTE_W 0x04u
#define PTE_X 0x08u
#define PTE_U 0x10u
#define PTE_G 0x20u
#define PTE_A 0x40u
#define PTE_D 0x80u

/* Random permissions for a leaf: mostly valid and accessed, often RWX,
 * sometimes reserved (W without R), U half the time. */
static uint32_t leaf_flags(gen *g)
{
    uint32_t f = pick(g, 16) ? PTE_V : 0;
    f |= pick(g, 2) ? PTE_R | PTE_W | PTE_X : (uint32_t)pick(g, 8) << 1;
    f |= pick(g, 2) ? PTE_U : 0;
    f |= pick(g, 8) ? PTE_A : 0;
    f |= pick(g, 4) ? PTE_D : 0;
    f |= pick(g, 4) ? 0 : PTE_G;
    return f;
}

static void put_pte(gen *g, uint32_t table, unsigned index, uint64_t pte)
{
    unsigned size = g->xlen == 64 ? 8 : 4;
    for (unsigned i = 0; i < size; i++)
        g->img[table + index * size + i] = (uint8_t)(pte >> (8 * i));
}

/* A leaf of the image's own pages: identity, flags given. */
static uint64_t image_leaf(unsigned page, uint32_t flags)
{
    return (uint64_t)((RAM_BASE >> 12) + page) << 10 | flags;
}

/* The tables in the image at OFF_PT (identity everywhere they map):
 *  Sv39: root[0] -> L1 (CLINT and UART 2 MiB pages, the 2 MiB at 0 maybe
 *        mapped to nothing), root[2] -> L1 (RAM: the first 2 MiB in 4 KiB
 *        pages through the leaf table, the rest in 2 MiB pages).
 *  Sv32: root[8] CLINT and root[0x40] UART 4 MiB pages, root[0] maybe,
 *        root[0x200] -> the leaf table (the first 4 MiB of RAM).
 * The first PT_PAGES pages of RAM (the program, its data) get random
 * permissions; B_PT points at their leaves. */
static void build_tables(gen *g)
{
    uint32_t root = OFF_PT;
    uint64_t io = PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
    if (g->xlen == 64) {
        uint32_t l1io = OFF_PT + 0x1000, l1ram = OFF_PT + 0x2000, l0 = OFF_PT + 0x3000;
        put_pte(g, root, 0, (uint64_t)((RAM_BASE + l1io) >> 12) << 10 | PTE_V);
        put_pte(g, root, 2, (uint64_t)((RAM_BASE + l1ram) >> 12) << 10 | PTE_V);
        put_pte(g, l1io, 0x02000000u >> 21, (uint64_t)(0x02000000u >> 12) << 10 | io | (pick(g, 2) ? PTE_U : 0));
        put_pte(g, l1io, 0x10000000u >> 21, (uint64_t)(0x10000000u >> 12) << 10 | io | (pick(g, 2) ? PTE_U : 0));
        if (pick(g, 2))
            put_pte(g, l1io, 0, io); /* address 0: mapped, to nothing (access faults, not page faults) */
        put_pte(g, l1ram, 0, (uint64_t)((RAM_BASE + l0) >> 12) << 10 | PTE_V);
        for (unsigned i = 1; i < 64; i++) /* the rest of the first 128 MiB */
            put_pte(g, l1ram, i, (uint64_t)((RAM_BASE >> 12) + i * 512) << 10 | io | PTE_X);
        for (unsigned p = 0; p < 512; p++)
            put_pte(g, l0, p, image_leaf(p, p < PT_PAGES ? leaf_flags(g) : (uint32_t)io | PTE_X));
        g->leaf0 = l0;
    } else {
        uint32_t l0 = OFF_PT + 0x1000;
        put_pte(g, root, 0x02000000u >> 22, (uint64_t)(0x02000000u >> 12) << 10 | io | (pick(g, 2) ? PTE_U : 0));
        put_pte(g, root, 0x10000000u >> 22, (uint64_t)(0x10000000u >> 12) << 10 | io | (pick(g, 2) ? PTE_U : 0));
        if (pick(g, 2))
            put_pte(g, root, 0, io);
        put_pte(g, root, RAM_BASE >> 22, (uint64_t)((RAM_BASE + l0) >> 12) << 10 | PTE_V);
        for (unsigned i = 1; i < 32; i++) /* the rest of the first 128 MiB */
            put_pte(g, root, (RAM_BASE >> 22) + i, (uint64_t)((RAM_BASE >> 12) + i * 1024) << 10 | io | PTE_X);
        for (unsigned p = 0; p < 1024; p++)
            put_pte(g, l0, p, image_leaf(p, p < PT_PAGES ? leaf_flags(g) : (uint32_t)io | PTE_X));
        g->leaf0 = l0;
    }
}

/* satp = the mode, a random ASID and the root's page number, into rd
 * (uses TMP2). */
static void satp_value(gen *g, unsigned rd)
{
    la(g, rd, (int64_t)OFF_PT - g->at);
    emit32(g, I(12, rd, 5, rd, 0x13)); /* srli rd, rd, 12 */
    if (g->xlen == 64) { /* ((8 << 16) | ASID) << 44: mode 8 (Sv39) at 60, the ASID at 44 */
        emit32(g, I(8, 0, 0, TMP2, 0x13));
        emit32(g, I(16, TMP2, 1, TMP2, 0x13));
        emit32(g, I((int32_t)pick(g, 16), TMP2, 6, TMP2, 0x13)); /* ori */
        emit32(g, I(44, TMP2, 1, TMP2, 0x13));
    } else {
        emit32(g, U(0x80000u | (uint32_t)pick(g, 16) << 10, TMP2, 0x37)); /* mode 1 (bit 31), ASID at 22 */
    }
    emit32(g, R(0, TMP2, rd, 6, rd, 0x33)); /* or */
}

static uint32_t sfence(unsigned rs1, unsigned rs2) { return 0x12000073u | rs2 << 20 | rs1 << 15; }

/* One paging operation in the body: a leaf's permissions changed (then
 * every translation dropped, so the program means the same whatever a TLB
 * kept), an sfence.vma, translation off or on again, or SUM, MXR or MPRV
 * flipped (traps outside M mode, then skipped). */
static void gen_paging(gen *g)
{
    unsigned xb = g->xlen == 64 ? 8 : 4;
    switch (pick(g, 6)) {
    case 0:
    case 1: {
        unsigned page = pick(g, PT_PAGES);
        li32(g, TMP1, (int32_t)image_leaf(page, leaf_flags(g)));
        emit32(g, S((int32_t)(page * xb), TMP1, B_PT, xb == 8 ? 3 : 2, 0x23));
        emit32(g, sfence(0, 0));
        return;
    }
    case 2:
        emit32(g, sfence(pick(g, 4) ? 0 : any_reg(g), pick(g, 4) ? 0 : any_reg(g)));
        return;
    case 3:
        if (pick(g, 2))
            satp_value(g, TMP1);
        else
            emit32(g, I(0, 0, 0, TMP1, 0x13)); /* bare: translation off */
        emit32(g, CSR(CSRRW, 0x180, TMP1, 0));
        emit32(g, sfence(0, 0));
        return;
    default: {
        static const unsigned bits[] = {18, 19, 17}; /* SUM, MXR, MPRV */
        li32(g, TMP1, (int32_t)(1u << bits[pick(g, 3)]));
        emit32(g, CSR(pick(g, 2) ? CSRRS : CSRRC, 0x300, TMP1, 0));
        return;
    }
    }
}

typedef struct slot {
    uint32_t at;   /* offset of its first byte */
    uint8_t kind;  /* 0: done; 1: branch; 2: jal; 3: auipc+jalr; 4: a store of an instruction into a later slot */
    bool simple;   /* one 32-bit instruction, no control flow: a code store may replace it */
} slot;

/* A harmless instruction a code store writes over another: an OP-IMM. */
static uint32_t safe_insn(gen *g)
{
    static const unsigned f3s[] = {0, 2, 3, 4, 6, 7};
    return I((int32_t)pick(g, 4096) - 2048, any_reg(g), f3s[pick(g, 6)], rd_pool(g), 0x13);
}

unsigned guest_gen(uint64_t seed, unsigned xlen, uint8_t *img)
{
    gen g = {.s = seed * 0x9E3779B97F4A7C15ull + 0x1234567u, .xlen = xlen, .img = img};
    memset(img, 0, GUEST_IMAGE_SIZE);
    for (int i = 0; i < 8; i++)
        rnd(&g);
    bool rv64 = xlen == 64;
    /* the register table */
    for (unsigned r = 0; r < 32; r++) {
        uint64_t v = rnd(&g);
        if (pick(&g, 4) == 0)
            v = (uint64_t)(int64_t)(int32_t)pick(&g, 64) - 32; /* small numbers too */
        memcpy(img + OFF_TABLE + 8 * r, &v, 8);
    }
    /* prologue */
    g.at = 0;
    emit32(&g, U(0, T6, 0x17)); /* t6 = start of RAM */
    la(&g, T5, (int64_t)OFF_HANDLER - g.at);
    emit32(&g, CSR(CSRRW, 0x305, T5, 0)); /* mtvec */
    li32(&g, T5, 0x2000);
    emit32(&g, CSR(CSRRS, 0x300, T5, 0)); /* mstatus.FS = Initial: the FPU on */
    emit32(&g, I(-1, 0, 0, T5, 0x13));
    emit32(&g, CSR(CSRRW, 0x3b0, T5, 0)); /* pmpaddr0: everything, */
    emit32(&g, I(0x1f, 0, 0, T5, 0x13));
    emit32(&g, CSR(CSRRW, 0x3a0, T5, 0)); /* pmpcfg0: NAPOT RWX, so S and U mode may run */
    g.paging = pick(&g, 3) != 0; /* two programs in three run S and U mode translated */
    if (g.paging) {
        build_tables(&g);
        satp_value(&g, T5);
        emit32(&g, CSR(CSRRW, 0x180, T5, 0)); /* satp */
        emit32(&g, sfence(0, 0));
    }
    for (unsigned r = 1; r < 30; r++)
        emit32(&g, I((int32_t)(OFF_TABLE + 8 * r), T6, rv64 ? 3 : 2, r, 0x03));
    for (unsigned f = 0; f < 32; f++)
        emit32(&g, I((int32_t)(OFF_TABLE + 8 * f), T6, 3, f, 0x07)); /* fld */
    la(&g, B_RAM, (int64_t)OFF_DATA - g.at);
    emit32(&g, U(0x10000, B_UART, 0x37));
    emit32(&g, I(0, 0, 0, B_NONE, 0x13));
    la(&g, B_CODE, (int64_t)OFF_BODY - g.at);
    emit32(&g, U(0x2000, B_CLINT, 0x37));
    la(&g, B_PT, (int64_t)(g.paging ? g.leaf0 : OFF_DATA) - g.at); /* without paging: more RAM */
    emit32(&g, J((int32_t)(OFF_BODY - g.at), 0));
    /* body: first the slots, then the forward jumps resolved */
    static slot slots[MAX_SLOTS + 1];
    unsigned planned = 200 + pick(&g, 800), n = 0;
    bool wfi = pick(&g, 6) == 0; /* a wfi with nothing enabled ends the run (dead-lock): in a few programs only */
    g.at = OFF_BODY;
    uint32_t est = planned * 2; /* stores into the body stay below its smallest possible size */
    for (unsigned i = 0; i < planned && g.at < OFF_BODY_END - 64; i++) {
        slot *s = &slots[i];
        s->at = g.at;
        s->kind = 0;
        unsigned k = pick(&g, 1000);
        if (k >= 952 && k < 954 && !wfi)
            k = 0;
        if (g.paging && pick(&g, 100) < 6)
            gen_paging(&g);
        else if (k < 200)
            gen_alu(&g);
        else if (k < 400)
            gen_load_store(&g, est);
        else if (k < 420) {
            s->kind = 4;
            g.at += 12;
        }
        else if (k < 470)
            gen_atomic(&g);
        else if (k < 540)
            gen_csr(&g);
        else if (k < 660)
            gen_fp(&g, est);
        else if (k < 800)
            gen_compressed(&g);
        else if (k < 870) {
            s->kind = 1;
            g.at += 4;
        } else if (k < 900) {
            s->kind = 2;
            g.at += 4;
        } else if (k < 915) {
            s->kind = 3;
            g.at += 8;
        } else if (k < 930)
            emit32(&g, pick(&g, 2) ? 0x0000000fu : 0x0000100fu); /* fence, fence.i */
        else if (k < 945)
            emit32(&g, 0x00000073u); /* ecall */
        else if (k < 952)
            pick(&g, 2) ? emit32(&g, 0x00100073u) : emit16(&g, 0x9002u); /* ebreak, c.ebreak */
        else if (k < 954)
            emit32(&g, 0x10500073u); /* wfi */
        else if (k < 972)
            gen_xret(&g);
        else { /* anything but a jump or a branch */
            uint32_t w;
            do
                w = (uint32_t)rnd(&g) | 3;
            while ((w & 0x7f) == 0x63 || (w & 0x7f) == 0x67 || (w & 0x7f) == 0x6f);
            emit32(&g, w);
        }
        s->simple = !s->kind && g.at - s->at == 4 && k < 420;
        n = i + 1;
    }
    slots[n].at = g.at; /* the landing: jumps to the exit */
    for (unsigned i = 0; i < 4; i++)
        emit32(&g, J((int32_t)(OFF_EXIT - g.at), 0));
    for (unsigned i = 0; i < n; i++) {
        slot *s = &slots[i];
        if (!s->kind)
            continue;
        g.at = s->at;
        if (s->kind == 4) { /* the first simple slot from a random point on, within reach of B_CODE */
            unsigned j = i + 1 + pick(&g, 30);
            while (j < n && !(slots[j].simple && slots[j].at - OFF_BODY < 2040))
                j++;
            li32(&g, TMP1, (int32_t)safe_insn(&g));
            if (j < n)
                emit32(&g, S((int32_t)(slots[j].at - OFF_BODY), TMP1, B_CODE, 2, 0x23));
            else
                emit32(&g, 0x00000013u); /* nop */
            continue;
        }
        unsigned t = i + 1 + pick(&g, 6);
        if (t > n)
            t = n;
        int32_t off = (int32_t)(slots[t].at - s->at);
        if (s->kind == 1)
            emit32(&g, B(off, any_reg(&g), any_reg(&g), (unsigned[]){0, 1, 4, 5, 6, 7}[pick(&g, 6)]));
        else if (s->kind == 2)
            emit32(&g, J(off, pick(&g, 2) ? 1 : rd_pool(&g)));
        else {
            emit32(&g, U(0, TMP2, 0x17));
            emit32(&g, I(off, TMP2, 0, pick(&g, 2) ? 1 : rd_pool(&g), 0x67));
        }
    }
    /* the exit: an ecall the handler turns into a return to FINAL in M mode */
    g.at = OFF_EXIT;
    emit32(&g, 0x00000073u);
    /* FINAL: every register into the dump area, then the finisher (pass) */
    g.at = OFF_FINAL;
    la(&g, T6, (int64_t)OFF_DUMP - (int64_t)g.at);
    for (unsigned r = 1; r < 31; r++)
        emit32(&g, S((int32_t)(8 * r), r, T6, rv64 ? 3 : 2, 0x23));
    for (unsigned f = 0; f < 32; f++)
        emit32(&g, S((int32_t)(0x100 + 8 * f), f, T6, 3, 0x27)); /* fsd */
    emit32(&g, U(0x100, T5, 0x37));     /* the test finisher */
    li32(&g, T6, 0x5555);
    emit32(&g, S(0, T6, T5, 2, 0x23));
    emit32(&g, J(0, 0));
    /* the handler: skip the instruction that trapped (2 or 4 bytes); the
     * exit's ecall goes to FINAL in M mode */
    g.at = OFF_HANDLER;
    li32(&g, T5, 1 << 17);
    emit32(&g, CSR(CSRRC, 0x300, T5, 0)); /* MPRV off: the handler's loads are untranslated */
    emit32(&g, CSR(CSRRS, 0x341, 0, T5)); /* t5 = mepc */
    la(&g, T6, (int64_t)OFF_EXIT - (int64_t)g.at);
    uint32_t bne = g.at;
    emit32(&g, 0); /* bne t5, t6, normal: patched below */
    la(&g, T5, (int64_t)OFF_FINAL - (int64_t)g.at);
    emit32(&g, CSR(CSRRW, 0x341, T5, 0)); /* mepc = FINAL */
    li32(&g, T6, 0x1800);
    emit32(&g, CSR(CSRRS, 0x300, T6, 0)); /* MPP = M */
    emit32(&g, 0x30200073u);              /* mret */
    uint32_t normal = g.at;
    g.at = bne;
    emit32(&g, B((int32_t)(normal - bne), T6, T5, 1));
    g.at = normal;
    /* an instruction page fault (a page S or U mode may not execute):
     * the same instruction again, in M mode, so that the body goes on */
    emit32(&g, CSR(CSRRS, 0x342, 0, T6)); /* t6 = mcause */
    emit32(&g, I(-12, T6, 0, T6, 0x13));
    uint32_t bnz = g.at;
    emit32(&g, 0); /* bnez t6, skip: patched below */
    li32(&g, T6, 0x1800);
    emit32(&g, CSR(CSRRS, 0x300, T6, 0)); /* MPP = M */
    emit32(&g, 0x30200073u);              /* mret */
    uint32_t skip = g.at;
    g.at = bnz;
    emit32(&g, B((int32_t)(skip - bnz), 0, T6, 1));
    g.at = skip;
    emit32(&g, I(0, T5, 5, T6, 0x03));   /* lhu t6, 0(t5) */
    emit32(&g, I(3, T6, 7, T6, 0x13));   /* andi t6, t6, 3 */
    emit32(&g, I(-3, T6, 0, T6, 0x13));  /* addi t6, t6, -3 */
    emit32(&g, I(2, T5, 0, T5, 0x13));   /* addi t5, t5, 2 */
    emit32(&g, B(8, 0, T6, 1));          /* bnez t6, +8 (16-bit) */
    emit32(&g, I(2, T5, 0, T5, 0x13));   /* addi t5, t5, 2 (32-bit) */
    emit32(&g, CSR(CSRRW, 0x341, T5, 0)); /* mepc */
    emit32(&g, 0x30200073u);
    return n;
}
