/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: every RVC instruction for the XLEN (c.* mnemonics, so each is really 16 bits). */
#include "vp_isa.h"

TEST_BEGIN compressed
  .option push
  .option rvc
  /* c.li / c.lui / c.addi / c.nop */
  c.li    a0, -32
  CHECK a0, -32
  c.li    a0, 31
  CHECK a0, 31
  c.addi  a0, -1
  CHECK a0, 30
  c.addi  a0, 31
  CHECK a0, 61
  c.nop
  c.lui   a1, 1
  CHECK a1, 0x1000
  c.lui   a1, 0xfffe0               /* nzimm = -32 << 12 */
  CHECK a1, -0x20000
  c.lui   a1, 0x1f
  CHECK a1, 0x1f000
  /* c.mv / c.add / register-register ALU on x8-x15 */
  li      s0, 100
  c.mv    a2, s0
  CHECK a2, 100
  li      s1, 23
  c.add   a2, s1
  CHECK a2, 123
  li      a3, 0xff00
  li      a4, 0x0ff0
  mv      a5, a3
  c.and   a5, a4
  CHECK a5, 0x0f00
  mv      a5, a3
  c.or    a5, a4
  CHECK a5, 0xfff0
  mv      a5, a3
  c.xor   a5, a4
  CHECK a5, 0xf0f0
  mv      a5, a4
  c.sub   a5, a3
  CHECK a5, 0x0ff0 - 0xff00
  /* c.andi / c.srli / c.srai / c.slli */
  li      a5, 0x1234
  c.andi  a5, -16
  CHECK a5, 0x1230
  li      a5, 0x1234
  c.andi  a5, 0xf
  CHECK a5, 4
  li      a5, -64
  c.srai  a5, 3
  CHECK a5, -8
  li      a5, XLEN_MSB
  c.srli  a5, 1
  CHECK a5, XLEN_MSB >> 1
  li      a5, XLEN_MSB
  c.srai  a5, 1
  CHECK a5, XLEN_MSB | (XLEN_MSB >> 1)
  li      t0, 3
  c.slli  t0, 4
  CHECK t0, 48
#if __riscv_xlen == 64
  li      a5, -1
  c.srli  a5, 32
  CHECK a5, 0xffffffff
  li      t0, 1
  c.slli  t0, 63
  CHECK t0, 0x8000000000000000
  li      a5, 0x8000000000000000
  c.srai  a5, 63
  CHECK a5, -1
  /* RV64-only: c.addiw / c.addw / c.subw */
  li      a0, 0x7fffffff
  c.addiw a0, 1
  CHECK a0, 0xffffffff80000000
  li      a0, 0x100000005
  c.addiw a0, 0                    /* sext.w */
  CHECK a0, 5
  li      a0, 0x7fffffff
  li      a1, 0x7fffffff
  c.addw  a0, a1
  CHECK a0, -2
  li      a0, 0
  li      a1, 0x80000000
  c.subw  a0, a1
  CHECK a0, 0xffffffff80000000
#endif
  /* stack-pointer forms */
  mv      s6, sp
  c.addi16sp sp, -64
  mv      a0, sp
  sub     a0, s6, a0
  CHECK a0, 64
  c.addi4spn a0, sp, 8
  addi    a1, sp, 8
  CHECKR a0, a1
  li      a1, 0x13579bdf
  c.swsp  a1, 12(sp)
  c.lwsp  a2, 12(sp)
  CHECK a2, 0x13579bdf
  li      a1, -2
  c.swsp  a1, 60(sp)
  c.lwsp  a2, 60(sp)
  CHECK a2, -2
  addi    s1, sp, 16
  li      a3, 0x2468ace0
  c.sw    a3, 4(s1)
  c.lw    a4, 4(s1)
  CHECK a4, 0x2468ace0
  c.lwsp  a2, 20(sp)
  CHECK a2, 0x2468ace0
  li      a3, 0x87654321
  c.sw    a3, 0(s1)
  c.lw    a4, 0(s1)
  CHECK a4, SX32(0x87654321)
#if __riscv_xlen == 64
  li      a1, 0x0123456789abcdef
  c.sdsp  a1, 24(sp)
  c.ldsp  a2, 24(sp)
  CHECKR a2, a1
  c.sd    a1, 16(s1)
  c.ld    a3, 16(s1)
  CHECKR a3, a1
  c.lw    a4, 16(s1)
  CHECK a4, 0xffffffff89abcdef
#endif
  c.addi16sp sp, 64
  CHECKR sp, s6

  /* control flow: c.j / c.beqz / c.bnez */
  c.j     1f
  FAIL_HERE
1:
  li      a0, 0
  c.beqz  a0, 2f
  FAIL_HERE
2:
  c.bnez  a0, 3f
  li      a0, 1
  c.bnez  a0, 4f
3:
  FAIL_HERE
4:
  c.beqz  a0, 3b
  /* c.jr / c.jalr (link = pc + 2) */
  la      t1, 5f
  c.jr    t1
  FAIL_HERE
5:
  la      t1, 7f
  c.jalr  t1
6:
  j       8f
7:
  la      t2, 6b
  CHECKR ra, t2
  ret
8:
#if __riscv_xlen == 32
  /* RV32-only: c.jal (link = pc + 2) */
  c.jal   9f
10:
  j       11f
9:
  la      t2, 10b
  CHECKR ra, t2
  ret
11:
#endif
  /* a loop built from compressed instructions: sum 1..20 */
  li      a0, 0
  li      a1, 20
12:
  c.add   a0, a1
  c.addi  a1, -1
  c.bnez  a1, 12b
  CHECK a0, 210
  .option pop
TEST_END
