/* SPDX-License-Identifier: Apache-2.0 */
/* interp.c - the portable IR interpreter: compiles a block's IR into an
 * array of fixed-size ops whose operands are direct pointers (globals into
 * the hart, locals and constants into a frame stored with the block), then
 * dispatches them with computed goto (or a switch without GNU C).
 *
 * A block belongs to one hart, and a block never runs re-entrantly, so its
 * frame can live inside the block. Nothing here allocates while running.
 */
#include <string.h>

#include <glib.h>

#include "interp_int.h"
#include "../exec/backend.h"
#include "../ir/ir_eval.h"

#define CONDS(X) X(EQ) X(NE) X(LT) X(GE) X(LTU) X(GEU)

#define LOADS(X) X(8U) X(8S) X(16U) X(16S) X(32U) X(32S) X(64)

#define W2(X, n) X(n##32) X(n##64)
#define ICODES(X)                                                                                           \
    X(NOP) W2(X, MOV) W2(X, EXT8S) W2(X, EXT8U) W2(X, EXT16S) W2(X, EXT16U) X(EXT32S) X(EXT32U) W2(X, NEG)  \
    W2(X, NOT) W2(X, ADD) W2(X, SUB) W2(X, AND) W2(X, OR) W2(X, XOR) W2(X, SHL) W2(X, SHR) W2(X, SAR)       \
    W2(X, ROTL) W2(X, ROTR)                                                                                 \
    W2(X, MUL) W2(X, MULSH) W2(X, MULUH) W2(X, MULSUH) W2(X, DIV) W2(X, DIVU) W2(X, REM) W2(X, REMU)        \
    W2(X, SETEQ) W2(X, SETNE) W2(X, SETLT) W2(X, SETGE) W2(X, SETLTU) W2(X, SETGEU) W2(X, SETG)             \
    W2(X, MOVC) W2(X, BREQ) W2(X, BRNE) W2(X, BRLT) W2(X, BRGE) W2(X, BRLTU) W2(X, BRGEU) X(BR)             \
    W2(X, LD8U) W2(X, LD8S) W2(X, LD16U) W2(X, LD16S) W2(X, LD32U) W2(X, LD32S) W2(X, LD64)               \
    X(ST8) X(ST16) X(ST32) X(ST64) X(CALL) X(INSN) X(EXIT) X(EXITN) X(LOOKUP) X(STOP)

enum {
#define X_ENUM(n) I_##n,
    ICODES(X_ENUM)
#undef X_ENUM
    I__COUNT
};

/* One compiled op (40 bytes). */
typedef struct vp_iop {
    uint16_t code; /* I_* */
    uint16_t x;    /* memop, cond, exit slot, insn length, call flags */
    uint32_t y;    /* branch target index, insn index, call arg widths */
    void *d;       /* output */
    void *a, *b;   /* inputs */
    uint64_t imm;  /* insn pc, helper address, movcond/call extra input */
} vp_iop;

typedef struct iprog {
    uint32_t n_ops;
    uint32_t n_slots;
    vp_iop ops[];   /* followed by n_slots uint64_t frame slots */
} iprog;

