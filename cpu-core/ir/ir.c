/* SPDX-License-Identifier: Apache-2.0 */
/* ir.c - IR block builder, label resolution and textual dump. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "ir.h"

typedef struct opdef {
    const char *name;
    uint8_t n_out, n_in, n_const, flags;
} opdef;

static const opdef op_defs[VP_OP__COUNT] = {
#define VP_X_DEF(name, o, i, c, f) {#name, o, i, c, f},
    VP_IR_OPS(VP_X_DEF)
#undef VP_X_DEF
};

unsigned vp__ir_op_inputs(const vp_ir_op *op, unsigned idx[4])
{
    unsigned n = 0;
    if (op->opc == VP_OP_CALL) {
        for (unsigned i = 1; i <= 3; i++)
            if (op->args[i] != VP_IR_NO_TEMP)
                idx[n++] = i;
        return n;
    }
    for (unsigned i = 0; i < op_defs[op->opc].n_in; i++)
        idx[n++] = op_defs[op->opc].n_out + i;
    return n;
}

uint64_t vp__ir_op_output(const vp_ir_op *op)
{
    if (op->opc == VP_OP_CALL)
        return op->args[0];
    return op_defs[op->opc].n_out ? op->args[0] : VP_IR_NO_TEMP;
}

static void label_merge(int32_t *idx, uint64_t *pc, uint64_t l, int32_t p, uint64_t ppc)
{
    if (idx[l] == INT32_MIN) {
        idx[l] = p;
        pc[l] = ppc;
    } else if (idx[l] != p || pc[l] != ppc) {
        idx[l] = -1;
    }
}

bool vp__ir_falls_through(const vp_ir_op *op, bool ft)
{
    switch (op->opc) {
    case VP_OP_BR: case VP_OP_EXIT_TB: case VP_OP_LOOKUP_TB: return false;
    case VP_OP_BRCOND: return op->args[2] == VP_COND_ALWAYS ? false : ft;
    case VP_OP_GOTO_TB: return ft;
    default: return true;
    }
}

void vp__ir_label_insns(const vp_ir_block *b, int32_t *idx, uint64_t *pc)
{
    int32_t p = -1;
    uint64_t ppc = 0;
    bool ft = true;
    for (uint32_t l = 0; l < b->n_labels; l++)
        idx[l] = INT32_MIN, pc[l] = 0; /* INT32_MIN: no edge seen yet */
    for (uint32_t i = 0; i < b->n_ops; i++) {
        const vp_ir_op *op = &b->ops[i];
        if (op->dead || (op->opc != VP_OP_BR && op->opc != VP_OP_BRCOND))
            continue;
        uint64_t l = op->opc == VP_OP_BR ? op->args[0] : op->args[3];
        if (l < b->n_labels && b->label_pos[l] <= i)
            idx[l] = -1;
    }
    for (uint32_t i = 0; i < b->n_ops; i++) {
        const vp_ir_op *op = &b->ops[i];
        if (op->dead)
            continue;
        switch (op->opc) {
        case VP_OP_INSN_START: p = (int32_t)op->args[1]; ppc = op->args[0]; break;
        case VP_OP_BR: case VP_OP_BRCOND: {
            if (op->opc == VP_OP_BRCOND && op->args[2] == VP_COND_NEVER)
                break;
            uint64_t l = op->opc == VP_OP_BR ? op->args[0] : op->args[3];
            if (l < b->n_labels)
                label_merge(idx, pc, l, p, ppc);
            break;
        }
        case VP_OP_SET_LABEL: {
            uint64_t l = op->args[0];
            if (l >= b->n_labels) {
                p = -1;
            } else {
                if (ft)
                    label_merge(idx, pc, l, p, ppc);
                if (idx[l] == INT32_MIN)
                    idx[l] = -1;
                p = idx[l];
                ppc = pc[l];
            }
            break;
        }
        default: break;
        }
        ft = vp__ir_falls_through(op, ft);
    }
}

const char *vp__ir_opc_name(vp_ir_opc opc)
{
    static char names[VP_OP__COUNT][20];
    if ((unsigned)opc >= VP_OP__COUNT)
        return "?";
    if (!names[opc][0]) {
        const char *s = op_defs[opc].name;
        size_t i;
        for (i = 0; s[i] && i < sizeof(names[0]) - 1; i++)
            names[opc][i] = (char)g_ascii_tolower(s[i]);
        names[opc][i] = 0;
    }
    return names[opc];
}

void vp__ir_init(vp_ir_block *b)
{
    memset(b, 0, sizeof(*b));
}

