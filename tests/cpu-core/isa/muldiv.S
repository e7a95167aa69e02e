/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: M extension (mul, mulh, mulhsu, mulhu, div, divu, rem, remu; W forms on RV64) with edge cases. */
#include "vp_isa.h"

TEST_BEGIN muldiv
  TEST_RR mul, 3, 7, 21
  TEST_RR mul, -3, 7, -21
  TEST_RR mul, -1, -1, 1
#if __riscv_xlen == 64
  TEST_RR mul, 0x10000, 0x10000, 0x100000000
#else
  TEST_RR mul, 0x10000, 0x10000, 0
#endif
#if __riscv_xlen == 64
  TEST_RR mulh,   0x7fffffffffffffff, 0x7fffffffffffffff, 0x3fffffffffffffff
  TEST_RR mulh,   -1, -1, 0
  TEST_RR mulh,   0x8000000000000000, 0x8000000000000000, 0x4000000000000000
  TEST_RR mulh,   0x8000000000000000, 1, -1
  TEST_RR mulhu,  -1, -1, 0xfffffffffffffffe
  TEST_RR mulhu,  0x8000000000000000, 2, 1
  TEST_RR mulhsu, -1, -1, -1
  TEST_RR mulhsu, 0x8000000000000000, 0xffffffffffffffff, 0x8000000000000000
  TEST_RR mulhsu, 2, 0x8000000000000000, 1
  TEST_RR mul,    0x100000001, 0x100000001, 0x200000001
#else
  TEST_RR mulh,   0x7fffffff, 0x7fffffff, 0x3fffffff
  TEST_RR mulh,   -1, -1, 0
  TEST_RR mulh,   0x80000000, 0x80000000, 0x40000000
  TEST_RR mulh,   0x80000000, 1, -1
  TEST_RR mulhu,  -1, -1, 0xfffffffe
  TEST_RR mulhu,  0x80000000, 2, 1
  TEST_RR mulhsu, -1, -1, -1
  TEST_RR mulhsu, 0x80000000, 0xffffffff, 0x80000000
  TEST_RR mulhsu, 2, 0x80000000, 1
  TEST_RR mul,    0x10001, 0x10001, 0x20001
#endif
  /* division, truncating toward zero */
  TEST_RR div,  20, 6, 3
  TEST_RR div,  -20, 6, -3
  TEST_RR div,  20, -6, -3
  TEST_RR div,  -20, -6, 3
  TEST_RR rem,  20, 6, 2
  TEST_RR rem,  -20, 6, -2
  TEST_RR rem,  20, -6, 2
  TEST_RR rem,  -20, -6, -2
  TEST_RR divu, 20, 6, 3
#if __riscv_xlen == 64
  TEST_RR divu, -20, 6, 0x2aaaaaaaaaaaaaa7
#else
  TEST_RR divu, -20, 6, 0x2aaaaaa7
#endif
  TEST_RR remu, 20, 6, 2
  /* by zero: quotient all ones, remainder = dividend */
  TEST_RR div,  7, 0, -1
  TEST_RR div,  -7, 0, -1
  TEST_RR divu, 7, 0, -1
  TEST_RR rem,  7, 0, 7
  TEST_RR rem,  -7, 0, -7
  TEST_RR remu, 7, 0, 7
  TEST_RR remu, -7, 0, -7
  /* signed overflow: MIN / -1 = MIN, MIN % -1 = 0 */
  TEST_RR div,  XLEN_MSB, -1, XLEN_MSB
  TEST_RR rem,  XLEN_MSB, -1, 0
  TEST_RR divu, XLEN_MSB, -1, 0
  TEST_RR remu, XLEN_MSB, -1, XLEN_MSB
#if __riscv_xlen == 64
  TEST_RR divu, 0xfffffffffffffffe, 0xffffffffffffffff, 0
  TEST_RR divu, 0xffffffffffffffff, 3, 0x5555555555555555
  /* RV64 W forms: operate on the low 32 bits, sign-extend the 32-bit result */
  TEST_RR mulw,  0x7fffffff, 2, -2
  TEST_RR mulw,  0x100000003, 0x200000005, 15
  TEST_RR mulw,  0x10000, 0x10000, 0
  TEST_RR divw,  -20, 6, -3
  TEST_RR divw,  0x1000000014, 6, 3
  TEST_RR divw,  0x80000000, -1, 0xffffffff80000000
  TEST_RR divw,  5, 0, -1
  TEST_RR divw,  5, 0x100000000, -1
  TEST_RR divuw, 0xffffffff, 2, 0x7fffffff
  TEST_RR divuw, -20, 6, 0x2aaaaaa7
  TEST_RR divuw, 0xffffffff, 1, -1
  TEST_RR divuw, 5, 0, -1
  TEST_RR remw,  -20, 6, -2
  TEST_RR remw,  0x80000000, -1, 0
  TEST_RR remw,  0x80000005, 0, 0xffffffff80000005
  TEST_RR remw,  0x100000007, 4, 3
  TEST_RR remuw, -20, 6, 2
  TEST_RR remuw, 0x80000005, 0, 0xffffffff80000005
  TEST_RR remuw, 0xfffffffb, 0x10, 0xb
#else
  TEST_RR divu, 0xfffffffe, 0xffffffff, 0
  TEST_RR divu, 0xffffffff, 3, 0x55555555
#endif
  /* x0 destination discards */
  li    a0, 5
  mul   x0, a0, a0
  div   x0, a0, x0
  CHECK x0, 0
TEST_END
