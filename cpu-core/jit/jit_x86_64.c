/* SPDX-License-Identifier: Apache-2.0 */
/* jit_x86_64.c - the x86-64 host emitter of the JIT (vp_jit_host_ops, see
 * jit_host.h; encoder in x86.h): code for each IR op on the locations the
 * generic part allocated, guest globals addressed in the hart through rbx,
 * the soft-TLB hit path inlined for QLD/QST with out-of-line slow paths,
 * helper calls with the SysV ABI, exits that chain through patchable
 * jmp rel32, the entry trampoline and shared epilogue.
 *
 * Host registers
 *   rbx        the vp_cpu * (callee-saved, set by the entry trampoline)
 *   r15        ex.insn_base while blocks run (loaded by the trampoline,
 *              stored back by the epilogue and before every helper call)
 *   rax rcx r11      scratch, never allocated
 *   r12-r14 rbp      allocated to locals (survive calls)
 *   rsi rdi r8-r10 rdx  allocated to locals; saved around calls/slow paths
 *                    (and rdx around division and the high multiplies)
 * Frame (rsp, 16-byte aligned inside blocks): value/address scratch,
 * save slots per host register, then spill slots for locals.
 */
#include <string.h>

#include <capstone/capstone.h>

#include "jit_host.h"
#include "x86.h"

typedef vp_jit_ctx jctx;
typedef vp_jit_loc loc;

#define temp_loc vp__jit_temp_loc
#define is64 vp__jit_is64
#define same_loc vp__jit_same_loc

/* Frame of generated code, addressed from rsp. */
#define JIT_FR_VAL 0                     /* slow-path load result */
#define JIT_FR_ADDR 8                    /* guest address of a slow-path access */
#define JIT_FR_SAVE 16                   /* + 8 * reg: caller-saved registers around calls */
#define JIT_FR_SPILL (JIT_FR_SAVE + 16 * 8) /* spill slots for locals */
#define JIT_N_SPILL 1024u
#define JIT_FRAME (JIT_FR_SPILL + 8 * JIT_N_SPILL + 8) /* + 6 pushes + return: rsp stays 16-aligned */

static const int8_t alloc_regs[] = {X_R12, X_R13, X_R14, X_RBP, X_RSI, X_RDI, X_R8, X_R9, X_R10, X_RDX};
#define CALLER_SAVED \
    ((1u << X_RSI) | (1u << X_RDI) | (1u << X_R8) | (1u << X_R9) | (1u << X_R10) | (1u << X_RDX))

#define OFF(f) ((int32_t)offsetof(vp_cpu, f))
#define X_ICOUNT X_R15 /* ex.insn_base, see above */
#define TLB_OFF OFF(ex.tlb)

_Static_assert(sizeof(vp_tlb_entry) == 64, "TLB index scaling assumes 64-byte entries");

/* ---- operands ------------------------------------------------------------ */

static xrm rm_of(loc l)
{
    return l.kind == JIT_L_REG ? xr(l.reg) : xm(l.reg, l.disp);
}

static void ld(jctx *c, int r, loc l, bool w)
{
    switch (l.kind) {
    case JIT_L_REG: /* a cached 32-bit global is kept zero-extended */
        if (r != l.reg || (!w && (c->rowner[l.reg] < 0 || is64(c, (uint64_t)c->rowner[l.reg]))))
            x_mov_rr(&c->buf, w, r, l.reg);
        break;
    case JIT_L_MEM: x_mov_load(&c->buf, w, r, rm_of(l)); break;
    default: x_mov_imm(&c->buf, r, w ? l.imm : (uint32_t)l.imm); break;
    }
}

static void st(jctx *c, loc l, int r, bool w)
{
    if (l.kind == JIT_L_REG) {
        if (l.reg != r)
            x_mov_rr(&c->buf, w, l.reg, r);
    } else if (l.kind == JIT_L_MEM) {
        x_mov_store(&c->buf, w ? 8 : 4, rm_of(l), r);
    }
}

/* r = r op l */
static void alu(jctx *c, int op, int r, loc l, bool w)
{
    if (l.kind == JIT_L_IMM) {
        uint64_t v = w ? l.imm : (uint32_t)l.imm;
        if (!w || x_fits32((int64_t)v)) {
            x_alu_mi(&c->buf, op, w, xr(r), (int32_t)(uint32_t)v);
            return;
        }
        x_mov_imm(&c->buf, X_R11, v);
        x_alu_rm(&c->buf, op, w, r, xr(X_R11));
        return;
    }
    x_alu_rm(&c->buf, op, w, r, rm_of(l));
}

/* A register or memory operand for l (constants go through r11). */
static xrm rm_or_r11(jctx *c, loc l, bool w)
{
    if (l.kind != JIT_L_IMM)
        return rm_of(l);
    ld(c, X_R11, l, w);
    return xr(X_R11);
}

/* ---- instruction bookkeeping, calls -------------------------------------------- */

static void emit_publish(jctx *c, int32_t idx, uint64_t pc)
{
    x_mov_mi(&c->buf, false, xm(X_RBX, OFF(cur_insn)), idx);
    if (x_fits32((int64_t)pc)) {
        x_mov_mi(&c->buf, true, xm(X_RBX, OFF(cur_pc)), (int32_t)pc);
    } else {
        x_mov_imm(&c->buf, X_R11, pc);
        x_mov_store(&c->buf, 8, xm(X_RBX, OFF(cur_pc)), X_R11);
    }
}