void vp__ir_fini(vp_ir_block *b)
{
    if (!b)
        return;
    g_free(b->ops);
    g_free(b->temps);
    g_free(b->label_pos);
    g_free(b->scratch);
    memset(b, 0, sizeof(*b));
}

void vp__ir_reset(vp_ir_block *b, uint64_t pc)
{
    b->n_ops = 0;
    b->n_temps = b->n_globals;
    b->n_labels = 0;
    b->pc = pc;
    b->icount = 0;
    b->guest_size = 0;
}

static vp_ir_temp new_temp(vp_ir_block *b, vp_ir_temp_kind kind, vp_ir_type t)
{
    if (b->n_temps == b->cap_temps) {
        b->cap_temps = b->cap_temps ? b->cap_temps * 2 : 64;
        b->temps = g_renew(vp_ir_temp_info, b->temps, b->cap_temps);
    }
    vp_ir_temp_info *ti = &b->temps[b->n_temps];
    memset(ti, 0, sizeof(*ti));
    ti->kind = (uint8_t)kind;
    ti->type = (uint8_t)t;
    return b->n_temps++;
}

vp_ir_temp vp__ir_global(vp_ir_block *b, vp_ir_type t, uint32_t offset, const char *name)
{
    bool contiguous = b->n_temps == b->n_globals;
    vp_ir_temp r = new_temp(b, VP_TEMP_GLOBAL, t);
    b->temps[r].offset = offset;
    b->temps[r].name = name;
    if (contiguous)
        b->n_globals = b->n_temps;
    return r;
}

vp_ir_temp vp__ir_local(vp_ir_block *b, vp_ir_type t)
{
    return new_temp(b, VP_TEMP_LOCAL, t);
}

vp_ir_temp vp__ir_const(vp_ir_block *b, vp_ir_type t, uint64_t val)
{
    vp_ir_temp r = new_temp(b, VP_TEMP_CONST, t);
    b->temps[r].val = t == VP_IR_I32 ? (uint32_t)val : val;
    return r;
}

vp_ir_label vp__ir_label(vp_ir_block *b)
{
    return b->n_labels++;
}

uint32_t vp__ir_emit(vp_ir_block *b, vp_ir_opc opc, vp_ir_type type, uint32_t nargs, const uint64_t *args)
{
    if (b->n_ops == b->cap_ops) {
        b->cap_ops = b->cap_ops ? b->cap_ops * 2 : 128;
        b->ops = g_renew(vp_ir_op, b->ops, b->cap_ops);
    }
    vp_ir_op *op = &b->ops[b->n_ops];
    memset(op, 0, sizeof(*op));
    op->opc = (uint8_t)opc;
    op->type = (uint8_t)type;
    if (nargs > VP_IR_MAX_ARGS)
        nargs = VP_IR_MAX_ARGS;
    for (uint32_t i = 0; i < nargs; i++)
        op->args[i] = args[i];
    return b->n_ops++;
}

uint32_t vp__ir_emit_call(vp_ir_block *b, vp_ir_helper_fn fn, const char *name, uint32_t flags, vp_ir_temp ret,
                          vp_ir_temp a0, vp_ir_temp a1, vp_ir_temp a2)
{
    uint64_t args[5] = {ret, a0, a1, a2, flags};
    vp_ir_type t = ret != VP_IR_NO_TEMP ? (vp_ir_type)b->temps[ret].type : VP_IR_I64;
    uint32_t idx = vp__ir_emit(b, VP_OP_CALL, t, 5, args);
    b->ops[idx].fn = fn;
    b->ops[idx].fn_name = name;
    return idx;
}

void vp__ir_op1(vp_ir_block *b, vp_ir_opc opc, vp_ir_type t, vp_ir_temp out, vp_ir_temp in)
{
    uint64_t args[2] = {out, in};
    vp__ir_emit(b, opc, t, 2, args);
}

void vp__ir_op2(vp_ir_block *b, vp_ir_opc opc, vp_ir_type t, vp_ir_temp out, vp_ir_temp a, vp_ir_temp c)
{
    uint64_t args[3] = {out, a, c};
    vp__ir_emit(b, opc, t, 3, args);
}

void vp__ir_movi(vp_ir_block *b, vp_ir_type t, vp_ir_temp out, uint64_t val)
{
    vp__ir_op1(b, VP_OP_MOV, t, out, vp__ir_const(b, t, val));
}

void vp__ir_setcond(vp_ir_block *b, vp_ir_type t, vp_ir_cond c, vp_ir_temp out, vp_ir_temp a, vp_ir_temp d)
{
    uint64_t args[4] = {out, a, d, c};
    vp__ir_emit(b, VP_OP_SETCOND, t, 4, args);
}

