/* SPDX-License-Identifier: Apache-2.0 */
/* deadlock.S - sleeps in WFI with every interrupt disabled: nothing can
 * ever wake the hart, so vpbridge must report a dead-lock (exit 126). */
  .section .text.start, "ax"
  .globl _start
_start:
  csrw  mie, zero
1:
  wfi
  j     1b