static inline uint32_t rd32(const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static inline uint64_t rd64(const void *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}
static inline void wr32(void *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void wr64(void *p, uint64_t v) { memcpy(p, &v, 8); }

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* ---- compile ----------------------------------------------------------- */

typedef struct cctx {
    vp_cpu *cpu;
    const vp_ir_block *b;
    iprog *p;
    uint64_t *frame;
    uint32_t *slot_of; /* temp -> frame slot */
    /* Static insn tracking (vp__ir_label_insns): every op knows its insn, so only
     * insns after one that may ask for a stop (a store, a call) get an
     * I_INSN op; ops that need the insn carry it (NO_IDX: read cur_insn). */
    bool stat;         /* the insn of every op is known statically */
    uint32_t idx;      /* current insn index (stat) */
    uint64_t pc;       /* and its pc */
    bool may_stop;     /* the current insn has a store or a call */
    /* An address `local = base + constant` used only by the next op, a
     * QLD/QST: not emitted; the access adds the constant (fold_addr). */
    uint64_t fold_local, fold_base, fold_disp;
    bool fold;
} cctx;

#define NO_IDX UINT32_MAX

static void *tp(cctx *c, uint64_t t)
{
    if (t == VP_IR_NO_TEMP)
        return NULL;
    const vp_ir_temp_info *ti = &c->b->temps[t];
    if (ti->kind == VP_TEMP_GLOBAL)
        return (uint8_t *)c->cpu + ti->offset;
    return &c->frame[c->slot_of[t]];
}

static uint16_t w2(uint16_t code32, unsigned type)
{
    return (uint16_t)(code32 + (type == VP_IR_I64 ? 1 : 0));
}

static const uint16_t bin_codes[VP_OP__COUNT] = {
    [VP_OP_ADD] = I_ADD32, [VP_OP_SUB] = I_SUB32, [VP_OP_AND] = I_AND32, [VP_OP_OR] = I_OR32,
    [VP_OP_XOR] = I_XOR32, [VP_OP_SHL] = I_SHL32, [VP_OP_SHR] = I_SHR32, [VP_OP_SAR] = I_SAR32,
    [VP_OP_ROTL] = I_ROTL32, [VP_OP_ROTR] = I_ROTR32,
    [VP_OP_MUL] = I_MUL32, [VP_OP_MULSH] = I_MULSH32, [VP_OP_MULUH] = I_MULUH32, [VP_OP_MULSUH] = I_MULSUH32,
    [VP_OP_DIV] = I_DIV32, [VP_OP_DIVU] = I_DIVU32, [VP_OP_REM] = I_REM32, [VP_OP_REMU] = I_REMU32,
    [VP_OP_MOV] = I_MOV32, [VP_OP_EXT8S] = I_EXT8S32, [VP_OP_EXT8U] = I_EXT8U32, [VP_OP_EXT16S] = I_EXT16S32,
    [VP_OP_EXT16U] = I_EXT16U32, [VP_OP_NEG] = I_NEG32, [VP_OP_NOT] = I_NOT32,
};

static uint16_t cond_code(uint16_t base32, uint64_t cond, unsigned type)
{
    return (uint16_t)(base32 + 2 * cond + (type == VP_IR_I64 ? 1 : 0));
}

static uint16_t load_code(uint32_t memop, unsigned type)
{
    static const uint16_t by_size[4][2] = {
        {I_LD8U32, I_LD8S32}, {I_LD16U32, I_LD16S32}, {I_LD32U32, I_LD32S32}, {I_LD6432, I_LD6432}};
    return w2(by_size[memop & VP_MO_SIZE][(memop & VP_MO_SIGN) ? 1 : 0], type);
}

/* CALL takes two ops: the second holds the helper address. */
static void compile_call(cctx *c, const vp_ir_op *op, vp_iop *o)
{
    const uint64_t *g = op->args;
    uint32_t widths = 0;
    for (unsigned i = 1; i <= 3; i++)
        if (g[i] != VP_IR_NO_TEMP && c->b->temps[g[i]].type == VP_IR_I32)
            widths |= 1u << i;
    if (g[0] != VP_IR_NO_TEMP && c->b->temps[g[0]].type == VP_IR_I32)
        widths |= 1u;
    o->code = I_CALL, o->x = (uint16_t)g[4], o->y = widths;
    o->d = tp(c, g[0]), o->a = tp(c, g[1]), o->b = tp(c, g[2]);
    o->imm = (uint64_t)(uintptr_t)tp(c, g[3]);
    o[1] = (vp_iop){.code = I_NOP, .a = (void *)op->fn, .y = c->stat ? c->idx : NO_IDX, .imm = c->pc};
}

/* Compiles one op; returns false if unsupported. */
static bool compile_op(cctx *c, const vp_ir_op *op, vp_iop *o, uint32_t *n)
{
    const uint64_t *g = op->args;
    unsigned t = op->type;
    memset(o, 0, sizeof(*o));
    switch (op->opc) {
    case VP_OP_MOV: case VP_OP_EXT8S: case VP_OP_EXT8U: case VP_OP_EXT16S: case VP_OP_EXT16U:
    case VP_OP_NEG: case VP_OP_NOT:
        o->code = w2(bin_codes[op->opc], t);
        o->d = tp(c, g[0]), o->a = tp(c, g[1]);
        break;
    case VP_OP_EXT32S: case VP_OP_EXTS_I32_I64:
        o->code = I_EXT32S, o->d = tp(c, g[0]), o->a = tp(c, g[1]);
        break;
    case VP_OP_EXT32U: case VP_OP_EXTU_I32_I64:
        o->code = I_EXT32U, o->d = tp(c, g[0]), o->a = tp(c, g[1]);
        break;
    case VP_OP_TRUNC_I64_I32:
        o->code = I_MOV32, o->d = tp(c, g[0]), o->a = tp(c, g[1]);
        break;
    case VP_OP_ADD: case VP_OP_SUB: case VP_OP_AND: case VP_OP_OR: case VP_OP_XOR: case VP_OP_SHL:
    case VP_OP_SHR: case VP_OP_SAR: case VP_OP_ROTL: case VP_OP_ROTR: case VP_OP_MUL: case VP_OP_MULSH:
    case VP_OP_MULUH: case VP_OP_MULSUH:
    case VP_OP_DIV: case VP_OP_DIVU: case VP_OP_REM: case VP_OP_REMU:
        o->code = w2(bin_codes[op->opc], t);
        o->d = tp(c, g[0]), o->a = tp(c, g[1]), o->b = tp(c, g[2]);
        break;
    case VP_OP_SETCOND:
        o->code = g[3] < VP_COND_ALWAYS ? cond_code(I_SETEQ32, g[3], t) : w2(I_SETG32, t);
        o->x = (uint16_t)g[3];
        o->d = tp(c, g[0]), o->a = tp(c, g[1]), o->b = tp(c, g[2]);
        break;
    case VP_OP_MOVCOND:
        o->code = w2(I_MOVC32, t), o->x = (uint16_t)g[5];
        o->d = tp(c, g[0]), o->a = tp(c, g[1]), o->b = tp(c, g[2]);
        o->imm = (uint64_t)(uintptr_t)tp(c, g[3]);
        o[1] = (vp_iop){.code = I_NOP, .a = tp(c, g[4])};
        (*n)++;
        break;
    case VP_OP_LD_ENV:
        o->code = w2(I_MOV32, t), o->d = tp(c, g[0]), o->a = (uint8_t *)c->cpu + g[1];
        break;
    case VP_OP_ST_ENV:
        o->code = w2(I_MOV32, t), o->a = tp(c, g[0]), o->d = (uint8_t *)c->cpu + g[1];
        break;
    case VP_OP_QLD: /* address: *a + (uintptr_t)b */
        o->code = load_code((uint32_t)g[2], t), o->x = (uint16_t)g[2];
        o->d = tp(c, g[0]), o->a = tp(c, g[1]);
        if (c->fold && c->fold_local == g[1])
            o->a = tp(c, c->fold_base), o->b = (void *)(uintptr_t)c->fold_disp;
        o->y = c->stat ? c->idx : NO_IDX, o->imm = c->pc;
        break;
    case VP_OP_QST: /* address: *a + (uintptr_t)d */
        o->code = (uint16_t)(I_ST8 + (g[2] & VP_MO_SIZE)), o->x = (uint16_t)g[2];
        o->b = tp(c, g[0]), o->a = tp(c, g[1]);
        if (c->fold && c->fold_local == g[1])
            o->a = tp(c, c->fold_base), o->d = (void *)(uintptr_t)c->fold_disp;
        o->y = c->stat ? c->idx : NO_IDX, o->imm = c->pc;
        c->may_stop = true;
        break;
    case VP_OP_SET_LABEL: case VP_OP_GOTO_TB:
        return true; /* no code */
    case VP_OP_BR:
        o->code = I_BR, o->y = (uint32_t)g[0];
        break;
    case VP_OP_BRCOND:
        if (g[2] == VP_COND_NEVER)
            return true;
        o->code = g[2] == VP_COND_ALWAYS ? I_BR : cond_code(I_BREQ32, g[2], t);
        o->y = (uint32_t)g[3], o->a = tp(c, g[0]), o->b = tp(c, g[1]);
        break;
    case VP_OP_CALL:
        compile_call(c, op, o);
        c->may_stop = true;
        (*n)++;
        break;
    case VP_OP_INSN_START: {
        bool emit = !c->stat || c->may_stop; /* a stop point (vp__interp_stop_after_current) */
        c->idx = (uint32_t)g[1], c->pc = g[0], c->may_stop = false;
        if (!emit)
            return true;
        o->code = I_INSN, o->imm = g[0], o->y = (uint32_t)g[1], o->x = (uint16_t)g[2];
        break;
    }
    case VP_OP_EXIT_TB:
        o->code = g[0] < VP_TB_SLOTS ? I_EXIT : I_EXITN, o->x = (uint16_t)(g[0] < VP_TB_SLOTS ? g[0] : 0);
        o->y = c->stat ? c->idx : NO_IDX;
        break;
    case VP_OP_LOOKUP_TB:
        o->code = I_LOOKUP, o->y = c->stat ? c->idx : NO_IDX;
        break;
    default:
        return false;
    }
    (*n)++;
    return true;
}

/* Counts compiled ops and assigns frame slots to locals and constants. */
static uint32_t plan(const vp_ir_block *b, uint32_t *slot_of, uint32_t *n_slots)
{
    uint32_t n = 1, s = 0; /* one extra op: a final EXITN guard */
    for (uint32_t i = 0; i < b->n_temps; i++)
        slot_of[i] = b->temps[i].kind == VP_TEMP_GLOBAL ? UINT32_MAX : s++;
    for (uint32_t i = 0; i < b->n_ops; i++)
        n += (b->ops[i].opc == VP_OP_MOVCOND || b->ops[i].opc == VP_OP_CALL) ? 2 : 1;
    *n_slots = s;
    return n;
}

/* Op i is `local = base + constant` and the next op is a QLD/QST with
 * that address, the local's only use: remember it for that op (cctx.fold)
 * and emit nothing for op i. One dispatch less per load and store with an
 * offset. The access adds the constant and masks to the address width,
 * which gives the same address for I32 (mod 2^32) and I64. */
static bool fold_addr(cctx *c, uint32_t i, const uint32_t *uses)
{
    const vp_ir_block *b = c->b;
    const vp_ir_op *op = &b->ops[i], *nx = NULL;
    if (op->opc != VP_OP_ADD)
        return false;
    uint64_t l = op->args[0], base = op->args[1], k = op->args[2];
    if (l >= b->n_temps || b->temps[l].kind != VP_TEMP_LOCAL || uses[l] != 1 || k >= b->n_temps ||
        b->temps[k].kind != VP_TEMP_CONST || base >= b->n_temps)
        return false;
    for (uint32_t j = i + 1; j < b->n_ops && !nx; j++)
        if (!b->ops[j].dead)
            nx = &b->ops[j];
    if (!nx || (nx->opc != VP_OP_QLD && nx->opc != VP_OP_QST) || nx->args[1] != l ||
        (nx->opc == VP_OP_QST && nx->args[0] == l))
        return false;
    c->fold = true;
    c->fold_local = l;
    c->fold_base = base;
    c->fold_disp = op->type == VP_IR_I32 ? (uint32_t)b->temps[k].val : b->temps[k].val;
    return true;
}

/* Reads of each temp by the block's live ops. */
static void count_uses(const vp_ir_block *b, uint32_t *uses)
{
    memset(uses, 0, sizeof(*uses) * b->n_temps);
    for (uint32_t i = 0; i < b->n_ops; i++) {
        unsigned idx[4], n = b->ops[i].dead ? 0 : vp__ir_op_inputs(&b->ops[i], idx);
        for (unsigned k = 0; k < n; k++)
            if (b->ops[i].args[idx[k]] < b->n_temps)
                uses[b->ops[i].args[idx[k]]]++;
    }
}

bool vp__interp_compile(vp_cpu *cpu, const vp_ir_block *b, vp_tb *tb)
{
    uint32_t *slot_of = g_new(uint32_t, b->n_temps ? b->n_temps : 1);
    uint32_t *label_at = g_new0(uint32_t, b->n_labels ? b->n_labels : 1);
    uint32_t n_slots, cap = plan(b, slot_of, &n_slots);
    size_t bytes = sizeof(iprog) + cap * sizeof(vp_iop) + n_slots * sizeof(uint64_t);
    iprog *p = g_malloc0(bytes);
    cctx c = {.cpu = cpu, .b = b, .p = p, .frame = (uint64_t *)(void *)&p->ops[cap], .slot_of = slot_of};
    uint32_t n = 0;
    int32_t *label_idx = g_new(int32_t, b->n_labels ? b->n_labels : 1);
    uint64_t *label_pc = g_new(uint64_t, b->n_labels ? b->n_labels : 1);
    uint32_t *uses = g_new(uint32_t, b->n_temps ? b->n_temps : 1);
    bool ok = true;

    count_uses(b, uses);
    /* Every op's insn is known statically when every label's is. */
    vp__ir_label_insns(b, label_idx, label_pc);
    c.stat = true;
    for (uint32_t l = 0; l < b->n_labels; l++)
        c.stat = c.stat && label_idx[l] >= 0;

    for (uint32_t i = 0; i < b->n_temps; i++)
        if (b->temps[i].kind == VP_TEMP_CONST)
            c.frame[slot_of[i]] = b->temps[i].val;
    for (uint32_t i = 0; i < b->n_ops && ok; i++) {
        const vp_ir_op *op = &b->ops[i];
        if (op->opc == VP_OP_SET_LABEL && op->args[0] < b->n_labels) {
            label_at[op->args[0]] = n;
            if (c.stat && !op->dead) {
                c.idx = (uint32_t)label_idx[op->args[0]];
                c.pc = label_pc[op->args[0]];
            }
        }
        if (op->dead)
            continue;
        if (fold_addr(&c, i, uses)) /* the next op (a load or store) adds it */
            continue;
        ok = compile_op(&c, op, &p->ops[n], &n);
        c.fold = false;
    }
    p->ops[n++] = (vp_iop){.code = I_EXITN, .y = c.stat ? c.idx : NO_IDX}; /* falling off the end */
    for (uint32_t i = 0; i < n && ok; i++) {
        vp_iop *o = &p->ops[i];
        if (o->code == I_NOP)
            continue;
        if (o->code == I_BR || (o->code >= I_BREQ32 && o->code <= I_BRGEU64)) {
            if (o->y >= b->n_labels)
                ok = false;
            else
                o->y = label_at[o->y];
        }
        if (o->code == I_MOVC32 || o->code == I_MOVC64 || o->code == I_CALL)
            i++; /* skip the extension op */
    }
    p->n_ops = n;
    p->n_slots = n_slots;
    g_free(slot_of);
    g_free(label_at);
    g_free(label_idx);
    g_free(label_pc);
    g_free(uses);
    if (!ok) {
        g_free(p);
        return false;
    }
    tb->code = p;
    tb->code_bytes = bytes;
    return true;
}

void vp__interp_free(vp_tb *tb)
{
    g_free(tb->code);
    tb->code = NULL;
}

void vp__interp_stop_after_current(vp_cpu *cpu, vp_tb *tb)
{
    iprog *p = tb->code;
    if (!p)
        return;
    for (uint32_t i = 0; i < p->n_ops; i++) {
        vp_iop *o = &p->ops[i];
        if (o->code == I_INSN && o->y > cpu->cur_insn)
            o->code = I_STOP;
        if (o->code == I_MOVC32 || o->code == I_MOVC64 || o->code == I_CALL)
            i++;
    }
}

/* ---- execute ------------------------------------------------------------ */

#if defined(__GNUC__) && !defined(VP_INTERP_SWITCH)
#define DISPATCH() goto *labels[o->code]
#define CASE(n) L_##n:
#define SWITCH_BEGIN
#define SWITCH_END
#else
#define DISPATCH() goto dispatch
#define CASE(n) case I_##n:
#define SWITCH_BEGIN dispatch: switch (o->code) {
#define SWITCH_END default: goto out; }
#endif

#define NEXT() do { o++; DISPATCH(); } while (0)
#define UN32(N, E) CASE(N) { uint32_t a = rd32(o->a); wr32(o->d, (uint32_t)(E)); NEXT(); }
#define UN64(N, E) CASE(N) { uint64_t a = rd64(o->a); wr64(o->d, (uint64_t)(E)); NEXT(); }
#define BIN32(N, E) CASE(N) { uint32_t a = rd32(o->a), b = rd32(o->b); wr32(o->d, (uint32_t)(E)); NEXT(); }
#define BIN64(N, E) CASE(N) { uint64_t a = rd64(o->a), b = rd64(o->b); wr64(o->d, (uint64_t)(E)); NEXT(); }
#define BRC32(N, E) CASE(N) { uint32_t a = rd32(o->a), b = rd32(o->b); \
        if (E) { o = ops + o->y; DISPATCH(); } NEXT(); }
#define BRC64(N, E) CASE(N) { uint64_t a = rd64(o->a), b = rd64(o->b); \
        if (E) { o = ops + o->y; DISPATCH(); } NEXT(); }

