/* SPDX-License-Identifier: Apache-2.0 */
/* trapstorm.S - prints "started\n", points mtvec at unmapped memory and
 * traps: every trap entry faults again (instruction access fault at mtvec),
 * so the hart retires nothing and the run would go on forever. */
#define UART 0x10000000
  .section .text.start, "ax"
  .globl _start
_start:
  li    t0, UART
  la    t1, msg
1:
  lbu   t2, 0(t1)
  beqz  t2, 2f
  sb    t2, 0(t0)
  addi  t1, t1, 1
  j     1b
2:
  li    t0, 0x40000000     /* nothing is mapped there on the virt boards */
  csrw  mtvec, t0
  ecall
  .section .rodata
msg:
  .asciz "started\n"
