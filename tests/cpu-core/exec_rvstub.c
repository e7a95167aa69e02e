/* SPDX-License-Identifier: Apache-2.0 */
/* exec_rvstub.c - a stand-in for target/riscv in runtime tests: the
 * vp__rv_* contract implemented over a tiny "toy" ISA, so the IR, the
 * interpreter and the exec loop can be tested without the real frontend.
 * Not a test executable by itself.
 *
 * Toy ISA: 32-bit little-endian words [op, a, b, c] (bytes 0..3).
 *   0x01 LI    x[a] = sext(b | c << 8)
 *   0x02 ADDI  x[a] = x[b] + sext8(c)
 *   0x03 LW    x[a] = mem32[x[b] + sext8(c)]
 *   0x04 SW    mem32[x[b] + sext8(c)] = x[a]
 *   0x05 BNEZ  if x[a] != 0 goto pc + sext(b | c << 8) (ends block; 2 slots)
 *   0x06 J     goto pc + sext(b | c << 8) (ends block; slot 0)
 *   0x07 FENCEI  helper: vp__cpu_tb_flush
 *   0x08 WFI   helper: halts, ends block (retired)
 *   0x09 JR    pc = x[a] (ends block; LOOKUP_TB)
 *   0x0a ECALL helper: raises cause 11 (trap, not retired)
 *   0x0b SB    mem8[x[b] + sext8(c)] = x[a]
 *   0x0c LWA   like LW with VP_MO_ALIGN
 *   0x0d ICNT  x[a] = vp__cpu_icount_now() (helper)
 * Anything else is an illegal instruction: raises cause 2.
 */
#include <stdio.h>
#include <string.h>

#include "exec_rvstub.h"

vp_stub_translate_fn vp_stub_translate_hook;
unsigned vp_stub_raise_count;

static int stub_init(vp_cpu *cpu, const char *isa, vp_error **errp)
{
    if (strncmp(isa, "rv32", 4) && strncmp(isa, "rv64", 4)) {
        vp_error_set(errp, VP_EINVAL, "isa '%s': bad base", isa);
        return VP_EINVAL;
    }
    stub_rv(cpu)->xlen = isa[2] == '3' ? 32 : 64;
    return 0;
}

static void stub_reset(vp_cpu *cpu)
{
    stub_rv(cpu)->priv = STUB_PRV_M;
    stub_rv(cpu)->mtvec = 0x100;
    stub_rv(cpu)->mie = stub_rv(cpu)->mip = 0;
    cpu->ex.addr_mask = stub_rv(cpu)->xlen == 32 ? UINT32_MAX : UINT64_MAX;
    vp_stub_raise_count = 0;
}

static uint32_t stub_tb_flags(const vp_cpu *cpu)
{
    return stub_rv_c(cpu)->priv;
}

static bool stub_take_interrupt(vp_cpu *cpu)
{
    uint64_t p = stub_rv(cpu)->mip & stub_rv(cpu)->mie;
    if (!p || !(stub_rv(cpu)->mstatus & 8))
        return false;
    stub_rv(cpu)->mepc = cpu->pc;
    stub_rv(cpu)->mcause = (1ull << 63) | (unsigned)__builtin_ctzll(p);
    stub_rv(cpu)->mstatus &= ~8ull;
    cpu->pc = stub_rv(cpu)->mtvec;
    vp__cpu_trap_taken(cpu, true, stub_rv(cpu)->mcause & 63, "stub interrupt", stub_rv(cpu)->mepc, 0, cpu->pc);
    return true;
}

static bool stub_wfi_wakeup(const vp_cpu *cpu)
{
    return (stub_rv_c(cpu)->mip & stub_rv_c(cpu)->mie) != 0;
}

/* The toy target's exception numbers for the runtime's memory faults
 * (they happen to be RISC-V's). */
static void stub_raise(vp_cpu *cpu, uint32_t cause, uint64_t tval, uint64_t pc);

static void stub_fault(vp_cpu *cpu, vp_fault kind, uint64_t addr, uint64_t pc)
{
    static const uint32_t cause[] = {
        [VP_FAULT_FETCH_ACCESS] = STUB_EXC_INSN_ACCESS,   [VP_FAULT_LOAD_ACCESS] = STUB_EXC_LOAD_ACCESS,
        [VP_FAULT_STORE_ACCESS] = STUB_EXC_STORE_ACCESS,  [VP_FAULT_LOAD_MISALIGNED] = STUB_EXC_LOAD_MISALIGNED,
        [VP_FAULT_STORE_MISALIGNED] = STUB_EXC_STORE_MISALIGNED,
    };
    stub_raise(cpu, cause[kind], addr, pc);
}

