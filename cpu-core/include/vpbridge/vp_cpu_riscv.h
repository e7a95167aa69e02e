/* SPDX-License-Identifier: Apache-2.0 */
/* vp_cpu_riscv.h - what a vp_cpu means when its target is RISC-V (ISA
 * strings "rv32..." and "rv64..."): the interrupt input numbers, the
 * meaning of the generic register, CSR and trap accessors, and the
 * RISC-V disassembler. vp_cpu.h names no guest ISA and does not include
 * this header; code that drives RISC-V harts includes both.
 */
#ifndef VPBRIDGE_VP_CPU_RISCV_H
#define VPBRIDGE_VP_CPU_RISCV_H

#include <vpbridge/vp_cpu.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Interrupt inputs of a RISC-V hart (vp_cpu_set_irq, vp_cpu_irq_sink),
 * numbered as the mip bits. The interrupt is taken when it is enabled in
 * mie (and mstatus.MIE in M-mode, or delegated by mideleg: mstatus.SIE in
 * S-mode); a hart in WFI wakes when it is enabled in mie. */
#define VP_CPU_IRQ_MSIP 3  /* machine software interrupt (CLINT msip) */
#define VP_CPU_IRQ_MTIP 7  /* machine timer interrupt (mtime >= mtimecmp) */
#define VP_CPU_IRQ_MEIP 11 /* machine external interrupt (PLIC) */
#define VP_CPU_IRQ_SEIP 9  /* supervisor external interrupt (PLIC S context); mip.SEIP reads
                              this line ORed with the bit software writes */

/* The generic accessors of vp_cpu.h on a RISC-V hart:
 *   vp_cpu_config.isa      "rv32imac", "rv64imac_zicsr_zifencei", ... (M, A, C,
 *                          Zicsr, Zifencei; RV32/RV64 I base)
 *   vp_cpu_config.hartid   mhartid; a0 holds it after reset (a1 = 0)
 *   vp_cpu_get_reg/set_reg x0..x31 (x0 reads 0)
 *   vp_cpu_get_csr         the CSR at its 12-bit address (0x300 = mstatus)
 *   vp_cpu_xlen            XLEN (32 or 64)
 *   vp_cpu_config.read_time  reads the `time` CSR (mtime); NULL makes
 *                          `time` an illegal CSR
 *   vp_cpu_group           the LR/SC reservations (a store, AMO or SC
 *                          breaks the others' LR reservations)
 *   vp_cpu_insn_count      minstret without guest writes
 *   vp_cpu_trap_info       cause = mcause without the interrupt bit,
 *                          pc = mepc, tval = mtval, vector = the mtvec entry
 *   vp_cpu_config.semihost called for a 32-bit `ebreak` (not c.ebreak) at pc
 *                          with VP_CPU_RISCV_SEMIHOST_ENTRY at pc - 4 and
 *                          VP_CPU_RISCV_SEMIHOST_EXIT at pc + 4 (read through
 *                          the hart's instruction fetch; a fault there means
 *                          "not a call": the breakpoint exception); the
 *                          operation is in a0 (x10), its parameter in a1
 *                          (x11), the result goes to a0. On true the hart
 *                          goes on at pc + 4 (the srai, a no-op). */
#define VP_CPU_RISCV_SEMIHOST_ENTRY 0x01f01013u /* slli x0, x0, 0x1f */
#define VP_CPU_RISCV_SEMIHOST_EXIT 0x40705013u  /* srai x0, x0, 7 */

/* Disassembles one RISC-V instruction at `insn` (16 or 32 bits per its
 * low bits) for --trace in_asm. Returns its length in bytes (2 or 4). */
VP_API unsigned vp_riscv_disas(unsigned xlen, uint64_t pc, uint32_t insn, char *buf, size_t bufsize);
/* The name of CSR `csr` (its 12-bit address: "mstatus", "pmpaddr3") in
 * buf, or its number ("0x7c0") when it has none; returns buf. */
VP_API const char *vp_riscv_csr_name(unsigned csr, char *buf, size_t bufsize);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_CPU_RISCV_H */
