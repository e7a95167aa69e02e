/* SPDX-License-Identifier: Apache-2.0 */
/* interp_int.h - the IR interpreter executor: compiles a finished IR block
 * into a compact op array and runs it (with chained successors). */
#ifndef VP_INTERP_INT_H
#define VP_INTERP_INT_H

#include "../src/cpu_int.h"
#include "../exec/tb_int.h"

/* Compiles b into tb->code (allocates; sets tb->code_bytes). Returns false
 * if the block uses something the interpreter cannot run. */
bool vp__interp_compile(vp_cpu *cpu, const vp_ir_block *b, vp_tb *tb);
void vp__interp_free(vp_tb *tb);
/* Runs tb and whatever it chains to. Returns the chaining slot (0/1) the
 * last block left through, with *last set to that block, or -1 when the
 * exit cannot be chained (trap, NOCHAIN, lookup miss, stop request). */
int vp__interp_exec(vp_cpu *cpu, vp_tb *tb, vp_tb **last);
/* Rewrites every instruction start after the current one (cpu->cur_insn)
 * of tb into an exit, so the block ends after the current instruction. */
void vp__interp_stop_after_current(vp_cpu *cpu, vp_tb *tb);

struct vp_backend_ops;
extern const struct vp_backend_ops vp__interp_backend;

#endif /* VP_INTERP_INT_H */
