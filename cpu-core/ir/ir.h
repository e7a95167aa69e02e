/* SPDX-License-Identifier: Apache-2.0 */
/* ir.h - the typed intermediate representation of a translation block.
 *
 * A block is a straight list of ops over temps. It is produced by a guest
 * frontend (target/riscv), simplified by the optimizer (ir/opt.c) and run
 * by an executor (interp/ now, an x86-64 JIT later). Everything an
 * executor needs is explicit in the ops; nothing is guest-specific here.
 *
 * Temps
 *   GLOBAL  a field of the CPU state at a fixed byte offset (guest
 *           registers). Its value lives in the state between ops that may
 *           observe it (calls, memory ops, exits): an executor that caches
 *           globals in host registers must write them back before a call
 *           or memory op and reload after a call (calls may write globals).
 *   LOCAL   block-local value; keeps its value across labels/branches.
 *   CONST   an immediate (vp_ir_const), never written.
 *   Each temp has a type, I32 or I64. An op's type (op.type) says which
 *   width it computes in; all value operands of an op have that type
 *   unless the op says otherwise (extensions, loads, stores, calls).
 *
 * Semantics that matter to executors
 *   - I32 ops compute modulo 2^32; shifts use the count modulo width.
 *   - DIV/DIVU/REM/REMU are total: x/0 = all ones, x%0 = x (DIVU/REMU
 *     alike), MIN/-1 = MIN and MIN%-1 = 0 (signed). No host trap.
 *   - MULSH/MULUH/MULSUH give the high half of the 2×width product
 *     (signed×signed, unsigned×unsigned, signed×unsigned).
 *   - QLD/QST are guest memory accesses through the soft TLB. On a fault
 *     (bus error, misalignment when VP_MO_ALIGN) the executor calls
 *     vp__cpu_mem_fault(), which raises the guest trap for the current
 *     instruction (the last INSN_START) and the block is left at once.
 *   - CALL helpers have the uniform signature vp_ir_helper_fn. With
 *     VP_CALL_MAY_EXIT, after the call the executor checks
 *     cpu->exit_tb_now; when set it clears it and leaves the block (the
 *     helper has set env pc; instruction counting is the helper's
 *     business via vp__cpu_sync_icount).
 *   - GOTO_TB n + EXIT_TB: "continue at the block for the pc this path
 *     stores"; the frontend writes pc, then GOTO_TB(n), then EXIT_TB(n).
 *     An executor may chain slot n directly to the next block.
 *   - EXIT_TB(VP_EXIT_NOCHAIN): return to the execution loop; env pc is
 *     already written. LOOKUP_TB: like EXIT_TB(NOCHAIN) but the executor
 *     may look up the block for env pc in a fast cache and jump there.
 *   - INSN_START(pc, index, len) precedes each guest instruction.
 */
#ifndef VP_IR_H
#define VP_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum vp_ir_type { VP_IR_I32 = 0, VP_IR_I64 = 1 } vp_ir_type;

typedef enum vp_ir_temp_kind { VP_TEMP_GLOBAL = 0, VP_TEMP_LOCAL = 1, VP_TEMP_CONST = 2 } vp_ir_temp_kind;

typedef uint32_t vp_ir_temp; /* index into vp_ir_block.temps */
typedef uint32_t vp_ir_label;/* index of a label in a block */

typedef struct vp_ir_temp_info {
    uint8_t kind;   /* vp_ir_temp_kind */
    uint8_t type;   /* vp_ir_type */
    uint16_t reserved;
    uint32_t offset;/* GLOBAL: byte offset in struct vp_cpu */
    uint64_t val;   /* CONST: value (zero-extended for I32) */
    const char *name;/* GLOBAL: "x5"/"pc"; else NULL */
} vp_ir_temp_info;

/* Conditions for SETCOND / BRCOND / MOVCOND. */
typedef enum vp_ir_cond {
    VP_COND_EQ, VP_COND_NE,
    VP_COND_LT, VP_COND_GE, VP_COND_LTU, VP_COND_GEU,
    VP_COND_ALWAYS, VP_COND_NEVER,
} vp_ir_cond;

/* Memory operation descriptor for QLD/QST. */
#define VP_MO_8 0u
#define VP_MO_16 1u
#define VP_MO_32 2u
#define VP_MO_64 3u
#define VP_MO_SIZE 3u          /* log2 of the access size */
#define VP_MO_SIGN 4u          /* sign-extend a load */
#define VP_MO_ALIGN 8u         /* misaligned address traps (atomics) */
#define VP_MO_AMO 16u          /* part of an AMO/SC: a fault is a store/AMO fault */