/* insn_base += current insn index + 1 */
static void add_icount(jctx *c)
{
    if (c->pidx >= 0) {
        x_alu_mi(&c->buf, ALU_ADD, true, xr(X_ICOUNT), c->pidx + 1);
        return;
    }
    x_mov_load(&c->buf, false, X_RAX, xm(X_RBX, OFF(cur_insn)));
    x_lea(&c->buf, true, X_ICOUNT, xmi(X_ICOUNT, X_RAX, 1, 1));
}

static void jmp_epilogue(jctx *c)
{
    uint32_t at = x_jmp32(&c->buf);
    vp__jit_add_exit(c, at);
}

static void emit_ret_tag(jctx *c, uint64_t tag)
{
    x_mov_imm(&c->buf, X_RAX, tag);
    jmp_epilogue(c);
}

static void save_regs(jctx *c, uint32_t m)
{
    for (int r = 0; r < 16; r++)
        if (m & (1u << r))
            x_mov_store(&c->buf, 8, xm(X_RSP, JIT_FR_SAVE + 8 * r), r);
}

static void restore_regs(jctx *c, uint32_t m)
{
    for (int r = 0; r < 16; r++)
        if (m & (1u << r))
            x_mov_load(&c->buf, true, r, xm(X_RSP, JIT_FR_SAVE + 8 * r));
}

/* Helpers read the instruction count (vp__cpu_icount) from the hart. */
static void call_abs(jctx *c, const void *fn)
{
    x_mov_store(&c->buf, 8, xm(X_RBX, OFF(ex.insn_base)), X_ICOUNT);
    x_mov_imm(&c->buf, X_RAX, (uint64_t)(uintptr_t)fn);
    x_call_r(&c->buf, X_RAX);
}

/* ---- value ops ------------------------------------------------------------- */

static int cc_of(uint64_t cond)
{
    static const int map[] = {CC_E, CC_NE, CC_L, CC_GE, CC_B, CC_AE};
    return map[cond];
}

/* Sets the flags for a - b. */
static void cmp_ab(jctx *c, loc a, loc b, bool w)
{
    if (a.kind == JIT_L_REG) {
        alu(c, ALU_CMP, a.reg, b, w);
    } else if (a.kind == JIT_L_MEM && b.kind == JIT_L_REG) {
        x_alu_mr(&c->buf, ALU_CMP, w, rm_of(a), b.reg);
    } else {
        ld(c, X_RAX, a, w);
        alu(c, ALU_CMP, X_RAX, b, w);
    }
}

static void gen_binop(jctx *c, const vp_ir_op *op, loc d, loc a, loc b, bool w)
{
    static const int alus[VP_OP__COUNT] = {[VP_OP_ADD] = ALU_ADD, [VP_OP_SUB] = ALU_SUB, [VP_OP_AND] = ALU_AND,
                                           [VP_OP_OR] = ALU_OR, [VP_OP_XOR] = ALU_XOR};
    bool comm = op->opc != VP_OP_SUB;
    if (comm && d.kind == JIT_L_REG && b.kind == JIT_L_REG && b.reg == d.reg) { /* d = b op a: in place */
        loc t = a;
        a = b;
        b = t;
    }
    bool clash = d.kind == JIT_L_REG && b.kind == JIT_L_REG && b.reg == d.reg &&
                 !(a.kind == JIT_L_REG && a.reg == d.reg);
    int dr = d.kind == JIT_L_REG && !clash ? d.reg : X_RAX;
    ld(c, dr, a, w);
    if (op->opc == VP_OP_MUL)
        x_imul_rm(&c->buf, w, dr, rm_or_r11(c, b, w));
    else
        alu(c, alus[op->opc], dr, b, w);
    st(c, d, dr, w);
}

static void gen_shift(jctx *c, const vp_ir_op *op, loc d, loc a, loc b, bool w)
{
    static const uint8_t shs[VP_OP__COUNT] = {[VP_OP_SHL] = SH_SHL, [VP_OP_SHR] = SH_SHR, [VP_OP_SAR] = SH_SAR,
                                             [VP_OP_ROTL] = SH_ROL, [VP_OP_ROTR] = SH_ROR};
    int sh = shs[op->opc];
    int dr = d.kind == JIT_L_REG ? d.reg : X_RAX;
    if (b.kind == JIT_L_IMM) {
        ld(c, dr, a, w);
        uint8_t n = (uint8_t)(b.imm & (w ? 63 : 31));
        if (n)
            x_shift_imm(&c->buf, sh, w, dr, n);
    } else {
        ld(c, X_RCX, b, false);
        ld(c, dr, a, w);
        x_shift_cl(&c->buf, sh, w, dr);
    }
    st(c, d, dr, w);
}

/* rdx is allocatable: an op that clobbers it (division, high multiply)
 * saves and restores it when a live local or a cached global is in it. */
static bool rdx_keep(jctx *c)
{
    return ((c->busy[c->cur_op] >> X_RDX) & 1u) || c->rowner[X_RDX] >= 0;
}

