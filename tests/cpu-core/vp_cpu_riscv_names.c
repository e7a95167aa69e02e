/* SPDX-License-Identifier: Apache-2.0 */
/* vp_cpu_riscv_names.c - compiled (not run) by the test_vp_cpu_riscv_names
 * ctest: vp_cpu_riscv.h alone keeps the names, values and signature that
 * vp_cpu.h held up to VP_CPU_ABI 1 (installed headers only add). */
#include <vpbridge/vp_cpu_riscv.h>

_Static_assert(VP_CPU_IRQ_MSIP == 3, "VP_CPU_IRQ_MSIP is mip bit 3");
_Static_assert(VP_CPU_IRQ_MTIP == 7, "VP_CPU_IRQ_MTIP is mip bit 7");
_Static_assert(VP_CPU_IRQ_MEIP == 11, "VP_CPU_IRQ_MEIP is mip bit 11");
unsigned (*const vp_test_disas)(unsigned, uint64_t, uint32_t, char *, size_t) = vp_riscv_disas;
/* vp_cpu_riscv.h brings the generic API with it. */
void (*const vp_test_set_irq)(vp_cpu *, unsigned, bool) = vp_cpu_set_irq;
