/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: loads and stores of every width, sign/zero extension, offsets, fence. */
#include "vp_isa.h"

TEST_BEGIN mem
  la    s0, data
  /* loads from the pattern 0x80 0x81 ... (bytes) */
  lb    a0, 0(s0)
  CHECK a0, -128
  lbu   a0, 0(s0)
  CHECK a0, 0x80
  lb    a0, 3(s0)
  CHECK a0, -125
  lb    a0, 16(s0)
  CHECK a0, 0x7f
  lh    a0, 0(s0)
  CHECK a0, -0x7e80
  lhu   a0, 0(s0)
  CHECK a0, 0x8180
  lh    a0, 16(s0)
  CHECK a0, 0x017f
  lw    a0, 4(s0)
#if __riscv_xlen == 64
  CHECK a0, 0xffffffff87868584
  lwu   a0, 4(s0)
  CHECK a0, 0x87868584
  lwu   a0, 16(s0)
  CHECK a0, 0x0302017f
  ld    a0, 8(s0)
  CHECK a0, 0x8f8e8d8c8b8a8988
  ld    a0, 16(s0)
  CHECK a0, 0x070605040302017f
#else
  CHECK a0, 0x87868584
  lw    a0, 16(s0)
  CHECK a0, 0x0302017f
#endif
  /* negative offsets */
  addi  s1, s0, 8
  lbu   a0, -8(s1)
  CHECK a0, 0x80
  lhu   a0, -6(s1)
  CHECK a0, 0x8382

  /* stores */
  la    s1, scratch
  li    a0, 0x11223344
  sw    a0, 0(s1)
  li    a0, 0xaa
  sb    a0, 1(s1)
  lw    a1, 0(s1)
  CHECK a1, 0x1122aa44
  li    a0, 0x1234bbcc        /* sh stores only the low 16 bits */
  sh    a0, 2(s1)
  lw    a1, 0(s1)
  CHECK a1, SX32(0xbbccaa44)
  lbu   a1, 3(s1)
  CHECK a1, 0xbb
  li    a0, -1
  sb    a0, 4(s1)
  lbu   a1, 4(s1)
  CHECK a1, 0xff
  lb    a1, 4(s1)
  CHECK a1, -1
  sw    zero, 8(s1)
  sh    a0, 10(s1)
  lw    a1, 8(s1)
  CHECK a1, SX32(0xffff0000)
#if __riscv_xlen == 64
  li    a0, 0x0123456789abcdef
  sd    a0, 16(s1)
  ld    a1, 16(s1)
  CHECKR a1, a0
  lwu   a1, 20(s1)
  CHECK a1, 0x01234567
  lw    a1, 16(s1)
  CHECK a1, 0xffffffff89abcdef
  lhu   a1, 22(s1)
  CHECK a1, 0x0123
  sw    zero, 20(s1)
  ld    a1, 16(s1)
  CHECK a1, 0x89abcdef
  li    a0, 0xfedcba9876543210  /* sw stores the low 32 bits */
  sw    a0, 16(s1)
  lwu   a1, 16(s1)
  CHECK a1, 0x76543210
#endif
  /* store then load back through a different register and offset */
  addi  s2, s1, 32
  li    a0, 0x5a
  sb    a0, -1(s2)
  lbu   a1, 31(s1)
  CHECK a1, 0x5a
  /* x0 as source stores zero; load into x0 is discarded */
  li    a0, -1
  sw    a0, 24(s1)
  sb    x0, 24(s1)
  lw    a1, 24(s1)
  CHECK a1, SX32(0xffffff00)
  lw    x0, 24(s1)
  CHECK x0, 0
  /* fences are accepted and do not disturb memory */
  fence
  fence rw, rw
  fence w, r
  fence.tso
  lw    a1, 24(s1)
  CHECK a1, SX32(0xffffff00)
  /* a sum over a table with a loop */
  la    s0, data
  li    a0, 0
  li    a1, 16
1:
  lbu   a2, 0(s0)
  add   a0, a0, a2
  addi  s0, s0, 1
  addi  a1, a1, -1
  bnez  a1, 1b
  CHECK a0, 2168                /* 0x80 + ... + 0x8f */
TEST_END

  .data
  .balign 8
data:
  .byte 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87
  .byte 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f
  .byte 0x7f, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07
  .bss
  .balign 8
scratch:
  .space 64
