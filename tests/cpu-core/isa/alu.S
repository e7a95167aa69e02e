/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: RV32I/RV64I integer register-register and register-immediate ALU instructions. */
#include "vp_isa.h"

/* The 32-bit shifts of either xlen (rv64: the *W forms). */
.macro srliw_or_srli rd, rs, n
#if __riscv_xlen == 64
  srliw \rd, \rs, \n
#else
  srli  \rd, \rs, \n
#endif
.endm
.macro slliw_or_slli rd, rs, n
#if __riscv_xlen == 64
  slliw \rd, \rs, \n
#else
  slli  \rd, \rs, \n
#endif
.endm

TEST_BEGIN alu
  /* add / sub */
  TEST_RR add, 1, 2, 3
  TEST_RR add, -1, 1, 0
  TEST_RR add, 0x7fffffff, 1, 0x80000000
  TEST_RR sub, 5, 7, -2
  TEST_RR sub, 0, 1, -1
  TEST_RR sub, 0x80000000, 1, 0x7fffffff
  /* logic */
  TEST_RR and, 0xff00ff00, 0x0ff00ff0, 0x0f000f00
  TEST_RR or,  0xff00ff00, 0x0ff00ff0, 0xfff0fff0
  TEST_RR xor, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0
  TEST_RR and, -1, -1, -1
  TEST_RR xor, -1, -1, 0
  /* compares */
  TEST_RR slt,  -1, 1, 1
  TEST_RR slt,  1, -1, 0
  TEST_RR slt,  5, 5, 0
  TEST_RR sltu, -1, 1, 0
  TEST_RR sltu, 1, -1, 1
  TEST_RR sltu, 0, 0, 0
  /* shifts: amount uses the low log2(XLEN) bits of rs2 */
  TEST_RR sll, 1, 31, 0x80000000
  TEST_RR srl, 0x80000000, 31, 1
  TEST_RR sll, 3, 0, 3
#if __riscv_xlen == 64
  TEST_RR sll, 1, 63, 0x8000000000000000
  TEST_RR sll, 1, 64, 1
  TEST_RR sll, 1, 65, 2
  TEST_RR srl, -1, 60, 0xf
  TEST_RR sra, -16, 2, -4
  TEST_RR sra, 0x8000000000000000, 63, -1
  TEST_RR srl, 0x8000000000000000, 63, 1
  TEST_RR sra, 0x4000000000000000, 62, 1
#else
  TEST_RR sll, 1, 32, 1
  TEST_RR sll, 1, 33, 2
  TEST_RR srl, -1, 28, 0xf
  TEST_RR sra, -16, 2, -4
  TEST_RR sra, 0x80000000, 31, -1
  TEST_RR sra, 0x40000000, 30, 1
  TEST_RR srl, 0x80000000, 0x3f, 1
#endif
  /* immediates (12-bit, sign-extended) */
  TEST_RI addi, 1, 2, 3
  TEST_RI addi, 0, -2048, -2048
  TEST_RI addi, 0, 2047, 2047
  TEST_RI addi, 0x7fffffff, 1, 0x80000000
  TEST_RI andi, 0xff0f, -16, 0xff00
  TEST_RI andi, -1, 0x7ff, 0x7ff
  TEST_RI ori,  0x100, -2048, -1792
  TEST_RI xori, 0x0ff, -1, -256
  TEST_RI xori, 0x123, 0x0f0, 0x1d3
  TEST_RI slti, -5, -4, 1
  TEST_RI slti, -4, -5, 0
  TEST_RI sltiu, 5, -1, 1
  TEST_RI sltiu, 0, 1, 1
  TEST_RI sltiu, 1, 1, 0
  TEST_RI slli, 1, 31, 0x80000000
  TEST_RI srli, 0x80000000, 31, 1
  TEST_RI srai, -256, 4, -16
#if __riscv_xlen == 64
  TEST_RI slli, 1, 63, 0x8000000000000000
  TEST_RI srli, -1, 32, 0xffffffff
  TEST_RI srai, 0x8000000000000000, 32, 0xffffffff80000000
  TEST_RI addi, 0xffffffff, 1, 0x100000000
#else
  TEST_RI srli, -1, 16, 0xffff
  TEST_RI srai, 0x80000000, 16, 0xffff8000
#endif
  /* lui / auipc */
  lui   a0, 0x12345
  CHECK a0, 0x12345000
  lui   a0, 0x80000
#if __riscv_xlen == 64
  CHECK a0, 0xffffffff80000000
#else
  CHECK a0, 0x80000000
#endif
  lui   a0, 0xfffff
  CHECK a0, -4096