/* Sign-extends the low 32 bits of l into r (64-bit). */
static void ld_sx32(jctx *c, int r, loc l)
{
    if (l.kind == JIT_L_IMM)
        x_mov_imm(&c->buf, r, (uint64_t)(int64_t)(int32_t)l.imm);
    else
        x_movsxd(&c->buf, r, rm_of(l));
}

static void gen_mulh(jctx *c, const vp_ir_op *op, loc d, loc a, loc b, bool w)
{
    if (!w) { /* 32x32 -> 64 in a 64-bit multiply, take the high half */
        if (op->opc == VP_OP_MULUH)
            ld(c, X_RAX, a, false);
        else
            ld_sx32(c, X_RAX, a);
        if (op->opc == VP_OP_MULSH)
            ld_sx32(c, X_RCX, b);
        else
            ld(c, X_RCX, b, false);
        x_imul_rm(&c->buf, true, X_RAX, xr(X_RCX));
        x_shift_imm(&c->buf, SH_SHR, true, X_RAX, 32);
        st(c, d, X_RAX, false);
        return;
    }
    bool keep = rdx_keep(c);
    ld(c, X_RAX, a, true);
    if (op->opc == VP_OP_MULSUH)
        x_mov_rr(&c->buf, true, X_RCX, X_RAX);
    xrm rb;
    if (b.kind == JIT_L_REG && b.reg == X_RDX) { /* the multiply overwrites it */
        x_mov_rr(&c->buf, true, X_R11, X_RDX);
        rb = xr(X_R11);
    } else {
        rb = rm_or_r11(c, b, true);
    }
    if (keep)
        x_mov_store(&c->buf, 8, xm(X_RSP, JIT_FR_SAVE + 8 * X_RDX), X_RDX);
    x_f7(&c->buf, op->opc == VP_OP_MULSH ? 5 : 4, true, rb);
    if (op->opc == VP_OP_MULSUH) { /* hi(signed a * unsigned b) = hi_u - (a < 0 ? b : 0) */
        x_shift_imm(&c->buf, SH_SAR, true, X_RCX, 63);
        x_alu_rm(&c->buf, ALU_AND, true, X_RCX, rb);
        x_alu_rm(&c->buf, ALU_SUB, true, X_RDX, xr(X_RCX));
    }
    x_mov_rr(&c->buf, true, X_RAX, X_RDX);
    if (keep)
        x_mov_load(&c->buf, true, X_RDX, xm(X_RSP, JIT_FR_SAVE + 8 * X_RDX));
    st(c, d, X_RAX, true);
}

/* Total division: x/0 = ~0, x%0 = x, MIN/-1 = MIN, MIN%-1 = 0. */
static void gen_div(jctx *c, const vp_ir_op *op, loc d, loc a, loc b, bool w)
{
    bool sgn = op->opc == VP_OP_DIV || op->opc == VP_OP_REM;
    bool rem = op->opc == VP_OP_REM || op->opc == VP_OP_REMU;
    xbuf *x = &c->buf;
    uint32_t j_m1 = 0, j_done2 = 0;
    bool keep = rdx_keep(c);
    ld(c, X_RCX, b, w);
    ld(c, X_RAX, a, w);
    if (keep)
        x_mov_store(x, 8, xm(X_RSP, JIT_FR_SAVE + 8 * X_RDX), X_RDX);
    x_test_rr(x, w, X_RCX, X_RCX);
    uint32_t j_zero = x_jcc8(x, CC_E);
    if (sgn) {
        x_alu_mi(x, ALU_CMP, w, xr(X_RCX), -1);
        j_m1 = x_jcc8(x, CC_E);
        x_cqo(x, w);
        x_f7(x, 7, w, xr(X_RCX));
    } else {
        x_alu_rm(x, ALU_XOR, false, X_RDX, xr(X_RDX));
        x_f7(x, 6, w, xr(X_RCX));
    }
    if (rem)
        x_mov_rr(x, w, X_RAX, X_RDX);
    uint32_t j_done = x_jmp8(x);
    if (sgn) {
        x_patch8_here(x, j_m1); /* b == -1: a / -1 = -a (wraps at MIN), a % -1 = 0 */
        if (rem)
            x_alu_rm(x, ALU_XOR, false, X_RAX, xr(X_RAX));
        else
            x_f7(x, 3, w, xr(X_RAX));
        j_done2 = x_jmp8(x);
    }
    x_patch8_here(x, j_zero);
    if (!rem)
        x_mov_imm(x, X_RAX, w ? UINT64_MAX : UINT32_MAX);
    x_patch8_here(x, j_done);
    if (sgn)
        x_patch8_here(x, j_done2);
    if (keep)
        x_mov_load(x, true, X_RDX, xm(X_RSP, JIT_FR_SAVE + 8 * X_RDX));
    st(c, d, X_RAX, w);
}

static void gen_ext(jctx *c, const vp_ir_op *op, loc d, loc a)
{
    bool w = op->type == VP_IR_I64;
    int dr = d.kind == JIT_L_REG ? d.reg : X_RAX;
    xrm s = rm_or_r11(c, a, true);
    switch (op->opc) {
    case VP_OP_EXT8S: x_movsx8(&c->buf, w, dr, s); break;
    case VP_OP_EXT8U: x_movzx8(&c->buf, false, dr, s); break;
    case VP_OP_EXT16S: x_movsx16(&c->buf, w, dr, s); break;
    case VP_OP_EXT16U: x_movzx16(&c->buf, false, dr, s); break;
    case VP_OP_EXT32S: case VP_OP_EXTS_I32_I64: x_movsxd(&c->buf, dr, s); break;
    default: x_mov_load(&c->buf, false, dr, s); break; /* EXT32U, EXTU, TRUNC */
    }
    st(c, d, dr, w);
}