/* Op table: X(name, n_out, n_in, n_const, flags)
 *   args[] order: outputs, inputs (temps), then constant arguments.
 *   flags: F_BB_END ends a basic block, F_SIDE effects (never dead). */
#define VP_IR_F_BB_END 1u
#define VP_IR_F_SIDE 2u
#define VP_IR_F_CALL 4u
#define VP_IR_F_MEM 8u

#define VP_IR_OPS(X)                                                            \
    /* data movement */                                                         \
    X(MOV, 1, 1, 0, 0)              /* out = in */                              \
    X(EXT8S, 1, 1, 0, 0)            /* out = sext(in[7:0]) */                   \
    X(EXT8U, 1, 1, 0, 0)                                                        \
    X(EXT16S, 1, 1, 0, 0)                                                       \
    X(EXT16U, 1, 1, 0, 0)                                                       \
    X(EXT32S, 1, 1, 0, 0)           /* I64 only */                              \
    X(EXT32U, 1, 1, 0, 0)           /* I64 only */                              \
    X(EXTS_I32_I64, 1, 1, 0, 0)     /* type I64; in is I32, sign-extended */    \
    X(EXTU_I32_I64, 1, 1, 0, 0)     /* type I64; in is I32, zero-extended */    \
    X(TRUNC_I64_I32, 1, 1, 0, 0)    /* type I32; in is I64, low half */         \
    /* arithmetic, all in op.type */                                            \
    X(ADD, 1, 2, 0, 0)                                                          \
    X(SUB, 1, 2, 0, 0)                                                          \
    X(NEG, 1, 1, 0, 0)                                                          \
    X(AND, 1, 2, 0, 0)                                                          \
    X(OR, 1, 2, 0, 0)                                                           \
    X(XOR, 1, 2, 0, 0)                                                          \
    X(NOT, 1, 1, 0, 0)                                                          \
    X(SHL, 1, 2, 0, 0)                                                          \
    X(SHR, 1, 2, 0, 0)                                                          \
    X(SAR, 1, 2, 0, 0)                                                          \
    X(ROTL, 1, 2, 0, 0)             /* rotate; amount mod the width */          \
    X(ROTR, 1, 2, 0, 0)                                                         \
    X(MUL, 1, 2, 0, 0)                                                          \
    X(MULSH, 1, 2, 0, 0)                                                        \
    X(MULUH, 1, 2, 0, 0)                                                        \
    X(MULSUH, 1, 2, 0, 0)                                                       \
    X(DIV, 1, 2, 0, 0)                                                          \
    X(DIVU, 1, 2, 0, 0)                                                         \
    X(REM, 1, 2, 0, 0)                                                          \
    X(REMU, 1, 2, 0, 0)                                                         \
    X(SETCOND, 1, 2, 1, 0)          /* out = (a cond b) ? 1 : 0; const: cond */ \
    X(MOVCOND, 1, 4, 1, 0)          /* out = (a cond b) ? c : d; const: cond */ \
    /* CPU state fields that are not globals (CSRs, reservation) */             \
    X(LD_ENV, 1, 0, 1, 0)           /* out = *(type*)(cpu + const offset) */    \
    X(ST_ENV, 0, 1, 1, VP_IR_F_SIDE)/* *(type*)(cpu + const offset) = in */     \
    /* guest memory; consts: memop */                                           \
    X(QLD, 1, 1, 1, VP_IR_F_SIDE | VP_IR_F_MEM) /* out = mem[in0] */            \
    X(QST, 0, 2, 1, VP_IR_F_SIDE | VP_IR_F_MEM) /* mem[in1] = in0 */            \
    /* control flow inside the block; consts: label (and cond) */               \
    X(SET_LABEL, 0, 0, 1, VP_IR_F_BB_END)                                       \
    X(BR, 0, 0, 1, VP_IR_F_BB_END)                                              \
    X(BRCOND, 0, 2, 2, VP_IR_F_BB_END) /* consts: cond, label */                \
    /* helpers: see vp_ir_op.call */                                            \
    X(CALL, 0, 0, 0, VP_IR_F_SIDE | VP_IR_F_CALL)                               \
    /* block structure */                                                       \
    X(INSN_START, 0, 0, 3, VP_IR_F_SIDE) /* consts: guest pc, index, len */      \
    X(GOTO_TB, 0, 0, 1, VP_IR_F_SIDE)   /* const: slot < VP_TB_SLOTS */         \
    X(EXIT_TB, 0, 0, 1, VP_IR_F_BB_END | VP_IR_F_SIDE) /* const: slot or NOCHAIN */ \
    X(LOOKUP_TB, 0, 0, 0, VP_IR_F_BB_END | VP_IR_F_SIDE)

