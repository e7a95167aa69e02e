/* SPDX-License-Identifier: Apache-2.0 */
/* tick.S - prints "started\n", then forever: arms the CLINT timer 1 s ahead
 * and sleeps in WFI until MTIP (no trap: mstatus.MIE stays 0). Simulated
 * time races ahead while the hart is almost always asleep; only a signal
 * (or a limit) ends the run. */
#define UART 0x10000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME 0x200bff8
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
  li    t0, 0x80           /* mie.MTIE */
  csrw  mie, t0
  li    t0, CLINT_MTIMECMP
  li    t3, CLINT_MTIME
3:
  lw    t1, 0(t3)          /* mtime + 1 s (10,000,000 ticks), 64-bit */
  lw    t5, 4(t3)
  li    t2, 10000000
  add   t2, t1, t2
  sltu  t4, t2, t1         /* carry */
  add   t5, t5, t4
  li    t1, -1
  sw    t1, 4(t0)          /* high word first: no spurious early match */
  sw    t2, 0(t0)
  sw    t5, 4(t0)
4:
  wfi
  csrr  t1, mip
  andi  t1, t1, 0x80
  beqz  t1, 4b
  j     3b
  .section .rodata
msg:
  .asciz "started\n"