static void gen_mov(jctx *c, loc d, loc a, bool w)
{
    if (same_loc(d, a))
        return;
    if (d.kind == JIT_L_MEM && a.kind == JIT_L_IMM && (!w || x_fits32((int64_t)a.imm))) {
        x_mov_mi(&c->buf, w, rm_of(d), (int32_t)(uint32_t)a.imm);
        return;
    }
    int dr = d.kind == JIT_L_REG ? d.reg : X_RAX;
    ld(c, dr, a, w);
    st(c, d, dr, w);
}

/* Folds an op whose inputs are all constants. Returns true if done. */
static void gen_setcond(jctx *c, const vp_ir_op *op, loc d, loc a, loc b, bool w)
{
    uint64_t cond = op->args[3];
    if (cond >= VP_COND_ALWAYS) {
        gen_mov(c, d, (loc){.kind = JIT_L_IMM, .imm = cond == VP_COND_ALWAYS}, w);
        return;
    }
    cmp_ab(c, a, b, w);
    x_setcc(&c->buf, cc_of(cond), X_RAX);
    x_movzx8(&c->buf, false, X_RAX, xr(X_RAX));
    st(c, d, X_RAX, w);
}

/* ld that leaves the flags alone (no xor for a zero). */
static void ld_keep_flags(jctx *c, int r, loc l, bool w)
{
    if (l.kind == JIT_L_IMM && (w ? l.imm : (uint32_t)l.imm) == 0) {
        if (r >= 8)
            x_b(&c->buf, 0x41);
        x_b(&c->buf, (uint8_t)(0xB8 + (r & 7))); /* mov r32, 0 */
        x_d32(&c->buf, 0);
        return;
    }
    ld(c, r, l, w);
}

static void gen_movcond(jctx *c, const vp_ir_op *op, loc d, bool w)
{
    uint64_t cond = op->args[5];
    loc a = temp_loc(c, op->args[1]), b = temp_loc(c, op->args[2]);
    loc vt = temp_loc(c, op->args[3]), vf = temp_loc(c, op->args[4]);
    if (cond >= VP_COND_ALWAYS) {
        gen_mov(c, d, cond == VP_COND_ALWAYS ? vt : vf, w);
        return;
    }
    cmp_ab(c, a, b, w); /* uses rax and r11; the loads below keep the flags */
    ld_keep_flags(c, X_RCX, vt, w);
    ld_keep_flags(c, X_RAX, vf, w);
    x_cmov(&c->buf, cc_of(cond), w, X_RAX, xr(X_RCX));
    st(c, d, X_RAX, w);
}

/* ---- memory ------------------------------------------------------------------ */

/* Offset from rbx of the data accesses' soft-TLB set: part of the block's
 * flags (cpu_int.h), so fixed in its code. */
static int32_t dtlb_disp(jctx *c)
{
    return TLB_OFF + (int32_t)(c->cpu->ex.dset * sizeof(c->cpu->ex.tlb[0]));
}

/* rax = masked guest address; jumps to a new stub on a TLB miss for the
 * tag at `tag_off`; on a hit leaves the host address in rax. */
static void tlb_lookup(jctx *c, loc addr, bool aw, uint32_t memop, int32_t tag_off, uint8_t kind, uint32_t live)
{
    xbuf *x = &c->buf;
    uint32_t size = 1u << (memop & VP_MO_SIZE);
    /* The hart's address mask is fixed; a 32-bit load zero-extends. */
    uint64_t mask = c->cpu->ex.addr_mask;
    ld(c, X_RAX, addr, aw);
    if (aw ? mask != UINT64_MAX : mask < UINT32_MAX)
        x_alu_rm(x, ALU_AND, true, X_RAX, xm(X_RBX, OFF(ex.addr_mask)));
    int32_t set = dtlb_disp(c);
    /* rcx = ((addr >> page bits) & (VP_TLB_SIZE - 1)) * 64, in two ops */
    x_mov_rr(x, true, X_RCX, X_RAX);
    x_shift_imm(x, SH_SHR, true, X_RCX, VP_PAGE_BITS - 6);
    x_alu_mi(x, ALU_AND, false, xr(X_RCX), (int32_t)((VP_TLB_SIZE - 1) << 6));
    x_mov_rr(x, true, X_R11, X_RAX);
    x_alu_mi(x, ALU_AND, true, xr(X_R11), (int32_t)(VP_PAGE_MASK | (size - 1)));
    x_alu_rm(x, ALU_CMP, true, X_R11, xmi(X_RBX, X_RCX, 1, set + tag_off));
    vp__jit_add_stub(c, kind, x_jcc32(x, CC_NE), memop, live);
    x_alu_rm(x, ALU_ADD, true, X_RAX, xmi(X_RBX, X_RCX, 1, set + (int32_t)offsetof(vp_tlb_entry, addend)));
}

_Static_assert(VP_CODE_LINES == 256, "the code-line index uses movzx of one byte");