static void stub_raise(vp_cpu *cpu, uint32_t cause, uint64_t tval, uint64_t pc)
{
    stub_rv(cpu)->mcause = cause;
    stub_rv(cpu)->mtval = tval;
    stub_rv(cpu)->mepc = pc;
    cpu->pc = stub_rv(cpu)->mtvec;
    vp_stub_raise_count++;
    vp__cpu_trap_taken(cpu, false, cause, "stub exception", pc, tval, cpu->pc);
}

/* ---- toy translator ---------------------------------------------------- */

static uint64_t h_fencei(vp_cpu *cpu, uint64_t a0, uint64_t a1, uint64_t a2)
{
    (void)a0, (void)a1, (void)a2;
    vp__cpu_tb_flush(cpu, "fence.i");
    return 0;
}

static uint64_t h_wfi(vp_cpu *cpu, uint64_t next_pc, uint64_t a1, uint64_t a2)
{
    (void)a1, (void)a2;
    cpu->pc = next_pc;
    if (!stub_wfi_wakeup(cpu))
        vp__cpu_set_halted(cpu, true);
    cpu->exit_tb_now = VP_EXIT_TB_RETIRED;
    return 0;
}

static uint64_t h_raise(vp_cpu *cpu, uint64_t cause, uint64_t a1, uint64_t a2)
{
    (void)a1, (void)a2;
    stub_raise(cpu, (uint32_t)cause, 0, cpu->cur_pc);
    cpu->exit_tb_now = VP_EXIT_TB_TRAP;
    return 0;
}

static uint64_t h_icount(vp_cpu *cpu, uint64_t a0, uint64_t a1, uint64_t a2)
{
    (void)a0, (void)a1, (void)a2;
    return vp__cpu_icount_now(cpu);
}

typedef struct tctx {
    vp_ir_block *b;
    vp_ir_type t;
    vp_ir_temp x[32], pc;
} tctx;

static vp_ir_temp cst(tctx *c, uint64_t v)
{
    return vp__ir_const(c->b, c->t, v);
}

static void goto_pc(tctx *c, unsigned slot, uint64_t pc)
{
    vp__ir_movi(c->b, c->t, c->pc, pc);
    vp__ir_goto_tb(c->b, slot);
    vp__ir_exit_tb(c->b, slot);
}

static void call(tctx *c, vp_ir_helper_fn fn, const char *name, uint32_t flags, vp_ir_temp ret, uint64_t arg)
{
    vp__ir_emit_call(c->b, fn, name, flags, ret, cst(c, arg), VP_IR_NO_TEMP, VP_IR_NO_TEMP);
}

static vp_ir_temp addr_of(tctx *c, unsigned rb, uint8_t off)
{
    vp_ir_temp a = vp__ir_local(c->b, c->t);
    vp__ir_op2(c->b, VP_OP_ADD, c->t, a, c->x[rb], cst(c, (uint64_t)(int64_t)(int8_t)off));
    return a;
}

/* Emits one instruction; returns true if it ends the block. */
static bool toy_insn(tctx *c, uint64_t pc, uint32_t w)
{
    unsigned op = w & 0xff, a = (w >> 8) & 31, rb = (w >> 16) & 31;
    uint8_t imm8 = (uint8_t)(w >> 24);
    uint64_t imm16 = (uint64_t)(int64_t)(int16_t)(w >> 16);
    vp_ir_block *b = c->b;
    vp_ir_temp t;

    switch (op) {
    case 0x01: vp__ir_movi(b, c->t, c->x[a], imm16); return false;
    case 0x02: vp__ir_op2(b, VP_OP_ADD, c->t, c->x[a], c->x[rb], cst(c, (uint64_t)(int64_t)(int8_t)imm8)); return false;
    case 0x03: case 0x0c:
        t = vp__ir_local(b, c->t);
        vp__ir_qld(b, c->t, t, addr_of(c, rb, imm8), VP_MO_32 | VP_MO_SIGN | (op == 0x0c ? VP_MO_ALIGN : 0));
        vp__ir_op1(b, VP_OP_MOV, c->t, c->x[a], t);
        return false;
    case 0x04: vp__ir_qst(b, c->t, c->x[a], addr_of(c, rb, imm8), VP_MO_32); return false;
    case 0x0b: vp__ir_qst(b, c->t, c->x[a], addr_of(c, rb, imm8), VP_MO_8); return false;
    case 0x05: {
        vp_ir_label l = vp__ir_label(b);
        vp__ir_brcond(b, c->t, VP_COND_NE, c->x[a], cst(c, 0), l);
        goto_pc(c, 0, pc + 4);
        vp__ir_set_label(b, l);
        goto_pc(c, 1, pc + imm16);
        return true;
    }
    case 0x06: goto_pc(c, 0, pc + imm16); return true;
    case 0x07: call(c, h_fencei, "fencei", 0, VP_IR_NO_TEMP, 0); return false;
    case 0x08: call(c, h_wfi, "wfi", VP_CALL_MAY_EXIT, VP_IR_NO_TEMP, pc + 4); vp__ir_exit_tb(b, VP_EXIT_NOCHAIN); return true;
    case 0x09: vp__ir_op1(b, VP_OP_MOV, c->t, c->pc, c->x[a]); vp__ir_lookup_tb(b); return true;
    case 0x0a: call(c, h_raise, "ecall", VP_CALL_MAY_EXIT, VP_IR_NO_TEMP, 11); return true;
    case 0x0d: call(c, h_icount, "icount", VP_CALL_NO_GLOBALS, c->x[a], 0); return false;
    default: call(c, h_raise, "illegal", VP_CALL_MAY_EXIT, VP_IR_NO_TEMP, 2); return true;
    }
}

