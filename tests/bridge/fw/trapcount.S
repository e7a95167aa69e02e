/* SPDX-License-Identifier: Apache-2.0 */
/* trapcount.S - takes 1000 ecalls (each handled, so no storm), then exits
 * through the SiFive test finisher with status 0: --stats must count 1000
 * traps. */
  .section .text.start, "ax"
  .globl _start
_start:
  la    t0, handler
  csrw  mtvec, t0
  li    s0, 1000
1:
  ecall
  addi  s0, s0, -1
  bnez  s0, 1b
  li    t0, 0x100000
  li    t1, 0x5555
  sw    t1, 0(t0)
2:
  j     2b
  .balign 4
handler:
  csrr  t0, mepc
  addi  t0, t0, 4
  csrw  mepc, t0
  mret