static void gen_qld(jctx *c, const vp_ir_op *op, uint32_t live)
{
    uint32_t memop = (uint32_t)op->args[2], size = memop & VP_MO_SIZE;
    bool sgn = (memop & VP_MO_SIGN) != 0, w = op->type == VP_IR_I64;
    tlb_lookup(c, temp_loc(c, op->args[1]), is64(c, op->args[1]), memop, (int32_t)offsetof(vp_tlb_entry, tag_r),
               JIT_S_LD, live);
    xrm m = xm(X_RAX, 0);
    switch (size) {
    case 0: sgn ? x_movsx8(&c->buf, w, X_RAX, m) : x_movzx8(&c->buf, false, X_RAX, m); break;
    case 1: sgn ? x_movsx16(&c->buf, w, X_RAX, m) : x_movzx16(&c->buf, false, X_RAX, m); break;
    case 2: (sgn && w) ? x_movsxd(&c->buf, X_RAX, m) : x_mov_load(&c->buf, false, X_RAX, m); break;
    default: x_mov_load(&c->buf, true, X_RAX, m); break;
    }
    vp__jit_stub_join_here(c);
    st(c, temp_loc(c, op->args[0]), X_RAX, w);
}

/* A store's value in a register: its own, or r11 (free once the TLB tag
 * has been compared). */
static int value_reg(jctx *c, loc v, bool w)
{
    if (v.kind == JIT_L_REG)
        return v.reg;
    ld(c, X_R11, v, w);
    return X_R11;
}

static void gen_qst(jctx *c, const vp_ir_op *op, uint32_t live)
{
    uint32_t memop = (uint32_t)op->args[2];
    loc v = temp_loc(c, op->args[0]);
    bool vw = is64(c, op->args[0]);
    tlb_lookup(c, temp_loc(c, op->args[1]), is64(c, op->args[1]), memop, (int32_t)offsetof(vp_tlb_entry, tag_w),
               JIT_S_ST, live);
    g_array_index(c->stubs, vp_jit_stub, c->stubs->len - 1).val = v;
    g_array_index(c->stubs, vp_jit_stub, c->stubs->len - 1).val_w = vw;
    x_mov_store(&c->buf, 1u << (memop & VP_MO_SIZE), xm(X_RAX, 0), value_reg(c, v, vw));
    vp__jit_stub_join_here(c);
}

static void emit_mem_stub(jctx *c, const vp_jit_stub *s)
{
    xbuf *x = &c->buf;
    bool store = s->kind == JIT_S_ST;
    int32_t set = dtlb_disp(c);
    if (store) {
        /* A writable page holding code: store directly unless the line
         * holds code. In: rax = address, rcx = TLB entry offset, r11 = masked
         * address (alignment bits kept); the value at s->val.
         * An aligned access of <= 8 bytes stays inside one 16-byte line. */
        x_alu_rm(x, ALU_CMP, true, X_R11, xmi(X_RBX, X_RCX, 1, set + (int32_t)offsetof(vp_tlb_entry, tag_wc)));
        uint32_t no1 = x_jcc8(x, CC_NE);
        x_mov_rr(x, true, X_R11, X_RAX);
        x_shift_imm(x, SH_SHR, true, X_R11, VP_CODE_LINE_BITS);
        x_movzx8(x, false, X_R11, xr(X_R11)); /* line index: VP_CODE_LINES == 256 */
        x_alu_rm(x, ALU_ADD, true, X_R11, xmi(X_RBX, X_RCX, 1, set + (int32_t)offsetof(vp_tlb_entry, code_lines)));
        x_cmp_mi8(x, xm(X_R11, 0), 0);
        uint32_t no2 = x_jcc8(x, CC_NE);
        x_mov_load(x, true, X_RCX, xmi(X_RBX, X_RCX, 1, set + (int32_t)offsetof(vp_tlb_entry, addend)));
        x_mov_store(x, 1u << (s->memop & VP_MO_SIZE), xmi(X_RCX, X_RAX, 1, 0), value_reg(c, s->val, s->val_w));
        x_patch32(x, x_jmp32(x), s->join);
        x_patch8_here(x, no1);
        x_patch8_here(x, no2);
    }
    for (int r = 0; r < 16; r++) /* the dirty cached globals, for a trap (jit.c) */
        if (s->sync[r] >= 0)
            st(c, c->locs[s->sync[r]], r, is64(c, (uint64_t)s->sync[r]));
    x_mov_store(x, 8, xm(X_RSP, JIT_FR_ADDR), X_RAX);
    save_regs(c, s->live);
    if (s->pub)
        emit_publish(c, s->idx, s->pc);
    if (store) /* before rsi, rdx and rdi are overwritten: the value may be in one */
        ld(c, X_RCX, s->val, s->val_w);
    else
        x_lea(x, true, X_RCX, xm(X_RSP, JIT_FR_VAL));
    x_mov_rr(x, true, X_RSI, X_RAX);
    x_mov_imm(x, X_RDX, s->memop);
    x_mov_rr(x, true, X_RDI, X_RBX);
    call_abs(c, store ? (const void *)vp__tlb_store_slow : (const void *)vp__tlb_load_slow);
    x_test_rr(x, false, X_RAX, X_RAX);
    uint32_t ok = x_jcc8(x, CC_E);
    x_mov_rr(x, false, X_R8, X_RAX);
    x_mov_rr(x, true, X_RDI, X_RBX);
    x_mov_load(x, true, X_RSI, xm(X_RSP, JIT_FR_ADDR));
    x_mov_imm(x, X_RDX, s->memop);
    x_mov_imm(x, X_RCX, store);
    call_abs(c, (const void *)vp__cpu_mem_fault);
    uint32_t tj = x_jmp32(x);
    vp__jit_add_trap_jump(c, tj);
    x_patch8_here(x, ok);
    if (s->stop_next) { /* jit.c gen_qst */
        x_alu_mi(x, ALU_CMP, false, xm(X_RBX, OFF(ex.jit_stop)), 0);
        vp_jit_stub st = {.kind = JIT_S_STOP, .from = x_jcc32(x, CC_NE), .idx = s->next_idx, .pc = s->next_pc};
        g_array_append_val(c->stubs, st);
    }
    restore_regs(c, s->live);
    if (!store)
        x_mov_load(x, true, X_RAX, xm(X_RSP, JIT_FR_VAL));
    x_patch32(x, x_jmp32(x), s->join);
}

