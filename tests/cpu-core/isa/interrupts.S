/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: mret/trap stacking, vectored mtvec, MSI-before-MTI priority, WFI wake-up by the timer. */
#include "vp_isa.h"

/* mtimecmp = -1 (never) / = 0 (pending now); t0 and t1 are clobbered. */
.macro TIMER_OFF
  li    t0, CLINT_MTIMECMP
  li    t1, -1
#if __riscv_xlen == 64
  sd    t1, 0(t0)
#else
  sw    t1, 4(t0)
  sw    t1, 0(t0)
#endif
.endm
.macro TIMER_NOW
  li    t0, CLINT_MTIMECMP
#if __riscv_xlen == 64
  sd    zero, 0(t0)
#else
  sw    zero, 0(t0)
  sw    zero, 4(t0)
#endif
.endm

TEST_BEGIN interrupts
  TIMER_OFF
  /* mret: MIE <- MPIE, MPIE <- 1, MPP <- U (least privileged), pc <- mepc */
  li    t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
  csrc  mstatus, t0
  li    t0, MSTATUS_MPIE | MSTATUS_MPP
  csrs  mstatus, t0
  la    t0, 1f
  csrw  mepc, t0
  mret
  FAIL_HERE
1:
  csrr  a0, mstatus
  li    t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
  and   a0, a0, t0
  CHECK a0, MSTATUS_MIE | MSTATUS_MPIE
  /* MPIE = 0, MIE = 1 before mret: MIE <- 0 */
  li    t0, MSTATUS_MPIE
  csrc  mstatus, t0
  li    t0, MSTATUS_MPP
  csrs  mstatus, t0
  la    t0, 2f
  csrw  mepc, t0
  mret
  FAIL_HERE
2:
  csrr  a0, mstatus
  li    t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
  and   a0, a0, t0
  CHECK a0, MSTATUS_MPIE
  /* trap entry: MPIE <- MIE (1), MIE <- 0, MPP <- M */
  csrsi mstatus, MSTATUS_MIE
  TRAP_EXPECT 3f
  ecall
  FAIL_HERE
3:
  li    t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
  and   a0, s6, t0
  CHECK a0, MSTATUS_MPIE | MSTATUS_MPP
  csrci mstatus, MSTATUS_MIE

  /* mip.MSIP follows the CLINT msip register */
  li    t0, CLINT_MSIP
  li    t1, 1
  sw    t1, 0(t0)
  csrr  a0, mip
  andi  a0, a0, MIP_MSIP
  CHECK a0, MIP_MSIP
  sw    zero, 0(t0)
  csrr  a0, mip
  andi  a0, a0, MIP_MSIP
  CHECK a0, 0

  /* priority: MSI and MTI both pending -> MSI first, then MTI */
  la    t0, irq_handler
  csrw  mtvec, t0
  la    s5, irq_log
  li    t0, MIP_MSIP | MIP_MTIP
  csrs  mie, t0
  li    t0, CLINT_MSIP
  li    t1, 1
  sw    t1, 0(t0)
  TIMER_NOW
  csrr  a0, mip                   /* both visible as pending before enabling */
  andi  a0, a0, MIP_MSIP | MIP_MTIP
  CHECK a0, MIP_MSIP | MIP_MTIP
  csrsi mstatus, MSTATUS_MIE
  nop
  nop
  csrci mstatus, MSTATUS_MIE
  la    t0, irq_log
  sub   a0, s5, t0
  CHECK a0, 2 * REGBYTES
  LREG  a0, 0(t0)
  CHECK a0, CAUSE_IRQ | 3
  LREG  a0, REGBYTES(t0)
  CHECK a0, CAUSE_IRQ | 7

  /* WFI wakes up on a pending enabled interrupt even with mstatus.MIE = 0 */
  li    t0, CLINT_MTIME
  LREG  a0, 0(t0)
  li    t1, 2000                  /* 200 us */
  add   a0, a0, t1
  li    t0, CLINT_MTIMECMP
#if __riscv_xlen == 64
  sd    a0, 0(t0)
#else
  sw    zero, 4(t0)
  sw    a0, 0(t0)
#endif
  li    t0, MIP_MTIP
  csrw  mie, t0
4:
  wfi
  csrr  a1, mip
  andi  a1, a1, MIP_MTIP
  beqz  a1, 4b                    /* WFI may return early; the timer must fire eventually */
  li    t0, CLINT_MTIME
  LREG  a2, 0(t0)
  sltu  a3, a2, a0
  CHECK a3, 0                     /* time has reached mtimecmp */
  /* then take it with MIE = 1 */
  la    s5, irq_log
  csrsi mstatus, MSTATUS_MIE
  nop
  csrci mstatus, MSTATUS_MIE
  la    t0, irq_log
  LREG  a0, 0(t0)
  CHECK a0, CAUSE_IRQ | 7
  csrr  a1, mip
  andi  a1, a1, MIP_MTIP
  CHECK a1, 0                     /* handler moved mtimecmp away: no longer pending */

  /* vectored mtvec: interrupts go to base + 4 * cause, exceptions to base */
  la    t0, vec_table
  ori   t0, t0, 1
  csrw  mtvec, t0
  csrr  a0, mtvec
  CHECKR a0, t0
  li    s4, 0
  li    t0, MIP_MSIP
  csrw  mie, t0
  li    t0, CLINT_MSIP
  li    t1, 1
  sw    t1, 0(t0)
  csrsi mstatus, MSTATUS_MIE
  nop
  nop
  csrci mstatus, MSTATUS_MIE
  CHECK s4, 3                     /* slot 3 handler ran */
  li    s4, 0
  ecall
  CHECK s4, 0x100                 /* slot 0 (exception) handler ran */
  CHECK s8, CAUSE_ECALL_M
  csrw  mie, zero
  la    t0, vp_isa_trap
  csrw  mtvec, t0
TEST_END

/* Direct-mode interrupt handler: log mcause at s5, silence the source. */
  .balign 4
irq_handler:
  csrr  t2, mcause
  SREG  t2, 0(s5)
  addi  s5, s5, REGBYTES
  li    t3, CAUSE_IRQ | 3
  bne   t2, t3, 1f
  li    t3, CLINT_MSIP
  sw    zero, 0(t3)
  mret
1:
  li    t3, CAUSE_IRQ | 7
  bne   t2, t3, 2f
  li    t3, CLINT_MTIMECMP
  li    t2, -1
#if __riscv_xlen == 64
  sd    t2, 0(t3)
#else
  sw    t2, 4(t3)
  sw    t2, 0(t3)
#endif
  mret
2:
  j     vp_isa_unexpected

  .balign 256
  .option push
  .option norvc
vec_table:
  j     vec_exc
  j     vec_bad
  j     vec_bad
  j     vec_msi
  j     vec_bad
  j     vec_bad
  j     vec_bad
  j     vec_bad
  j     vec_bad
  j     vec_bad
  j     vec_bad
  j     vec_bad
  .option pop
vec_msi:
  csrr  s8, mcause
  li    t3, CLINT_MSIP
  sw    zero, 0(t3)
  li    t3, CAUSE_IRQ | 3
  bne   s8, t3, vec_bad
  li    s4, 3
  mret
vec_exc:
  csrr  s8, mcause
  csrr  t3, mepc
  addi  t3, t3, 4
  csrw  mepc, t3
  li    s4, 0x100
  mret
vec_bad:
  csrr  s8, mcause
  j     vp_isa_unexpected

  .bss
  .balign 8
irq_log:
  .space 64
