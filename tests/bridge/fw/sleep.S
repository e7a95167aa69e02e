/* SPDX-License-Identifier: Apache-2.0 */
/* sleep.S - arms the CLINT timer 1 s ahead (10 MHz timebase), sleeps in WFI
 * until MTIP, then ends through the test finisher with status 7. Simulated
 * time must skip ahead: a second of guest time in a fraction of wall time. */
#define CLINT_MTIMECMP 0x2004000
#define TEST_FINISHER 0x100000
  .section .text.start, "ax"
  .globl _start
_start:
  li    t0, CLINT_MTIMECMP
  li    t1, -1
  sw    t1, 4(t0)          /* high word first: no spurious early match */
  li    t1, 10000000
  sw    t1, 0(t0)
  sw    zero, 4(t0)
  li    t0, 0x80           /* mie.MTIE; mstatus.MIE stays 0: wake, no trap */
  csrw  mie, t0
1:
  wfi
  csrr  t1, mip
  andi  t1, t1, 0x80
  beqz  t1, 1b
  li    t0, TEST_FINISHER
  li    t1, (7 << 16) | 0x3333 /* FAIL with code 7 */
  sw    t1, 0(t0)
2:
  j     2b