typedef enum vp_ir_opc {
#define VP_X_OPC(name, o, i, c, f) VP_OP_##name,
    VP_IR_OPS(VP_X_OPC)
#undef VP_X_OPC
    VP_OP__COUNT
} vp_ir_opc;

#define VP_TB_SLOTS 4u     /* chaining slots of a block (GOTO_TB/EXIT_TB 0 .. 3) */
#define VP_EXIT_NOCHAIN VP_TB_SLOTS /* EXIT_TB argument: no chaining slot */

struct vp_cpu;
/* Uniform helper signature. Unused arguments are 0. */
typedef uint64_t (*vp_ir_helper_fn)(struct vp_cpu *cpu, uint64_t a0, uint64_t a1, uint64_t a2);

/* Call flags */
#define VP_CALL_MAY_EXIT 1u     /* may raise a trap or end the block: check cpu->exit_tb_now */
#define VP_CALL_PURE 2u         /* no side effects, reads no globals: may be removed if result unused */
#define VP_CALL_NO_GLOBALS 4u   /* neither reads nor writes globals (no write-back needed) */

#define VP_IR_MAX_ARGS 6

typedef struct vp_ir_op {
    uint8_t opc;   /* vp_ir_opc */
    uint8_t type;  /* vp_ir_type the op computes in */
    uint8_t dead;  /* set by the optimizer: skip */
    uint8_t reserved;
    /* Temps and constants, in table order. For CALL:
     *   args[0] = return temp or VP_IR_NO_TEMP (result type = temp's type)
     *   args[1..3] = argument temps or VP_IR_NO_TEMP (passed as uint64_t:
     *               I32 temps are zero-extended)
     *   args[4] = VP_CALL_* flags; the function pointer is in `fn`. */
    uint64_t args[VP_IR_MAX_ARGS];
    vp_ir_helper_fn fn; /* CALL only */
    const char *fn_name;/* CALL only, for dumps */
} vp_ir_op;

#define VP_IR_NO_TEMP UINT32_MAX

/* A block under construction or ready to run. Arrays grow as needed. */
typedef struct vp_ir_block {
    vp_ir_op *ops;
    uint32_t n_ops, cap_ops;
    vp_ir_temp_info *temps;
    uint32_t n_temps, cap_temps;
    uint32_t n_globals;     /* temps [0, n_globals) are the globals, registered once */
    uint32_t n_labels;
    uint32_t *label_pos;    /* op index of each SET_LABEL, filled by vp_ir_finish */
    uint64_t pc;            /* guest pc of the block */
    uint32_t icount;        /* guest instructions in the block */
    uint32_t guest_size;    /* bytes of guest code covered */
    void *scratch;          /* the optimizer's per-temp tables (kept: a boot optimizes ~30,000 blocks) */
    size_t scratch_bytes;
} vp_ir_block;

/* ---- Builder (ir/ir.c) -------------------------------------------------
 * All builders abort only on out-of-memory (g_malloc semantics). */
void vp__ir_init(vp_ir_block *b);
void vp__ir_fini(vp_ir_block *b);
/* Drops ops, locals and consts, keeps registered globals. */
void vp__ir_reset(vp_ir_block *b, uint64_t pc);
vp_ir_temp vp__ir_global(vp_ir_block *b, vp_ir_type t, uint32_t offset, const char *name);
vp_ir_temp vp__ir_local(vp_ir_block *b, vp_ir_type t);
vp_ir_temp vp__ir_const(vp_ir_block *b, vp_ir_type t, uint64_t val);
vp_ir_label vp__ir_label(vp_ir_block *b);
/* Appends an op; args as in the table. Returns its index. */
uint32_t vp__ir_emit(vp_ir_block *b, vp_ir_opc opc, vp_ir_type type, uint32_t nargs, const uint64_t *args);
uint32_t vp__ir_emit_call(vp_ir_block *b, vp_ir_helper_fn fn, const char *name, uint32_t flags, vp_ir_temp ret,
                          vp_ir_temp a0, vp_ir_temp a1, vp_ir_temp a2);
