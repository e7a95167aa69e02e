/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: Zifencei: self-modifying code made visible by fence.i (incl. already-executed code). */
#include "vp_isa.h"

#define ADDI_A0_X0_1  0x00100513   /* addi a0, x0, 1 */
#define ADDI_A0_X0_2  0x00200513   /* addi a0, x0, 2 */
#define ADDI_A1_A1_1  0x00158593   /* addi a1, a1, 1 */
#define ADDI_A1_A1_16 0x01058593   /* addi a1, a1, 16 */
#define ADDI_A2_X0_7  0x00700613   /* addi a2, x0, 7 */
#define C_LI_A0_5     0x4515       /* c.li a0, 5 */

TEST_BEGIN zifencei
  /* 1. patch a function that has already run */
  call  patch_fn
  CHECK a0, 1
  call  patch_fn
  CHECK a0, 1
  la    t0, patch_fn
  li    t1, ADDI_A0_X0_2
  sw    t1, 0(t0)
  fence.i
  call  patch_fn
  CHECK a0, 2

  /* 2. a loop whose body rewrites an instruction it has already executed */
  li    a1, 0
  li    a3, 3
  la    t0, loop_slot
  li    t1, ADDI_A1_A1_16
1:
  .option push
  .option norvc
loop_slot:
  addi  a1, a1, 1
  .option pop
  sw    t1, 0(t0)
  fence.i
  addi  a3, a3, -1
  bnez  a3, 1b
  CHECK a1, 33                    /* 1 + 16 + 16 */
  /* 3. patch the very next instruction in straight-line code */
  la    t0, next_insn
  li    t1, ADDI_A2_X0_7
  li    a2, 0
  sw    t1, 0(t0)
  fence.i
  .option push
  .option norvc
next_insn:
  addi  a2, x0, 3
  .option pop
  CHECK a2, 7

  /* 4. a 16-bit store patching a compressed instruction */
  call  patch_c_fn
  CHECK a0, 3
  la    t0, patch_c_fn
  li    t1, C_LI_A0_5
  sh    t1, 0(t0)
  fence.i
  call  patch_c_fn
  CHECK a0, 5

  /* 5. copy a function into data memory and run it there */
  la    t0, patch_fn
  la    t2, code_buf
  li    t1, ADDI_A0_X0_1
  sw    t1, 0(t2)
  lw    t1, 4(t0)                 /* the ret */
  sw    t1, 4(t2)
  fence.i
  li    a0, 0
  jalr  ra, 0(t2)
  CHECK a0, 1
  li    t1, ADDI_A0_X0_2
  sw    t1, 0(t2)
  fence.i
  jalr  ra, 0(t2)
  CHECK a0, 2
TEST_END

  .option push
  .option norvc
  .balign 4
patch_fn:
  addi  a0, x0, 1
  ret
  .option pop

  .option push
  .option rvc
  .balign 4
patch_c_fn:
  c.li  a0, 3
  c.jr  ra
  .option pop

  .data
  .balign 8
code_buf:
  .space 16