/* ---- calls, exits ---------------------------------------------------------------- */

static void gen_call(jctx *c, const vp_ir_op *op, uint32_t live)
{
    static const int8_t argr[3] = {X_RSI, X_RDX, X_RCX};
    save_regs(c, live);
    for (unsigned k = 0; k < 3; k++) {
        uint64_t t = op->args[1 + k];
        if (t == VP_IR_NO_TEMP) {
            x_mov_imm(&c->buf, argr[k], 0);
            continue;
        }
        loc l = temp_loc(c, t);
        if (l.kind == JIT_L_REG && (live & (1u << l.reg)))
            l = (loc){.kind = JIT_L_MEM, .reg = X_RSP, .disp = JIT_FR_SAVE + 8 * l.reg};
        ld(c, argr[k], l, is64(c, t));
    }
    x_mov_rr(&c->buf, true, X_RDI, X_RBX);
    call_abs(c, (const void *)op->fn);
    if (op->args[4] & VP_CALL_MAY_EXIT) {
        x_alu_mi(&c->buf, ALU_CMP, false, xm(X_RBX, OFF(exit_tb_now)), 0);
        uint32_t j = x_jcc32(&c->buf, CC_NE);
        vp__jit_add_mayexit_jump(c, j);
    }
    restore_regs(c, live);
    if (op->args[0] != VP_IR_NO_TEMP)
        st(c, temp_loc(c, op->args[0]), X_RAX, is64(c, op->args[0]));
}

/* Instruction start: leave through a stop stub if ex.jit_stop is set. */
static void gen_stop_check(jctx *c)
{
    x_alu_mi(&c->buf, ALU_CMP, false, xm(X_RBX, OFF(ex.jit_stop)), 0);
    vp__jit_add_stub(c, JIT_S_STOP, x_jcc32(&c->buf, CC_NE), 0, 0);
}

/* Counts the insn, then jumps to the returned rel8 branch unless the block
 * may chain on: one compare covers the budget and every exit request
 * (vp__cpu_kick zeroes icount_stop). */
static uint32_t chain_check(jctx *c)
{
    add_icount(c);
    x_alu_rm(&c->buf, ALU_CMP, true, X_ICOUNT, xm(X_RBX, OFF(ex.icount_stop)));
    return x_jcc8(&c->buf, CC_AE);
}

static void gen_exit_nochain(jctx *c)
{
    add_icount(c);
    x_alu_rm(&c->buf, ALU_XOR, false, X_RAX, xr(X_RAX));
    jmp_epilogue(c);
}

/* Counts the insn; then a jb rel32 pointing just after itself (patched to
 * the next block when chained), not taken when the block must leave: one
 * branch on the chained path. */
static uint32_t gen_chain_jump(jctx *c)
{
    uint32_t limit = UINT32_MAX;
    add_icount(c);
    if (c->side_exit) {
        x_mov_imm(&c->buf, X_R11, (uint64_t)(uintptr_t)&c->tb->side_hits);
        x_alu_mi(&c->buf, ALU_ADD, false, xm(X_R11, 0), 1);
        x_alu_mi(&c->buf, ALU_CMP, false, xm(X_R11, 0), (int32_t)VP_SIDE_LIMIT);
        limit = x_jcc8(&c->buf, CC_AE);
    }
    x_alu_rm(&c->buf, ALU_CMP, true, X_ICOUNT, xm(X_RBX, OFF(ex.icount_stop)));
    uint32_t at = x_jcc32(&c->buf, CC_B);
    x_patch32(&c->buf, at, x_pos(&c->buf));
    if (limit != UINT32_MAX)
        x_patch8_here(&c->buf, limit);
    return at;
}

/* LOOKUP_TB: the jump-cache probe inline (no call): the block at the
 * hart's pc (just stored, as wide as the guest's pc) if the cache has one
 * compiled for this block's flags (every block of a chain shares them,
 * vp__tb_link), else leave to the run loop, which looks it up and fills
 * the cache. */
