/* SPDX-License-Identifier: Apache-2.0 */
/* trapspin.S - prints "started\n", then traps forever: the handler retires
 * one instruction and hits an illegal one, which enters the handler again.
 * (A handler that retires nothing is a trap storm, which vpbridge stops by
 * itself; this one goes on until a signal or a limit stops the run.) */
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
  la    t0, handler
  csrw  mtvec, t0
  ecall
  .balign 4
handler:
  addi  t3, t3, 1
  .word 0
  .section .rodata
msg:
  .asciz "started\n"
