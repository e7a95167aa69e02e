/* SPDX-License-Identifier: Apache-2.0 */
/* smp_start.S - start-up for the multi-hart test firmware: every hart gets
 * its own 4 KiB stack and the trap entry, then runs smp_main(hartid).
 * The trap entry records load/store access faults (mcause 5 and 7) in
 * trap_cause[hartid] and skips the faulting instruction; any other trap
 * ends the run with exit status 100 + mcause. */
#if __riscv_xlen == 64
#define STORE sd
#define LOAD ld
#define REGBYTES 8
#define LOGREG 3
#else
#define STORE sw
#define LOAD lw
#define REGBYTES 4
#define LOGREG 2
#endif

  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  la    gp, __global_pointer$
  .option pop
  csrr  a0, mhartid
  la    sp, __stack_top
  slli  t0, a0, 12
  sub   sp, sp, t0
  la    t0, smp_trap_entry
  csrw  mtvec, t0
  call  smp_main
  call  vp_exit

  .text
  .balign 4
smp_trap_entry:
  addi  sp, sp, -4*REGBYTES
  STORE t0, 0(sp)
  STORE t1, REGBYTES(sp)
  STORE t2, 2*REGBYTES(sp)
  csrr  t0, mcause
  li    t1, 5
  beq   t0, t1, 1f
  li    t1, 7
  beq   t0, t1, 1f
  addi  a0, t0, 100
  call  vp_exit
1:
  csrr  t1, mhartid
  slli  t1, t1, LOGREG
  la    t2, trap_cause
  add   t2, t2, t1
  STORE t0, 0(t2)
  csrr  t0, mepc
  addi  t0, t0, 4
  csrw  mepc, t0
  LOAD  t0, 0(sp)
  LOAD  t1, REGBYTES(sp)
  LOAD  t2, 2*REGBYTES(sp)
  addi  sp, sp, 4*REGBYTES
  mret