/* dtlb: the data accesses' set, read when a block is entered and after
 * helper calls (only those change it, and a block that changes it ends). */
#define TLB_ENTRY(addr) (&dtlb[((addr) >> VP_PAGE_BITS) & (VP_TLB_SIZE - 1)])

#define QLD(N, SZ, CT, EXT, WR)                                                                     \
    CASE(N) {                                                                                       \
        uint64_t addr = (rd64(o->a) + (uintptr_t)o->b) & amask, v;                                  \
        const vp_tlb_entry *e = TLB_ENTRY(addr);                                                    \
        if (likely(e->tag_r == (addr & (VP_PAGE_MASK | (SZ - 1))))) {                               \
            CT t;                                                                                   \
            memcpy(&t, (const void *)(uintptr_t)(addr + e->addend), SZ);                            \
            v = EXT;                                                                                \
        } else {                                                                                    \
            publish(cpu, o);                                                                        \
            int cause = vp__tlb_load_slow(cpu, addr, o->x, &v);                                     \
            if (unlikely(cause)) {                                                                  \
                vp__cpu_mem_fault(cpu, addr, o->x, false, (uint32_t)cause);                         \
                goto trap;                                                                          \
            }                                                                                       \
        }                                                                                           \
        WR(o->d, v);                                                                                \
        NEXT();                                                                                     \
    }