/* Convenience emitters */
void vp__ir_op1(vp_ir_block *b, vp_ir_opc opc, vp_ir_type t, vp_ir_temp out, vp_ir_temp in);
void vp__ir_op2(vp_ir_block *b, vp_ir_opc opc, vp_ir_type t, vp_ir_temp out, vp_ir_temp a, vp_ir_temp c);
void vp__ir_movi(vp_ir_block *b, vp_ir_type t, vp_ir_temp out, uint64_t val);
void vp__ir_setcond(vp_ir_block *b, vp_ir_type t, vp_ir_cond c, vp_ir_temp out, vp_ir_temp a, vp_ir_temp d);
void vp__ir_movcond(vp_ir_block *b, vp_ir_type t, vp_ir_cond c, vp_ir_temp out, vp_ir_temp a, vp_ir_temp d,
                    vp_ir_temp vtrue, vp_ir_temp vfalse);
void vp__ir_brcond(vp_ir_block *b, vp_ir_type t, vp_ir_cond c, vp_ir_temp a, vp_ir_temp d, vp_ir_label l);
void vp__ir_br(vp_ir_block *b, vp_ir_label l);
void vp__ir_set_label(vp_ir_block *b, vp_ir_label l);
void vp__ir_qld(vp_ir_block *b, vp_ir_type t, vp_ir_temp out, vp_ir_temp addr, uint32_t memop);
void vp__ir_qst(vp_ir_block *b, vp_ir_type t, vp_ir_temp val, vp_ir_temp addr, uint32_t memop);
void vp__ir_ld_env(vp_ir_block *b, vp_ir_type t, vp_ir_temp out, uint32_t offset);
void vp__ir_st_env(vp_ir_block *b, vp_ir_type t, vp_ir_temp val, uint32_t offset);
void vp__ir_insn_start(vp_ir_block *b, uint64_t pc, uint32_t index, uint32_t len);
void vp__ir_goto_tb(vp_ir_block *b, uint32_t slot);
void vp__ir_exit_tb(vp_ir_block *b, uint32_t slot_or_nochain);
void vp__ir_lookup_tb(vp_ir_block *b);
/* Resolves labels; call once after the last op. Returns false if a label was never set. */
bool vp__ir_finish(vp_ir_block *b);
/* Fills label_pos from the SET_LABEL ops (vp__ir_finish does it first). */
void vp__ir_place_labels(vp_ir_block *b);
/* Makes room for n zeroed ops at index pos (later ops move up; labels
 * need vp__ir_place_labels afterwards). */
void vp__ir_insert_ops(vp_ir_block *b, uint32_t pos, uint32_t n);
/* Writes a readable listing (for --trace out_asm and tests). */
void vp__ir_dump(const vp_ir_block *b, void (*out)(void *opaque, const char *line), void *opaque);
const char *vp__ir_opc_name(vp_ir_opc opc);
/* The arg indexes of op's input temps (a CALL's arguments that are set);
 * returns how many (at most 4). */
unsigned vp__ir_op_inputs(const vp_ir_op *op, unsigned idx[4]);
/* op's output temp, or VP_IR_NO_TEMP. */
uint64_t vp__ir_op_output(const vp_ir_op *op);
/* Per label (n_labels entries), the instruction current on every edge into
 * it, branches and falling through: idx[l] its index and pc[l] its pc when
 * all edges agree and none is a backward branch, else idx[l] = -1. The
 * executors use it to know each op's instruction without tracking it at
 * run time. */
void vp__ir_label_insns(const vp_ir_block *b, int32_t *idx, uint64_t *pc);
/* Whether the op after `op` can be reached by falling through it, given
 * `ft` for `op` itself (unconditional branches and exits end a straight
 * line; a conditional branch keeps it as it was). */
bool vp__ir_falls_through(const vp_ir_op *op, bool ft);

/* ---- Optimizer (ir/opt.c) ------------------------------------------------
 * Constant folding/propagation, copy propagation and dead-code removal
 * within basic blocks; never changes observable guest state. */
void vp__ir_optimize(vp_ir_block *b);

#endif /* VP_IR_H */
