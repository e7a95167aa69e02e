/* SPDX-License-Identifier: Apache-2.0 */
/* loopback.S - puts the UART in loopback (MCR bit 4), sends a byte (it lands
 * in the UART's own RX FIFO), then sleeps in WFI with every interrupt
 * disabled: nothing can wake the hart, so vpbridge must report a dead-lock
 * (exit 126) at once, whatever stdin holds. */
#define UART 0x10000000
  .section .text.start, "ax"
  .globl _start
_start:
  li    t0, UART
  li    t1, 0x10
  sb    t1, 4(t0)          /* MCR = LOOP */
  li    t1, 'x'
  sb    t1, 0(t0)          /* THR: looped back into the RX FIFO */
  csrw  mie, zero
1:
  wfi
  j     1b