#define WR32(p, v) wr32(p, (uint32_t)(v))
#define WR64(p, v) wr64(p, v)

#define QST(N, SZ, CT, RD)                                                                          \
    CASE(N) {                                                                                       \
        uint64_t addr = (rd64(o->a) + (uintptr_t)o->d) & amask, v = RD(o->b);                       \
        const vp_tlb_entry *e = TLB_ENTRY(addr);                                                    \
        if (likely(e->tag_w == (addr & (VP_PAGE_MASK | (SZ - 1))))) {                               \
            CT t = (CT)v;                                                                           \
            memcpy((void *)(uintptr_t)(addr + e->addend), &t, SZ);                                  \
        } else if (e->tag_wc == (addr & (VP_PAGE_MASK | (SZ - 1))) &&                               \
                   !e->code_lines[(addr & (VP_PAGE_SIZE - 1)) >> VP_CODE_LINE_BITS]) {              \
            CT t = (CT)v; /* code page, but no code on this line */                                 \
            memcpy((void *)(uintptr_t)(addr + e->addend), &t, SZ);                                  \
        } else {                                                                                    \
            publish(cpu, o);                                                                        \
            int cause = vp__tlb_store_slow(cpu, addr, o->x, v);                                     \
            if (unlikely(cause)) {                                                                  \
                vp__cpu_mem_fault(cpu, addr, o->x, true, (uint32_t)cause);                          \
                goto trap;                                                                          \
            }                                                                                       \
        }                                                                                           \
        NEXT();                                                                                     \
    }

