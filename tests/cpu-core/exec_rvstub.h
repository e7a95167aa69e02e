/* SPDX-License-Identifier: Apache-2.0 */
/* exec_rvstub.h - the stub RISC-V target used by runtime tests. */
#ifndef EXEC_RVSTUB_H
#define EXEC_RVSTUB_H

#include "../../cpu-core/src/cpu_int.h"

/* The executor under test: the same sources build the interpreter and the
 * JIT variants of a test (CMake sets VP_TEST_ACCEL for the JIT ones). */
#ifndef VP_TEST_ACCEL
#define VP_TEST_ACCEL VP_CPU_ACCEL_INTERP
#endif

/* The toy target stands in for RISC-V's (the registry lists that symbol). */
extern const vp_target_ops vp__riscv_target;

typedef bool (*vp_stub_translate_fn)(vp_cpu *cpu, vp_ir_block *b, uint64_t pc, uint32_t flags);
/* When set, replaces the toy-ISA translator. */
extern vp_stub_translate_fn vp_stub_translate_hook;
/* Exceptions the toy target raised since the last reset. */
extern unsigned vp_stub_raise_count;
/* The toy target's exception numbers (mcause) for the runtime's faults. */
#define STUB_EXC_INSN_ACCESS 1u
#define STUB_EXC_LOAD_MISALIGNED 4u
#define STUB_EXC_LOAD_ACCESS 5u
#define STUB_EXC_STORE_MISALIGNED 6u
#define STUB_EXC_STORE_ACCESS 7u
#define STUB_EXC_ECALL 11u
#define STUB_EXC_ILLEGAL 2u

/* The toy target's own state (cpu->target_state, reached with stub_rv). */
typedef struct stub_state {
    uint32_t xlen;   /* 32 or 64 */
    uint32_t priv;   /* STUB_PRV_M after reset; the block flags */
    uint64_t mstatus; /* bit 3: interrupts enabled */
    uint64_t mie, mip; /* enabled and pending interrupt inputs */
    uint64_t mtvec, mepc, mcause, mtval, mscratch;
} stub_state;
#define STUB_PRV_M 3u
/* The toy target's timer interrupt input (its number in mip/mie). */
#define STUB_IRQ_TIMER 7u

static inline stub_state *stub_rv(vp_cpu *cpu)
{
    return (stub_state *)(void *)cpu->target_state;
}

static inline const stub_state *stub_rv_c(const vp_cpu *cpu)
{
    return (const stub_state *)(const void *)cpu->target_state;
}

/* Toy-ISA encoders (see exec_rvstub.c). */
static inline uint32_t toy(unsigned op, unsigned a, unsigned b, unsigned c)
{
    return op | a << 8 | b << 16 | c << 24;
}
static inline uint32_t toy16(unsigned op, unsigned a, int imm)
{
    return op | a << 8 | ((uint32_t)imm & 0xffff) << 16;
}

#endif /* EXEC_RVSTUB_H */
