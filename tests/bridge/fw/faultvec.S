/* SPDX-License-Identifier: Apache-2.0 */
/* faultvec.S - points mtvec at address 0 (nothing mapped there) and runs
 * an illegal instruction: the handler's own fetch faults, again and again,
 * and no instruction ever retires. vpbridge must stop the run (trap storm,
 * exit 123) instead of spinning without advancing time. */
  .section .text.start, "ax"
  .globl _start
_start:
  csrw  mtvec, zero
  .word 0
