/* SPDX-License-Identifier: Apache-2.0 */
/* Hart 1 of fw/sclat2.c (the runtime's start.S sends harts other than 0
 * here instead of parking them): counts forever in sclat2_spins, three
 * instructions an iteration, no stack. */
  .text
  .globl vp_rt_secondary
vp_rt_secondary:
  la    t1, sclat2_spins
  li    t0, 0
1:
  addi  t0, t0, 1
  sw    t0, 0(t1)
  j     1b

  .data
  .balign 4
  .globl sclat2_spins
sclat2_spins:
  .word 0
