/* SPDX-License-Identifier: Apache-2.0 */
/* ir_gen.h - random IR generator for differential tests (see ir_gen.c). */
#ifndef VP_TEST_IR_GEN_H
#define VP_TEST_IR_GEN_H

#include <glib.h>

#include "../../cpu-core/src/cpu_int.h"

#define NG 16 /* globals x0..x15 */

typedef struct gen {
    GRand *rnd;
    vp_ir_block *b;
    vp_ir_temp l64[6], l32[4];
} gen;

/* Helpers the generated CALLs use: one touches globals, one is pure. */
uint64_t gen_h_glob(vp_cpu *cpu, uint64_t a0, uint64_t a1, uint64_t a2);
uint64_t gen_h_pure(vp_cpu *cpu, uint64_t a0, uint64_t a1, uint64_t a2);
/* A random number in [0, n). */
uint32_t gen_rn(gen *g, uint32_t n);
/* A random operand of type t: a constant, a global (I64) or a local. */
vp_ir_temp gen_operand(gen *g, vp_ir_type t);
/* A random destination of type t (never x0). */
vp_ir_temp gen_dest(gen *g, vp_ir_type t);
/* Appends one random value-computing op. */
void gen_value_op(gen *g);
/* Appends a random helper call or CPU-state access. */
void gen_other_op(gen *g);
/* Builds the same random block for the same seed: n_ops random ops with
 * forward branches and instruction starts. mem_op (may be NULL) adds guest
 * memory ops to the mix. Returns vp__ir_finish's result. */
bool gen_block(vp_ir_block *b, uint32_t seed, unsigned n_ops, void (*mem_op)(gen *g));

#endif /* VP_TEST_IR_GEN_H */