void vp__ir_movcond(vp_ir_block *b, vp_ir_type t, vp_ir_cond c, vp_ir_temp out, vp_ir_temp a, vp_ir_temp d,
                    vp_ir_temp vtrue, vp_ir_temp vfalse)
{
    uint64_t args[6] = {out, a, d, vtrue, vfalse, c};
    vp__ir_emit(b, VP_OP_MOVCOND, t, 6, args);
}

void vp__ir_brcond(vp_ir_block *b, vp_ir_type t, vp_ir_cond c, vp_ir_temp a, vp_ir_temp d, vp_ir_label l)
{
    uint64_t args[4] = {a, d, c, l};
    vp__ir_emit(b, VP_OP_BRCOND, t, 4, args);
}

void vp__ir_br(vp_ir_block *b, vp_ir_label l)
{
    uint64_t args[1] = {l};
    vp__ir_emit(b, VP_OP_BR, VP_IR_I64, 1, args);
}

void vp__ir_set_label(vp_ir_block *b, vp_ir_label l)
{
    uint64_t args[1] = {l};
    vp__ir_emit(b, VP_OP_SET_LABEL, VP_IR_I64, 1, args);
}

void vp__ir_qld(vp_ir_block *b, vp_ir_type t, vp_ir_temp out, vp_ir_temp addr, uint32_t memop)
{
    uint64_t args[3] = {out, addr, memop};
    vp__ir_emit(b, VP_OP_QLD, t, 3, args);
}

void vp__ir_qst(vp_ir_block *b, vp_ir_type t, vp_ir_temp val, vp_ir_temp addr, uint32_t memop)
{
    uint64_t args[3] = {val, addr, memop};
    vp__ir_emit(b, VP_OP_QST, t, 3, args);
}

void vp__ir_ld_env(vp_ir_block *b, vp_ir_type t, vp_ir_temp out, uint32_t offset)
{
    uint64_t args[2] = {out, offset};
    vp__ir_emit(b, VP_OP_LD_ENV, t, 2, args);
}

void vp__ir_st_env(vp_ir_block *b, vp_ir_type t, vp_ir_temp val, uint32_t offset)
{
    uint64_t args[2] = {val, offset};
    vp__ir_emit(b, VP_OP_ST_ENV, t, 2, args);
}

void vp__ir_insn_start(vp_ir_block *b, uint64_t pc, uint32_t index, uint32_t len)
{
    uint64_t args[3] = {pc, index, len};
    vp__ir_emit(b, VP_OP_INSN_START, VP_IR_I64, 3, args);
}

void vp__ir_goto_tb(vp_ir_block *b, uint32_t slot)
{
    uint64_t args[1] = {slot};
    vp__ir_emit(b, VP_OP_GOTO_TB, VP_IR_I64, 1, args);
}

void vp__ir_exit_tb(vp_ir_block *b, uint32_t slot_or_nochain)
{
    uint64_t args[1] = {slot_or_nochain};
    vp__ir_emit(b, VP_OP_EXIT_TB, VP_IR_I64, 1, args);
}

void vp__ir_lookup_tb(vp_ir_block *b)
{
    vp__ir_emit(b, VP_OP_LOOKUP_TB, VP_IR_I64, 0, NULL);
}

void vp__ir_insert_ops(vp_ir_block *b, uint32_t pos, uint32_t n)
{
    if (b->n_ops + n > b->cap_ops) {
        b->cap_ops = (b->n_ops + n) * 2;
        b->ops = g_renew(vp_ir_op, b->ops, b->cap_ops);
    }
    memmove(&b->ops[pos + n], &b->ops[pos], (b->n_ops - pos) * sizeof(vp_ir_op));
    memset(&b->ops[pos], 0, n * sizeof(vp_ir_op));
    b->n_ops += n;
}

void vp__ir_place_labels(vp_ir_block *b)
{
    g_free(b->label_pos);
    b->label_pos = g_new(uint32_t, b->n_labels ? b->n_labels : 1);
    for (uint32_t i = 0; i < b->n_labels; i++)
        b->label_pos[i] = UINT32_MAX;
    for (uint32_t i = 0; i < b->n_ops; i++)
        if (b->ops[i].opc == VP_OP_SET_LABEL && b->ops[i].args[0] < b->n_labels)
            b->label_pos[b->ops[i].args[0]] = i;
}