static void gen_lookup(jctx *c)
{
    xbuf *x = &c->buf;
    uint32_t miss[5];
    miss[0] = chain_check(c);
    x_mov_load(x, c->pc_w, X_RAX, xm(X_RBX, OFF(pc)));
    if (c->pc_w)
        x_alu_rm(x, ALU_AND, true, X_RAX, xm(X_RBX, OFF(ex.addr_mask)));
    /* rcx = vp__jc_hash(pc): ((pc >> 1) ^ (pc >> 13)) & (VP_JC_SIZE - 1) */
    x_mov_rr(x, false, X_RCX, X_RAX);
    x_shift_imm(x, SH_SHR, false, X_RCX, 1);
    x_mov_rr(x, false, X_RDX, X_RAX);
    x_shift_imm(x, SH_SHR, false, X_RDX, 13);
    x_alu_rm(x, ALU_XOR, false, X_RCX, xr(X_RDX));
    x_alu_mi(x, ALU_AND, false, xr(X_RCX), (int32_t)(VP_JC_SIZE - 1));
    x_mov_load(x, true, X_RCX, xmi(X_RBX, X_RCX, 8, OFF(ex.jc)));
    x_test_rr(x, true, X_RCX, X_RCX);
    miss[1] = x_jcc8(x, CC_E);
    x_alu_rm(x, ALU_CMP, true, X_RAX, xm(X_RCX, (int32_t)offsetof(vp_tb, pc)));
    miss[2] = x_jcc8(x, CC_NE);
    x_alu_mi(x, ALU_CMP, false, xm(X_RCX, (int32_t)offsetof(vp_tb, flags)), (int32_t)c->tb->flags);
    miss[3] = x_jcc8(x, CC_NE);
    x_alu_mi(x, ALU_CMP, false, xm(X_RCX, (int32_t)offsetof(vp_tb, kind)), VP_TB_JIT);
    miss[4] = x_jcc8(x, CC_NE);
    x_mov_load(x, true, X_RCX, xm(X_RCX, (int32_t)offsetof(vp_tb, host)));
    x_jmp_r(x, X_RCX);
    for (unsigned k = 0; k < 5; k++)
        x_patch8_here(x, miss[k]);
    x_alu_rm(x, ALU_XOR, false, X_RAX, xr(X_RAX));
    jmp_epilogue(c);
}

static uint32_t gen_branch(jctx *c, const vp_ir_op *op)
{
    if (op->opc == VP_OP_BR || op->args[2] == VP_COND_ALWAYS)
        return x_jmp32(&c->buf);
    bool w = op->type == VP_IR_I64;
    cmp_ab(c, temp_loc(c, op->args[0]), temp_loc(c, op->args[1]), w);
    return x_jcc32(&c->buf, cc_of(op->args[2]));
}

/* ---- value ops, guest state ------------------------------------------------------ */

static bool gen_value(jctx *c, const vp_ir_op *op, loc d, loc a, loc b, bool w)
{
    switch (op->opc) {
    case VP_OP_MOV: gen_mov(c, d, a, w); break;
    case VP_OP_EXT8S: case VP_OP_EXT8U: case VP_OP_EXT16S: case VP_OP_EXT16U: case VP_OP_EXT32S:
    case VP_OP_EXT32U: case VP_OP_EXTS_I32_I64: case VP_OP_EXTU_I32_I64: case VP_OP_TRUNC_I64_I32:
        gen_ext(c, op, d, a);
        break;
    case VP_OP_NEG: case VP_OP_NOT: {
        int dr = d.kind == JIT_L_REG ? d.reg : X_RAX;
        ld(c, dr, a, w);
        x_f7(&c->buf, op->opc == VP_OP_NEG ? 3 : 2, w, xr(dr));
        st(c, d, dr, w);
        break;
    }
    case VP_OP_ADD: case VP_OP_SUB: case VP_OP_AND: case VP_OP_OR: case VP_OP_XOR: case VP_OP_MUL:
        gen_binop(c, op, d, a, b, w);
        break;
    case VP_OP_SHL: case VP_OP_SHR: case VP_OP_SAR: case VP_OP_ROTL: case VP_OP_ROTR:
        gen_shift(c, op, d, a, b, w);
        break;
    case VP_OP_MULSH: case VP_OP_MULUH: case VP_OP_MULSUH: gen_mulh(c, op, d, a, b, w); break;
    case VP_OP_DIV: case VP_OP_DIVU: case VP_OP_REM: case VP_OP_REMU: gen_div(c, op, d, a, b, w); break;
    case VP_OP_SETCOND: gen_setcond(c, op, d, a, b, w); break;
    case VP_OP_MOVCOND: gen_movcond(c, op, d, w); break;
    default: return false;
    }
    return true;
}

static void gen_ld_env(jctx *c, const vp_ir_op *op)
{
    bool w = op->type == VP_IR_I64;
    loc d = temp_loc(c, op->args[0]);
    int dr = d.kind == JIT_L_REG ? d.reg : X_RAX;
    x_mov_load(&c->buf, w, dr, xm(X_RBX, (int32_t)op->args[1]));
    st(c, d, dr, w);
}

static void gen_st_env(jctx *c, const vp_ir_op *op)
{
    bool w = op->type == VP_IR_I64;
    ld(c, X_RAX, temp_loc(c, op->args[0]), w);
    x_mov_store(&c->buf, w ? 8 : 4, xm(X_RBX, (int32_t)op->args[1]), X_RAX);
}

/* ---- block entry, stubs, tails ------------------------------------------------ */

/* Nothing: a chained or looked-up block is entered for free (ex.cur_tb is
 * the block the run loop entered, vp__jit_exec). */
