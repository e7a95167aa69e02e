/* SPDX-License-Identifier: Apache-2.0 */
/* status.S - ends at once through the test finisher with status STATUS
 * (built as status125.elf: a guest status that is also one of vpbridge's). */
#define TEST_FINISHER 0x100000
  .section .text.start, "ax"
  .globl _start
_start:
  li    t0, TEST_FINISHER
  li    t1, (STATUS << 16) | 0x3333 /* FAIL with code STATUS */
  sw    t1, 0(t0)
1:
  j     1b
