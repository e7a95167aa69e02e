/* SPDX-License-Identifier: Apache-2.0 */
/* start.S - minimal M-mode startup for the sc-counter example firmware: hart 0
 * sets gp/sp, clears .bss and calls main; main's return value goes to
 * fw_exit (test finisher). Other harts park in wfi. */
#if __riscv_xlen == 64
#define STORE sd
#define REGBYTES 8
#else
#define STORE sw
#define REGBYTES 4
#endif
  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  la    gp, __global_pointer$
  .option pop
  csrr  t0, mhartid
  bnez  t0, park
  la    sp, __stack_top
  la    t0, __bss_start
  la    t1, __bss_end
1:
  bgeu  t0, t1, 2f
  STORE zero, 0(t0)
  addi  t0, t0, REGBYTES
  j     1b
2:
  call  main
  call  fw_exit
park:
  wfi
  j     park