static void gen_block_entry(jctx *c)
{
    (void)c;
}

/* Leave before this instruction. */
static void emit_stop_stub(jctx *c, const vp_jit_stub *s)
{
    xbuf *x = &c->buf;
    x_mov_imm(x, X_R11, s->pc);
    x_mov_store(x, 8, xm(X_RBX, OFF(pc)), X_R11);
    if (s->idx)
        x_alu_mi(x, ALU_ADD, true, xr(X_ICOUNT), s->idx);
    x_alu_rm(x, ALU_XOR, false, X_RAX, xr(X_RAX));
    jmp_epilogue(c);
}

/* Trap in a memory op: the instruction did not retire. */
static void emit_trap_exit(jctx *c)
{
    xbuf *x = &c->buf;
    x_mov_load(x, false, X_RAX, xm(X_RBX, OFF(cur_insn)));
    x_alu_rm(x, ALU_ADD, true, X_ICOUNT, xr(X_RAX));
    x_alu_rm(x, ALU_XOR, false, X_RAX, xr(X_RAX));
    jmp_epilogue(c);
}

/* A helper asked to leave: count the insn if it retired. */
static void emit_mayexit_exit(jctx *c)
{
    xbuf *x = &c->buf;
    x_mov_load(x, false, X_RAX, xm(X_RBX, OFF(exit_tb_now)));
    x_mov_mi(x, false, xm(X_RBX, OFF(exit_tb_now)), VP_EXIT_TB_NONE);
    x_alu_rm(x, ALU_XOR, false, X_RCX, xr(X_RCX));
    x_alu_mi(x, ALU_CMP, false, xr(X_RAX), VP_EXIT_TB_RETIRED);
    x_setcc(x, CC_E, X_RCX);
    x_alu_rm(x, ALU_ADD, false, X_RCX, xm(X_RBX, OFF(cur_insn)));
    x_alu_rm(x, ALU_ADD, true, X_ICOUNT, xr(X_RCX));
    x_alu_rm(x, ALU_XOR, false, X_RAX, xr(X_RAX));
    jmp_epilogue(c);
}

/* ---- code cache --------------------------------------------------------------- */

/* Trampoline: save callee-saved registers, make the frame, rbx = cpu, jump
 * to the block. Epilogue (reached by jmp from blocks, rax = result): undo. */
static uint32_t emit_trampoline(vp_jit_buf *x)
{
    static const int saved[] = {X_RBX, X_RBP, X_R12, X_R13, X_R14, X_R15};
    for (int i = 0; i < 6; i++)
        x_push(x, saved[i]);
    x_alu_mi(x, ALU_SUB, true, xr(X_RSP), JIT_FRAME);
    x_mov_rr(x, true, X_RBX, X_RDI);
    x_mov_load(x, true, X_ICOUNT, xm(X_RBX, OFF(ex.insn_base)));
    x_jmp_r(x, X_RSI);
    uint32_t epilogue = vp__jit_align(x_pos(x));
    x->p = x->start + epilogue;
    x_mov_store(x, 8, xm(X_RBX, OFF(ex.insn_base)), X_ICOUNT);
    x_alu_mi(x, ALU_ADD, true, xr(X_RSP), JIT_FRAME);
    for (int i = 5; i >= 0; i--)
        x_pop(x, saved[i]);
    x_ret(x);
    return epilogue;
}

/* A chained jb/jmp rel32: the displacement counts from the end of the field. */
static void patch_jump(uint8_t *rw, const uint8_t *rx, const uint8_t *target)
{
    int32_t rel = (int32_t)(target - (rx + 4));
    memcpy(rw, &rel, 4);
}

static void patch_branch(vp_jit_buf *x, uint32_t at, uint32_t target)
{
    x_patch32(x, at, target);
}

const vp_jit_host_ops vp__jit_host_x86_64 = {
    .name = "x86-64",
    .cs_arch = CS_ARCH_X86,
    .cs_mode = CS_MODE_64,
    .n_regs = 16,
    .alloc_regs = alloc_regs,
    .n_alloc = (int)(sizeof(alloc_regs) / sizeof(alloc_regs[0])),
    .caller_saved = CALLER_SAVED,
    .env_reg = X_RBX,
    .frame_reg = X_RSP,
    .frame_scratch = JIT_FR_VAL,
    .frame_spill = JIT_FR_SPILL,
    .n_spill = JIT_N_SPILL,
    .trampoline = emit_trampoline,
    .patch_jump = patch_jump,
    .patch_branch = patch_branch,
    .block_entry = gen_block_entry,
    .load = ld,
    .store = st,
    .mov = gen_mov,
    .value = gen_value,
    .ld_env = gen_ld_env,
    .st_env = gen_st_env,
    .qld = gen_qld,
    .qst = gen_qst,
    .call = gen_call,
    .publish = emit_publish,
    .branch = gen_branch,
    .stop_check = gen_stop_check,
    .exit_nochain = gen_exit_nochain,
    .chain_jump = gen_chain_jump,
    .ret_tag = emit_ret_tag,
    .lookup = gen_lookup,
    .stop_stub = emit_stop_stub,
    .mem_stub = emit_mem_stub,
    .trap_exit = emit_trap_exit,
    .mayexit_exit = emit_mayexit_exit,
};