static bool toy_translate(vp_cpu *cpu, vp_ir_block *b, uint64_t pc, uint32_t flags)
{
    tctx c = {.b = b, .t = stub_rv(cpu)->xlen == 32 ? VP_IR_I32 : VP_IR_I64};
    (void)flags;
    if (b->n_globals == 0) {
        static const char *names[32] = {"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
                                        "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20",
                                        "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "x30",
                                        "x31"};
        for (unsigned i = 0; i < 32; i++)
            vp__ir_global(b, c.t, (uint32_t)offsetof(vp_cpu, x[i]), names[i]);
        vp__ir_global(b, c.t, (uint32_t)offsetof(vp_cpu, pc), "pc");
    }
    for (unsigned i = 0; i < 32; i++)
        c.x[i] = i;
    c.pc = 32;
    for (uint32_t n = 0;; n++) {
        uint32_t w;
        if (!vp__cpu_fetch(cpu, pc, 4, &w)) {
            if (n == 0)
                return false;
            goto_pc(&c, 0, pc);
            return true;
        }
        vp__ir_insn_start(b, pc, n, 4);
        if (toy_insn(&c, pc, w))
            return true;
        pc += 4;
        if (n == 15 || (pc & (VP_PAGE_SIZE - 1)) == 0) {
            goto_pc(&c, 0, pc);
            return true;
        }
    }
}

static bool stub_translate(vp_cpu *cpu, vp_ir_block *b, uint64_t pc, uint32_t flags)
{
    if (vp_stub_translate_hook)
        return vp_stub_translate_hook(cpu, b, pc, flags);
    return toy_translate(cpu, b, pc, flags);
}

static unsigned stub_disas(vp_cpu *cpu, uint64_t pc, uint32_t *insn, char *buf, size_t size)
{
    if (!vp__cpu_fetch(cpu, pc, 4, insn))
        return 0;
    snprintf(buf, size, "toy op 0x%02x", (unsigned)(*insn & 0xff));
    return 4;
}

/* Inputs 0..63 are mip bits; an enabled one wakes the hart. */
static bool stub_set_irq(vp_cpu *cpu, unsigned irq, bool level)
{
    if (irq >= 64)
        return false;
    if (!level) {
        stub_rv(cpu)->mip &= ~(1ull << irq);
        return true;
    }
    stub_rv(cpu)->mip |= 1ull << irq;
    if (stub_rv(cpu)->mie & (1ull << irq))
        vp__cpu_set_halted(cpu, false);
    return true;
}

static unsigned stub_xlen(const vp_cpu *cpu)
{
    return stub_rv_c(cpu)->xlen;
}

/* Stands in for the RISC-V target (the runtime asks vp__target_for for it). */
const vp_target_ops vp__riscv_target = {
    .name = "toy",
    .isa_prefixes = (const char *const[]){"rv32", "rv64", NULL},
    .state_size = sizeof(stub_state),
    .init = stub_init,
    .reset = stub_reset,
    .tb_flags = stub_tb_flags,
    .translate = stub_translate,
    .take_interrupt = stub_take_interrupt,
    .wfi_wakeup = stub_wfi_wakeup,
    .fault = stub_fault,
    .disas = stub_disas,
    .set_irq = stub_set_irq,
    .xlen = stub_xlen, /* no read_csr: the toy target has no CSRs */
};
