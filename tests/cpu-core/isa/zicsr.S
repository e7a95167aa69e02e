/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: Zicsr: all six CSR ops, x0/uimm=0 read-only rules, illegal CSR accesses, counters. */
#include "vp_isa.h"

TEST_BEGIN zicsr
  /* csrrw: returns the old value, writes the new */
  li    a0, 0x1234
  csrw  mscratch, a0
  li    a1, 0x5678
  csrrw a2, mscratch, a1
  CHECK a2, 0x1234
  csrr  a3, mscratch
  CHECK a3, 0x5678
  /* full-width mscratch */
  li    a0, -1
  csrw  mscratch, a0
  csrr  a1, mscratch
  CHECK a1, -1
  li    a0, XLEN_MSB | 0x5a5
  csrw  mscratch, a0
  csrr  a1, mscratch
  CHECKR a1, a0
  /* csrrs / csrrc */
  li    a0, 0xf0
  csrw  mscratch, a0
  li    a1, 0x0f
  csrrs a2, mscratch, a1
  CHECK a2, 0xf0
  csrr  a3, mscratch
  CHECK a3, 0xff
  li    a1, 0x3c
  csrrc a2, mscratch, a1
  CHECK a2, 0xff
  csrr  a3, mscratch
  CHECK a3, 0xc3
  /* immediate forms (uimm is zero-extended 5 bits) */
  csrrwi a2, mscratch, 31
  CHECK a2, 0xc3
  csrr  a3, mscratch
  CHECK a3, 31
  csrrci a2, mscratch, 0x11
  CHECK a2, 31
  csrr  a3, mscratch
  CHECK a3, 0x0e
  csrrsi a2, mscratch, 0x10
  CHECK a2, 0x0e
  csrr  a3, mscratch
  CHECK a3, 0x1e
  /* rs1 = x0 / uimm = 0: no write, value unchanged */
  csrrs a2, mscratch, x0
  CHECK a2, 0x1e
  csrrc a2, mscratch, x0
  csrrsi a2, mscratch, 0
  csrrci a2, mscratch, 0
  csrr  a3, mscratch
  CHECK a3, 0x1e
  /* rd = x0: the write still happens */
  li    a1, 0x77
  csrrw x0, mscratch, a1
  csrr  a3, mscratch
  CHECK a3, 0x77
  csrrwi x0, mscratch, 3
  csrr  a3, mscratch
  CHECK a3, 3

  /* read-only CSRs may be read with csrrs/csrrc x0 and csrrsi/csrrci 0 */
  csrrs a0, mhartid, x0
  CHECK a0, 0
  csrrc a0, mhartid, x0
  CHECK a0, 0
  csrrsi a0, mhartid, 0
  CHECK a0, 0
  csrrci a0, mhartid, 0
  CHECK a0, 0
  csrr  a0, mvendorid
  csrr  a0, marchid
  csrr  a0, mimpid

  /* writes to a read-only CSR are illegal: csrrw (even with rd = x0), csrrs with rs1 != x0 */
  TRAP_EXPECT 1f
ro_w:
  csrw  mhartid, a0
  FAIL_HERE
1:
  CHECK_ILLEGAL ro_w
  li    a1, 1
  TRAP_EXPECT 2f
ro_s:
  csrrs a0, mhartid, a1
  FAIL_HERE
2:
  CHECK_ILLEGAL ro_s
  TRAP_EXPECT 3f
ro_wi:
  csrrwi x0, mvendorid, 0
  FAIL_HERE
3:
  CHECK_ILLEGAL ro_wi
  TRAP_EXPECT 4f
ro_si:
  csrrsi a0, marchid, 1
  FAIL_HERE
4:
  CHECK_ILLEGAL ro_si
  /* an unimplemented CSR (custom M-mode read/write space) is illegal to read */
  TRAP_EXPECT 5f
no_csr:
  csrr  a0, 0x7c0
  FAIL_HERE
5:
  CHECK_ILLEGAL no_csr

  /* counters count up and are writable */
  csrr  a0, minstret
  nop
  nop
  nop
  csrr  a1, minstret
  bleu  a1, a0, cnt_bad
  csrr  a0, mcycle
  li    t0, 100
6:
  addi  t0, t0, -1
  bnez  t0, 6b
  csrr  a1, mcycle
  bleu  a1, a0, cnt_bad
  /* user-level aliases are readable from M-mode */
  rdcycle a0
  rdinstret a1
  rdinstret a2
  bleu  a2, a1, cnt_bad
  /* write then read back: at least the written value, and only a little more */
  li    a0, 0x10000
  csrw  minstret, a0
  csrr  a1, minstret
  bltu  a1, a0, cnt_bad
  li    a2, 0x10000 + 0x1000000
  bgeu  a1, a2, cnt_bad
  li    a0, 0x20000
  csrw  mcycle, a0
  csrr  a1, mcycle
  bltu  a1, a0, cnt_bad
  li    a2, 0x20000 + 0x1000000
  bgeu  a1, a2, cnt_bad
#if __riscv_xlen == 32
  li    a0, 5
  csrw  minstreth, a0
  csrr  a1, minstreth
  CHECK a1, 5
  csrw  mcycleh, a0
  csrr  a1, mcycleh
  CHECK a1, 5
  csrr  a1, instreth
  CHECK a1, 5
#else
  li    a0, 0x500000000
  csrw  minstret, a0
  csrr  a1, minstret
  bltu  a1, a0, cnt_bad
  li    a2, 0x500000000 + 0x1000000
  bgeu  a1, a2, cnt_bad
#endif
  addi  s11, s11, 1
TEST_END

cnt_bad:
  FAIL_HERE