/* The insn of an op that carries it (cctx.stat) becomes the hart's
 * current one, for helpers, traps and the instruction count. */
static inline void publish(vp_cpu *cpu, const vp_iop *o)
{
    if (o->y != NO_IDX) {
        cpu->cur_pc = o->imm;
        cpu->cur_insn = o->y;
    }
}

/* Instructions the block retired up to and including the op's insn. */
static inline uint32_t done(const vp_cpu *cpu, const vp_iop *o)
{
    return (o->y != NO_IDX ? o->y : cpu->cur_insn) + 1u;
}

static inline uint64_t call_arg(const void *p, uint32_t widths, unsigned i)
{
    if (!p)
        return 0;
    return (widths & (1u << i)) ? rd32(p) : rd64(p);
}

int vp__interp_exec(vp_cpu *cpu, vp_tb *tb, vp_tb **last)
{
#if defined(__GNUC__) && !defined(VP_INTERP_SWITCH)
    static const void *const labels[I__COUNT] = {
#define X_LABEL(n) &&L_##n,
        ICODES(X_LABEL)
#undef X_LABEL
    };
#endif
    const uint64_t amask = cpu->ex.addr_mask;
    const vp_iop *ops, *o;
    const vp_tlb_entry *dtlb;
    int slot = -1;

enter:
    cpu->ex.cur_tb = tb;
    dtlb = cpu->ex.tlb[cpu->ex.dset];
    ops = ((iprog *)tb->code)->ops;
    o = ops;
    DISPATCH();
    SWITCH_BEGIN
    CASE(NOP) NEXT();
    UN32(MOV32, a) UN64(MOV64, a)
    UN32(EXT8S32, (int32_t)(int8_t)a) UN64(EXT8S64, (int64_t)(int8_t)a)
    UN32(EXT8U32, (uint8_t)a) UN64(EXT8U64, (uint8_t)a)
    UN32(EXT16S32, (int32_t)(int16_t)a) UN64(EXT16S64, (int64_t)(int16_t)a)
    UN32(EXT16U32, (uint16_t)a) UN64(EXT16U64, (uint16_t)a)
    CASE(EXT32S) { wr64(o->d, (uint64_t)(int64_t)(int32_t)rd32(o->a)); NEXT(); }
    CASE(EXT32U) { wr64(o->d, (uint64_t)rd32(o->a)); NEXT(); }
    UN32(NEG32, 0u - a) UN64(NEG64, 0u - a)
    UN32(NOT32, ~a) UN64(NOT64, ~a)
    BIN32(ADD32, a + b) BIN64(ADD64, a + b)
    BIN32(SUB32, a - b) BIN64(SUB64, a - b)
    BIN32(AND32, a & b) BIN64(AND64, a & b)
    BIN32(OR32, a | b) BIN64(OR64, a | b)
    BIN32(XOR32, a ^ b) BIN64(XOR64, a ^ b)
    BIN32(SHL32, a << (b & 31)) BIN64(SHL64, a << (b & 63))
    BIN32(SHR32, a >> (b & 31)) BIN64(SHR64, a >> (b & 63))
    BIN32(SAR32, (int32_t)a >> (b & 31)) BIN64(SAR64, (int64_t)a >> (b & 63))
    BIN32(ROTL32, a << (b & 31) | a >> (-b & 31)) BIN64(ROTL64, a << (b & 63) | a >> (-b & 63))
    BIN32(ROTR32, a >> (b & 31) | a << (-b & 31)) BIN64(ROTR64, a >> (b & 63) | a << (-b & 63))
    BIN32(MUL32, a * b) BIN64(MUL64, a * b)
    BIN32(MULSH32, vp_ir_mulsh32(a, b)) BIN64(MULSH64, vp_ir_mulsh64(a, b))
    BIN32(MULUH32, vp_ir_muluh32(a, b)) BIN64(MULUH64, vp_ir_muluh64(a, b))
    BIN32(MULSUH32, vp_ir_mulsuh32(a, b)) BIN64(MULSUH64, vp_ir_mulsuh64(a, b))
    BIN32(DIV32, vp_ir_div32(a, b)) BIN64(DIV64, vp_ir_div64(a, b))
    BIN32(DIVU32, b ? a / b : UINT32_MAX) BIN64(DIVU64, b ? a / b : UINT64_MAX)
    BIN32(REM32, vp_ir_rem32(a, b)) BIN64(REM64, vp_ir_rem64(a, b))
    BIN32(REMU32, b ? a % b : a) BIN64(REMU64, b ? a % b : a)
    BIN32(SETEQ32, a == b) BIN64(SETEQ64, a == b)
    BIN32(SETNE32, a != b) BIN64(SETNE64, a != b)
    BIN32(SETLT32, (int32_t)a < (int32_t)b) BIN64(SETLT64, (int64_t)a < (int64_t)b)
    BIN32(SETGE32, (int32_t)a >= (int32_t)b) BIN64(SETGE64, (int64_t)a >= (int64_t)b)
    BIN32(SETLTU32, a < b) BIN64(SETLTU64, a < b)
    BIN32(SETGEU32, a >= b) BIN64(SETGEU64, a >= b)
    BIN32(SETG32, vp_ir_cond_eval(o->x, VP_IR_I32, a, b)) BIN64(SETG64, vp_ir_cond_eval(o->x, VP_IR_I64, a, b))
    CASE(MOVC32) {
        bool c = vp_ir_cond_eval(o->x, VP_IR_I32, rd32(o->a), rd32(o->b));
        wr32(o->d, rd32(c ? (const void *)(uintptr_t)o->imm : o[1].a));
        o += 2;
        DISPATCH();
    }
    CASE(MOVC64) {
        bool c = vp_ir_cond_eval(o->x, VP_IR_I64, rd64(o->a), rd64(o->b));
        wr64(o->d, rd64(c ? (const void *)(uintptr_t)o->imm : o[1].a));
        o += 2;
        DISPATCH();
    }
    BRC32(BREQ32, a == b) BRC64(BREQ64, a == b)
    BRC32(BRNE32, a != b) BRC64(BRNE64, a != b)
    BRC32(BRLT32, (int32_t)a < (int32_t)b) BRC64(BRLT64, (int64_t)a < (int64_t)b)
    BRC32(BRGE32, (int32_t)a >= (int32_t)b) BRC64(BRGE64, (int64_t)a >= (int64_t)b)
    BRC32(BRLTU32, a < b) BRC64(BRLTU64, a < b)
    BRC32(BRGEU32, a >= b) BRC64(BRGEU64, a >= b)
    CASE(BR) { o = ops + o->y; DISPATCH(); }
    QLD(LD8U32, 1, uint8_t, t, WR32) QLD(LD8U64, 1, uint8_t, t, WR64)
    QLD(LD8S32, 1, int8_t, (uint64_t)(int64_t)t, WR32) QLD(LD8S64, 1, int8_t, (uint64_t)(int64_t)t, WR64)
    QLD(LD16U32, 2, uint16_t, t, WR32) QLD(LD16U64, 2, uint16_t, t, WR64)
    QLD(LD16S32, 2, int16_t, (uint64_t)(int64_t)t, WR32) QLD(LD16S64, 2, int16_t, (uint64_t)(int64_t)t, WR64)
    QLD(LD32U32, 4, uint32_t, t, WR32) QLD(LD32U64, 4, uint32_t, t, WR64)
    QLD(LD32S32, 4, int32_t, (uint64_t)(int64_t)t, WR32) QLD(LD32S64, 4, int32_t, (uint64_t)(int64_t)t, WR64)
    QLD(LD6432, 8, uint64_t, t, WR32) QLD(LD6464, 8, uint64_t, t, WR64)
    QST(ST8, 1, uint8_t, rd32) QST(ST16, 2, uint16_t, rd32) QST(ST32, 4, uint32_t, rd32)
    QST(ST64, 8, uint64_t, rd64)
    CASE(CALL) {
        uint32_t wd = o->y;
        vp_ir_helper_fn fn = (vp_ir_helper_fn)o[1].a;
        publish(cpu, &o[1]);
        uint64_t r = fn(cpu, call_arg(o->a, wd, 1), call_arg(o->b, wd, 2),
                        call_arg((const void *)(uintptr_t)o->imm, wd, 3));
        if (o->d) {
            if (wd & 1u)
                wr32(o->d, (uint32_t)r);
            else
                wr64(o->d, r);
        }
        dtlb = cpu->ex.tlb[cpu->ex.dset];
        if ((o->x & VP_CALL_MAY_EXIT) && unlikely(cpu->exit_tb_now)) {
            uint32_t how = cpu->exit_tb_now;
            cpu->exit_tb_now = VP_EXIT_TB_NONE;
            cpu->ex.insn_base += cpu->cur_insn + (how == VP_EXIT_TB_RETIRED ? 1u : 0u);
            goto out;
        }
        o += 2;
        DISPATCH();
    }
    CASE(INSN) {
        cpu->cur_pc = o->imm;
        cpu->cur_insn = o->y;
        NEXT();
    }
    CASE(STOP) {
        cpu->pc = o->imm;
        cpu->ex.insn_base += o->y;
        goto out;
    }
    CASE(EXIT) {
        vp_tb *next = tb->jmp[o->x];
        cpu->ex.insn_base += done(cpu, o);
        if (next && cpu->ex.insn_base < cpu->ex.icount_stop) { /* an exit request zeroes icount_stop */
            tb = next;
            goto enter;
        }
        slot = o->x;
        goto out;
    }
    CASE(EXITN) {
        cpu->ex.insn_base += done(cpu, o);
        goto out;
    }
    CASE(LOOKUP) {
        cpu->ex.insn_base += done(cpu, o);
        if (cpu->ex.insn_base < cpu->ex.icount_stop) {
            uint64_t pc = cpu->pc & amask;
            vp_tb *next = cpu->ex.jc[vp__jc_hash(pc)];
            if (next && next->pc == pc && next->flags == tb->flags && next->kind == VP_TB_INTERP &&
                !next->tier_up) { /* a tier_up block is counted by the loop */
                tb = next;
                goto enter;
            }
        }
        goto out;
    }
    SWITCH_END
trap:
    cpu->ex.insn_base += cpu->cur_insn;
out:
    *last = tb;
    cpu->cur_insn = 0;
    cpu->ex.cur_tb = NULL;
    return slot;
}

static bool interp_compile(vp_cpu *cpu, const vp_ir_block *b, vp_tb *tb, bool *full)
{
    *full = false;
    return vp__interp_compile(cpu, b, tb);
}

/* The portable backend: every host, and every block's fallback. */
const vp_backend_ops vp__interp_backend = {
    .name = "interp",
    .compile = interp_compile,
    .free_tb = vp__interp_free,
    .exec = vp__interp_exec,
    .stop_after_current = vp__interp_stop_after_current,
};