1:
  auipc a0, 0
  la    a1, 1b
  CHECKR a0, a1
2:
  auipc a0, 1
  la    a1, 2b
  sub   a0, a0, a1
  CHECK a0, 0x1000
  /* x0 is hard-wired to zero */
  li    a0, 5
  add   x0, a0, a0
  addi  x0, x0, 7
  lui   x0, 1
  CHECK x0, 0
  mv    a1, x0
  CHECK a1, 0

  /* rotates the way compilers write them (two shifts of one register, then or/xor/add: the
   * optimizer makes one rotate of them), and near misses it must leave alone */
  li    a0, 0x12345678
#if __riscv_xlen == 64
  slli  a0, a0, 32
  srli  a0, a0, 32
#endif
  srliw_or_srli a1, a0, 7
  slliw_or_slli a2, a0, 25
  or    a1, a1, a2
  CHECK a1, -266049364  /* 0xf02468ac, sign-extended on rv64 */
  srliw_or_srli a1, a0, 27
  slliw_or_slli a2, a0, 5
  xor   a1, a2, a1
  CHECK a1, 0x468acf02
  srliw_or_srli a1, a0, 7
  slliw_or_slli a0, a0, 25     /* the source changes: no rotate of the new a0 */
  add   a0, a0, a1
  CHECK a0, -266049364
  li    a0, 0x12345678
  slliw_or_slli a2, a0, 8
  addi  a0, a0, 1
  srliw_or_srli a1, a0, 24
  or    a1, a1, a2
  CHECK a1, 0x34567812
#if __riscv_xlen == 64
  li    a0, 0x0123456789abcdef
  srli  a1, a0, 13
  slli  a2, a0, 51
  xor   a1, a1, a2
  CHECK a1, 0x6f78091a2b3c4d5e
  slli  a2, a0, 8
  addi  a0, a0, 1
  srli  a1, a0, 56
  or    a1, a1, a2
  CHECK a1, 0x23456789abcdef01
  li    a0, 0xfedcba9887654321
  srliw a1, a0, 7
  slliw a2, a0, 25
  add   a1, a1, a2
  CHECK a1, 0x430eca86
#endif

#if __riscv_xlen == 64
  /* RV64 W operations: 32-bit result, sign-extended */
  TEST_RR addw, 0x7fffffff, 1, 0xffffffff80000000
  TEST_RR addw, 0xffffffff, 0xffffffff, -2
  TEST_RR addw, 0x100000005, 0x200000003, 8
  TEST_RR subw, 0, 1, -1
  TEST_RR subw, 0x80000000, 1, 0x7fffffff
  TEST_RR subw, 0x1000000000, 1, -1
  TEST_RR sllw, 1, 31, 0xffffffff80000000
  TEST_RR sllw, 1, 32, 1
  TEST_RR sllw, 0xffffffff00000003, 1, 6
  TEST_RR srlw, 0xffffffff80000000, 31, 1
  TEST_RR srlw, 0xffffffff80000000, 0, 0xffffffff80000000
  TEST_RR srlw, 0x00000000f0000000, 4, 0x0f000000
  TEST_RR srlw, 0x12345678ffffffff, 36, 0x0fffffff
  TEST_RR sraw, 0x80000000, 4, 0xfffffffff8000000
  TEST_RR sraw, 0x7fffffff00000010, 4, 1
  TEST_RR sraw, 0x80000000, 33, 0xffffffffc0000000   /* the amount is rs2[4:0] */
  TEST_RR sraw, 0x123456787fffffff, 0, 0x7fffffff
  TEST_RR mulw, 0x10000, 0x10000, 0
  TEST_RR mulw, 0xffffffff, 3, -3
  TEST_RR sllw, 0x12345678, 36, 0x23456780
  TEST_RI addiw, 0x7fffffff, 1, 0xffffffff80000000
  TEST_RI addiw, 0xffffffff, 1, 0
  TEST_RI addiw, 0x123456789, 0, 0x23456789
  TEST_RI addiw, 0x80000000, 0, 0xffffffff80000000
  TEST_RI slliw, 1, 31, 0xffffffff80000000
  TEST_RI slliw, 0x100000001, 4, 0x10
  TEST_RI srliw, 0xffffffff80000000, 31, 1
  TEST_RI srliw, -1, 0, -1
  TEST_RI srliw, -1, 4, 0x0fffffff
  TEST_RI sraiw, 0x80000000, 31, -1
  TEST_RI sraiw, 0xffffffff7fffffff, 30, 1
  /* sext.w is addiw rd, rs, 0 */
  li    a0, 0x00000000fffffffe
  sext.w a1, a0
  CHECK a1, -2
#endif
TEST_END
