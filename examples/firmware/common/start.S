/* SPDX-License-Identifier: Apache-2.0 */
/* Startup for vpbridge example firmware: hart 0 sets up gp/sp/tp, clears .bss, runs main, exits;
 * the other harts park in WFI unless the firmware defines vp_rt_secondary. */
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
  beqz  t0, 5f
  j     vp_rt_secondary
5:
  la    sp, __stack_top
  la    tp, __tls_base
  la    t0, vp_rt_trap_entry
  csrw  mtvec, t0
  /* .tbss and .bss are contiguous in the linker script; clear both. */
  la    t0, __tbss_start
  la    t1, __bss_end
1:
  bgeu  t0, t1, 2f
  STORE zero, 0(t0)
  addi  t0, t0, REGBYTES
  j     1b
2:
  li    a0, 0
  li    a1, 0
  call  main
  call  vp_exit

/* Harts other than 0 start here (gp set, no stack): by default they park in
 * WFI. A firmware gives them work by defining vp_rt_secondary. */
  .weak vp_rt_secondary
vp_rt_secondary:
  wfi
  j     vp_rt_secondary

/* Default trap entry: any trap the firmware did not expect ends the run (exit 125). */
  .text
  .balign 4
  .globl vp_rt_trap_entry
  .weak vp_rt_trap_entry
vp_rt_trap_entry:
  la    sp, __stack_top
  csrr  a0, mcause
  csrr  a1, mepc
  csrr  a2, mtval
  call  vp_rt_unexpected_trap
3:
  j     3b
