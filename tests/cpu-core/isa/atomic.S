/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: A extension: lr/sc success and failure, every AMO (.w, and .d on RV64). */
#include "vp_isa.h"

/* amo\op.w on memory value \old with operand \val: rd = sign-extended old, mem = \new. */
.macro TEST_AMOW op, old, val, new, rdexp
  li    a0, \old
  sw    a0, 0(s0)
  li    a1, \val
  \op   a2, a1, (s0)
  CHECK a2, \rdexp
  lw    a3, 0(s0)
  CHECK a3, \new
.endm

.macro TEST_AMOD op, old, val, new
  li    a0, \old
  sd    a0, 0(s0)
  li    a1, \val
  \op   a2, a1, (s0)
  CHECK a2, \old
  ld    a3, 0(s0)
  CHECK a3, \new
.endm

TEST_BEGIN atomic
  la    s0, word
  TEST_AMOW amoswap.w, 0x11111111, 0x22222222, 0x22222222, 0x11111111
  TEST_AMOW amoadd.w,  5, -7, SX32(0xfffffffe), 5
  TEST_AMOW amoadd.w,  0x7fffffff, 1, SX32(0x80000000), 0x7fffffff
  TEST_AMOW amoand.w,  0xff00ff00, 0x0ff00ff0, 0x0f000f00, SX32(0xff00ff00)
  TEST_AMOW amoor.w,   0xff00ff00, 0x0ff00ff0, SX32(0xfff0fff0), SX32(0xff00ff00)
  TEST_AMOW amoxor.w,  0xff00ff00, 0x0ff00ff0, SX32(0xf0f0f0f0), SX32(0xff00ff00)
  TEST_AMOW amomin.w,  -5, 3, -5, -5
  TEST_AMOW amomin.w,  3, -5, -5, 3
  TEST_AMOW amomax.w,  -5, 3, 3, -5
  TEST_AMOW amomax.w,  0x80000000, 0x7fffffff, 0x7fffffff, SX32(0x80000000)
  TEST_AMOW amominu.w, -5, 3, 3, -5
  TEST_AMOW amominu.w, 3, 7, 3, 3
  TEST_AMOW amomaxu.w, -5, 3, -5, -5
  TEST_AMOW amomaxu.w, 0x7fffffff, 0x80000000, SX32(0x80000000), 0x7fffffff
  /* aq/rl variants */
  TEST_AMOW amoadd.w.aq, 1, 2, 3, 1
  TEST_AMOW amoadd.w.rl, 1, 2, 3, 1
  TEST_AMOW amoadd.w.aqrl, 1, 2, 3, 1
  /* rd = x0: memory still updated */
  li    a0, 10
  sw    a0, 0(s0)
  li    a1, 5
  amoadd.w x0, a1, (s0)
  lw    a3, 0(s0)
  CHECK a3, 15
  /* rd == rs2 */
  li    a1, 1
  amoadd.w a1, a1, (s0)
  CHECK a1, 15
  lw    a3, 0(s0)
  CHECK a3, 16

  /* lr/sc: success writes and returns 0 */
  li    a0, 100
  sw    a0, 0(s0)
  lr.w  a1, (s0)
  CHECK a1, 100
  addi  a1, a1, 1
  sc.w  a2, a1, (s0)
  CHECK a2, 0
  lw    a3, 0(s0)
  CHECK a3, 101
  /* sc without a reservation fails (nonzero) and does not write */
  li    a1, 555
  sc.w  a2, a1, (s0)
  beqz  a2, sc_bad
  lw    a3, 0(s0)
  CHECK a3, 101
  /* a second sc after a successful one fails */
  lr.w  a1, (s0)
  sc.w  a2, a1, (s0)
  CHECK a2, 0
  li    a1, 777
  sc.w  a2, a1, (s0)
  beqz  a2, sc_bad
  lw    a3, 0(s0)
  CHECK a3, 101
  /* lr sign-extends on RV64 */
  li    a0, 0x80000001
  sw    a0, 0(s0)
  lr.w.aq a1, (s0)
  CHECK a1, SX32(0x80000001)
  sc.w.rl a2, a1, (s0)
  CHECK a2, 0
  /* an atomic increment loop */
  sw    zero, 0(s0)
  li    a4, 10
1:
  lr.w  a1, (s0)
  addi  a1, a1, 3
  sc.w  a2, a1, (s0)
  bnez  a2, 1b
  addi  a4, a4, -1
  bnez  a4, 1b
  lw    a3, 0(s0)
  CHECK a3, 30

#if __riscv_xlen == 64
  la    s0, dword
  TEST_AMOD amoswap.d, 0x1111111122222222, 0x3333333344444444, 0x3333333344444444
  TEST_AMOD amoadd.d,  0x00000000ffffffff, 1, 0x0000000100000000
  TEST_AMOD amoand.d,  0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00
  TEST_AMOD amoor.d,   0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xfff0fff0fff0fff0
  TEST_AMOD amoxor.d,  0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xf0f0f0f0f0f0f0f0
  TEST_AMOD amomin.d,  -5, 3, -5
  TEST_AMOD amomin.d,  0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000
  TEST_AMOD amomax.d,  -5, 3, 3
  TEST_AMOD amominu.d, -5, 3, 3
  TEST_AMOD amomaxu.d, -5, 3, -5
  TEST_AMOD amomaxu.d, 0xffffffff, 0x100000000, 0x100000000
  /* .w on a doubleword location touches only the low word */
  li    a0, 0x123456789abcdef0
  sd    a0, 0(s0)
  li    a1, 1
  amoadd.w a2, a1, (s0)
  CHECK a2, 0xffffffff9abcdef0
  ld    a3, 0(s0)
  CHECK a3, 0x123456789abcdef1
  /* lr.d / sc.d */
  lr.d  a1, (s0)
  CHECK a1, 0x123456789abcdef1
  li    a1, -1
  sc.d  a2, a1, (s0)
  CHECK a2, 0
  ld    a3, 0(s0)
  CHECK a3, -1
  li    a1, 0
  sc.d  a2, a1, (s0)
  beqz  a2, sc_bad
  ld    a3, 0(s0)
  CHECK a3, -1
#endif
TEST_END

sc_bad:
  FAIL_HERE

  .data
  .balign 8
word:  .dword 0
dword: .dword 0
