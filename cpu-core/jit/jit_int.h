/* SPDX-License-Identifier: Apache-2.0 */
/* jit_int.h - the JIT executor: compiles an optimized IR block into host
 * code in a W^X code cache (one per hart), runs it through a small entry
 * trampoline, and patches direct jumps for block chaining. The generic
 * part (jit.c, jit_cache.c) drives a host emitter through jit_host.h;
 * x86-64 (jit_x86_64.c) is the one there is. */
#ifndef VP_JIT_INT_H
#define VP_JIT_INT_H

#include "../src/cpu_int.h"
#include "../exec/tb_int.h"

typedef struct vp_jit vp_jit;

/* True if this build has a JIT for the host. */
bool vp__jit_available(void);
/* Creates the hart's code cache (cpu->ex.jit). Returns false if the host
 * cannot map executable memory. */
bool vp__jit_init(vp_cpu *cpu);
void vp__jit_fini(vp_cpu *cpu);
/* Drops all generated code (the TB cache was flushed). */
void vp__jit_reset(vp_cpu *cpu);
/* Compiles b into host code for tb (tb->host, tb->jmp_at, tb->jmp_reset).
 * Returns false if the code cache is full (flush and retry) or the block
 * needs more than the JIT supports; *full tells which. */
bool vp__jit_compile(vp_cpu *cpu, const vp_ir_block *b, vp_tb *tb, bool *full);
/* Runs tb and whatever it chains to; same contract as vp__interp_exec. */
int vp__jit_exec(vp_cpu *cpu, vp_tb *tb, vp_tb **last);
/* Points chaining slot `slot` of `from` at `to`, or back at its exit when
 * to is NULL. Both must be JIT blocks. */
void vp__jit_patch(vp_cpu *cpu, vp_tb *from, unsigned slot, vp_tb *to);
/* Makes the running block (tb) leave before its next instruction. */
void vp__jit_stop_after_current(vp_cpu *cpu, vp_tb *tb);
/* Logs the host code of tb with Capstone (--trace out_asm). */
void vp__jit_disas(vp_cpu *cpu, vp_tb *tb);

struct vp_backend_ops;
extern const struct vp_backend_ops vp__jit_backend;

#endif /* VP_JIT_INT_H */
