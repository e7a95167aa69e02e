/* SPDX-License-Identifier: Apache-2.0 */
/* vp_cpu_neutral.c - compiled (not run) by the test_vp_cpu_neutral ctest:
 * vp_cpu.h alone names no guest ISA (its RISC-V names moved to
 * vp_cpu_riscv.h, see vp_cpu_riscv_names.c). */
#include <vpbridge/vp_cpu.h>

#ifdef VPBRIDGE_VP_CPU_RISCV_H
#error "vp_cpu.h includes vp_cpu_riscv.h"
#endif
#if defined(VP_CPU_IRQ_MSIP) || defined(VP_CPU_IRQ_MTIP) || defined(VP_CPU_IRQ_MEIP)
#error "vp_cpu.h defines RISC-V interrupt numbers"
#endif
/* An object of that name conflicts with any function declaration of it. */
int vp_riscv_disas;