bool vp__ir_finish(vp_ir_block *b)
{
    uint32_t n_insn = 0;
    uint64_t end = b->pc;
    bool ok = true;

    vp__ir_place_labels(b);
    for (uint32_t i = 0; i < b->n_ops; i++) {
        const vp_ir_op *op = &b->ops[i];
        if (op->opc == VP_OP_INSN_START) {
            n_insn++;
            if (op->args[0] + op->args[2] > end)
                end = op->args[0] + op->args[2];
        }
    }
    for (uint32_t i = 0; i < b->n_labels; i++)
        if (b->label_pos[i] == UINT32_MAX)
            ok = false;
    for (uint32_t i = 0; i < b->n_ops && ok; i++) {
        const vp_ir_op *op = &b->ops[i];
        if ((op->opc == VP_OP_BR && op->args[0] >= b->n_labels) ||
            (op->opc == VP_OP_BRCOND && op->args[3] >= b->n_labels))
            ok = false;
    }
    if (!b->icount)
        b->icount = n_insn;
    if (!b->guest_size)
        b->guest_size = (uint32_t)(end - b->pc);
    return ok;
}

/* ---- dump ------------------------------------------------------------ */

static const char *const cond_names[] = {"eq", "ne", "lt", "ge", "ltu", "geu", "always", "never"};

static void fmt_temp(const vp_ir_block *b, uint64_t t, GString *s)
{
    if (t == VP_IR_NO_TEMP || t >= b->n_temps) {
        g_string_append(s, "-");
        return;
    }
    const vp_ir_temp_info *ti = &b->temps[t];
    if (ti->kind == VP_TEMP_GLOBAL)
        g_string_append(s, ti->name ? ti->name : "g?");
    else if (ti->kind == VP_TEMP_CONST)
        g_string_append_printf(s, "$0x%" PRIx64, ti->val);
    else
        g_string_append_printf(s, "tmp%u", (unsigned)(t - b->n_globals));
}

static const char *cond_name(uint64_t c)
{
    return c < G_N_ELEMENTS(cond_names) ? cond_names[c] : "?";
}

static void fmt_consts(const vp_ir_op *op, GString *s, bool first)
{
    const opdef *d = &op_defs[op->opc];
    unsigned base = d->n_out + d->n_in;
    for (unsigned i = 0; i < d->n_const; i++) {
        uint64_t v = op->args[base + i];
        g_string_append(s, first ? " " : ", ");
        first = false;
        bool is_cond = (op->opc == VP_OP_SETCOND || op->opc == VP_OP_MOVCOND || op->opc == VP_OP_BRCOND) && i == 0;
        bool is_label = op->opc == VP_OP_BR || op->opc == VP_OP_SET_LABEL || (op->opc == VP_OP_BRCOND && i == 1);
        if (is_cond)
            g_string_append(s, cond_name(v));
        else if (is_label)
            g_string_append_printf(s, "L%" PRIu64, v);
        else
            g_string_append_printf(s, "$0x%" PRIx64, v);
    }
}

static void fmt_op(const vp_ir_block *b, const vp_ir_op *op, GString *s)
{
    const opdef *d = &op_defs[op->opc];
    if (op->opc == VP_OP_SET_LABEL) {
        g_string_append_printf(s, "L%" PRIu64 ":", op->args[0]);
        return;
    }
    if (op->opc == VP_OP_INSN_START) {
        g_string_append_printf(s, " ---- insn %" PRIu64 " pc 0x%" PRIx64 " len %" PRIu64, op->args[1], op->args[0],
                               op->args[2]);
        return;
    }
    g_string_append_printf(s, "%s%s_%s", op->dead ? "(dead) " : "", vp__ir_opc_name(op->opc),
                           op->type == VP_IR_I32 ? "i32" : "i64");
    if (op->opc == VP_OP_CALL) {
        g_string_append_printf(s, " %s", op->fn_name ? op->fn_name : "helper");
        for (unsigned i = 0; i < 4; i++) {
            g_string_append(s, i ? ", " : " ");
            fmt_temp(b, op->args[i], s);
        }
        g_string_append_printf(s, ", flags=0x%" PRIx64, op->args[4]);
        return;
    }
    bool first = true;
    for (unsigned i = 0; i < (unsigned)d->n_out + d->n_in; i++) {
        g_string_append(s, first ? " " : ", ");
        first = false;
        fmt_temp(b, op->args[i], s);
    }
    fmt_consts(op, s, first);
}

void vp__ir_dump(const vp_ir_block *b, void (*out)(void *opaque, const char *line), void *opaque)
{
    GString *s = g_string_new(NULL);
    g_string_printf(s, "block pc 0x%" PRIx64 " insns %u size %u", b->pc, b->icount, b->guest_size);
    out(opaque, s->str);
    for (uint32_t i = 0; i < b->n_ops; i++) {
        g_string_truncate(s, 0);
        fmt_op(b, &b->ops[i], s);
        out(opaque, s->str);
    }
    g_string_free(s, TRUE);
}
