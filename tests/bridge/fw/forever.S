/* SPDX-License-Identifier: Apache-2.0 */
/* forever.S - prints "started\n" and then "tail" (no newline, so a file
 * backend keeps it buffered) on the UART, then loops forever: a run that
 * only a signal (or a limit) ends. */
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
  addi  t3, t3, 1          /* keep retiring instructions */
  j     2b
  .section .rodata
msg:
  .asciz "started\ntail"
