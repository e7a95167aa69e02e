/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: conditional branches (taken / not taken, signed vs unsigned), jal and jalr. */
#include "vp_isa.h"

/* Branch \op on (\a, \b) must be taken iff \taken is 1. */
.macro TEST_BR op, a, b, taken
  li    a0, \a
  li    a1, \b
  li    a2, 0
  \op   a0, a1, .Lt\@
  li    a2, 2
  j     .Ld\@
.Lt\@:
  li    a2, 1
.Ld\@:
.if \taken
  CHECK a2, 1
.else
  CHECK a2, 2
.endif
.endm

TEST_BEGIN branch
  TEST_BR beq, 0, 0, 1
  TEST_BR beq, 1, 0, 0
  TEST_BR beq, -1, -1, 1
  TEST_BR bne, 0, 0, 0
  TEST_BR bne, 1, 0, 1
  TEST_BR blt, -1, 0, 1
  TEST_BR blt, 0, -1, 0
  TEST_BR blt, 3, 3, 0
  TEST_BR blt, XLEN_MSB, 0, 1
  TEST_BR bge, 0, -1, 1
  TEST_BR bge, -1, 0, 0
  TEST_BR bge, 3, 3, 1
  TEST_BR bltu, 0, -1, 1
  TEST_BR bltu, -1, 0, 0
  TEST_BR bltu, 3, 3, 0
  TEST_BR bgeu, -1, 0, 1
  TEST_BR bgeu, 0, -1, 0
  TEST_BR bgeu, 3, 3, 1
  TEST_BR bgeu, XLEN_MSB, 1, 1

  /* backward branch loop: sum 1..10 */
  li    a0, 0
  li    a1, 10
1:
  add   a0, a0, a1
  addi  a1, a1, -1
  bnez  a1, 1b
  CHECK a0, 55

  /* jal: link register gets pc+4 */
  jal   ra, 2f
3:
  FAIL_HERE
2:
  la    a0, 3b
  CHECKR ra, a0
  /* jal with rd = x0 */
  jal   x0, 4f
  FAIL_HERE
4:
  /* jalr: target = (rs1 + imm) & ~1, link = pc + 4 */
  la    a0, 5f
  addi  a0, a0, -3          /* +3 below gives an odd address; bit 0 is cleared */
  jalr  a1, 4(a0)
6:
  FAIL_HERE
  .balign 4
5:
  la    a2, 6b
  CHECKR a1, a2
  /* jalr with rd == rs1: target uses the old rs1 value */
  la    a3, 7f
  jalr  a3, 0(a3)
8:
  FAIL_HERE
7:
  la    a2, 8b
  CHECKR a3, a2
  /* jalr with a negative offset */
  la    a0, 9f
  addi  a0, a0, 16
  jalr  x0, -16(a0)
  FAIL_HERE
9:
  /* call/ret through a small function */
  li    a0, 20
  call  double_it
  CHECK a0, 40
TEST_END

double_it:
  add   a0, a0, a0
  ret
