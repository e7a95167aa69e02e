/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: S-mode: supervisor CSRs as views of the machine ones, trap delegation (medeleg,
   mideleg), sret, mstatus TSR/TVM/TW, scounteren, vectored stvec, ecall causes by mode. */
#include "vp_isa.h"

#define MSTATUS_SIE  0x2
#define MSTATUS_SPIE 0x20
#define MSTATUS_SPP  0x100
#define MSTATUS_MPP_S 0x800
#define MSTATUS_TVM  0x100000
#define MSTATUS_TW   0x200000
#define MSTATUS_TSR  0x400000
#define CAUSE_ECALL_S 9
#define MIP_SSIP     0x2

/* Enter S-mode at \label via mret (MPP = S). */
.macro ENTER_SMODE label
  li    t0, MSTATUS_MPP
  csrc  mstatus, t0
  li    t0, MSTATUS_MPP_S
  csrs  mstatus, t0
  la    t0, \label
  csrw  mepc, t0
  mret
.endm

/* From S-mode back to M-mode (ecall from S is not delegated here). */
.macro BACK_TO_M
  TRAP_EXPECT .Lm\@
  ecall
  FAIL_HERE
.Lm\@:
  CHECK s8, CAUSE_ECALL_S
.endm

TEST_BEGIN smode
  PMP_OPEN_ALL
  la    t0, s_trap
  csrw  stvec, t0
  /* MPP holds S (01) now that S-mode exists */
  li    t0, MSTATUS_MPP
  csrc  mstatus, t0
  li    t0, MSTATUS_MPP_S
  csrs  mstatus, t0
  csrr  a0, mstatus
  li    t0, MSTATUS_MPP
  and   a0, a0, t0
  CHECK a0, MSTATUS_MPP_S
#if __riscv_xlen == 64
  /* SXL and UXL (bits 35:32) both read 2 (64-bit) */
  csrr  a0, mstatus
  srli  a0, a0, 32
  andi  a0, a0, 0xf
  CHECK a0, 0xa
#endif
  /* sstatus is a view of mstatus: SIE set through it shows in mstatus, MIE does not show */
  csrsi mstatus, MSTATUS_MIE
  csrsi sstatus, MSTATUS_SIE
  csrr  a0, mstatus
  andi  a0, a0, MSTATUS_SIE | MSTATUS_MIE
  CHECK a0, MSTATUS_SIE | MSTATUS_MIE
  csrr  a0, sstatus
  andi  a0, a0, MSTATUS_SIE | MSTATUS_MIE
  CHECK a0, MSTATUS_SIE
  csrci mstatus, MSTATUS_SIE | MSTATUS_MIE
  /* medeleg/mideleg hold the spec's delegable bits */
  li    t0, 0xb3ff
  csrw  medeleg, t0
  csrr  a0, medeleg
  CHECK a0, 0xb3ff
  csrw  medeleg, zero
  li    t0, 0x222
  csrw  mideleg, t0
  csrr  a0, mideleg
  CHECK a0, 0x222
  /* sie/sip show only the delegated bits of mie/mip */
  li    t0, 0xaaa
  csrw  mie, t0
  csrr  a0, sie
  CHECK a0, 0x222
  csrw  mideleg, zero
  csrr  a0, sie
  CHECK a0, 0
  csrw  mie, zero
  /* stvec: mode 1 (vectored) is held */
  la    t0, s_trap
  addi  t0, t0, 1
  csrw  stvec, t0
  csrr  a0, stvec
  CHECKR a0, t0
  la    t0, s_trap
  csrw  stvec, t0
  /* sscratch, sepc, scause, stval are read/write */
  li    t0, 0x5a5
  csrw  sscratch, t0
  csrr  a0, sscratch
  CHECK a0, 0x5a5
  li    t0, 0x80001236
  csrw  sepc, t0
  csrr  a0, sepc
  CHECKR a0, t0

  /* ecall from S, not delegated: M-mode gets cause 9 with MPP = S */
  ENTER_SMODE s_1
s_1:
  TRAP_EXPECT 1f
ecall_s:
  ecall
  FAIL_HERE
1:
  CHECK_TRAP CAUSE_ECALL_S, 0, ecall_s
  li    t0, MSTATUS_MPP
  and   a0, s6, t0
  CHECK a0, MSTATUS_MPP_S

  /* ecall from U delegated to S: scause 8, sepc, SPP = U; the M handler is not involved */
  li    t0, 1 << CAUSE_ECALL_U
  csrw  medeleg, t0
  li    s7, 0
  ENTER_SMODE s_2
s_2:
  li    t0, MSTATUS_SPP
  csrc  sstatus, t0
  la    t0, u_2
  csrw  sepc, t0
  TRAP_EXPECT 2f
  sret                            /* to U (SPP = 0) */
  FAIL_HERE
u_2:
ecall_u:
  ecall
  FAIL_HERE
2:
  CHECK_TRAP CAUSE_ECALL_U, 0, ecall_u
  andi  a0, s6, MSTATUS_SPP
  CHECK a0, 0
  BACK_TO_M
  csrr  a0, mcause                /* the delegated trap left mcause alone */
  CHECK a0, CAUSE_ECALL_S

  /* illegal instruction in S delegated to S: stval = the bits, SPP = S, SPIE = old SIE */
  li    t0, (1 << CAUSE_ILLEGAL) | (1 << CAUSE_ECALL_U)
  csrw  medeleg, t0
  ENTER_SMODE s_3
s_3:
  csrsi sstatus, MSTATUS_SIE
  TRAP_EXPECT 3f
s_ill:
  csrr  a0, mscratch              /* M-mode CSR from S */
  FAIL_HERE
3:
  CHECK_ILLEGAL s_ill
  andi  a0, s6, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
  CHECK a0, MSTATUS_SPP | MSTATUS_SPIE
  /* sret in U is illegal (delegated, so S sees it) */
  li    t0, MSTATUS_SPP
  csrc  sstatus, t0
  la    t0, u_4
  csrw  sepc, t0
  TRAP_EXPECT 4f
  sret
u_4:
u_sret:
  sret
  FAIL_HERE
4:
  CHECK_ILLEGAL u_sret
  /* U reads cycle: needs mcounteren (M) and scounteren (S) */
  csrwi scounteren, 0
  la    t0, u_5
  csrw  sepc, t0
  li    t0, MSTATUS_SPP
  csrc  sstatus, t0
  TRAP_EXPECT 5f
  sret
u_5:
u_cycle:
  rdcycle a0
  FAIL_HERE
5:
  CHECK_ILLEGAL u_cycle
  /* wfi in U is illegal (S-mode exists) */
  la    t0, u_6
  csrw  sepc, t0
  li    t0, MSTATUS_SPP
  csrc  sstatus, t0
  TRAP_EXPECT 6f
  sret
u_6:
u_wfi:
  wfi
  FAIL_HERE
6:
  CHECK_ILLEGAL u_wfi
  BACK_TO_M

  /* S reads cycle with mcounteren.CY: allowed; U with scounteren.CY too */
  csrwi mcounteren, 1
  ENTER_SMODE s_7
s_7:
  rdcycle a0
  csrwi scounteren, 1
  la    t0, u_7
  csrw  sepc, t0
  li    t0, MSTATUS_SPP
  csrc  sstatus, t0
  TRAP_EXPECT 7f
  sret
u_7:
  rdcycle a0
  ecall
  FAIL_HERE
7:
  CHECK s8, CAUSE_ECALL_U
  csrwi scounteren, 0
  BACK_TO_M
  csrwi mcounteren, 0
  /* S reads cycle without mcounteren: illegal, and S-mode handles it (delegated) */
  ENTER_SMODE s_8
s_8:
  TRAP_EXPECT 8f
s_cycle:
  rdcycle a0
  FAIL_HERE
8:
  CHECK_ILLEGAL s_cycle
  BACK_TO_M

  /* TSR: sret in S traps (to M: clear the delegation first) */
  csrw  medeleg, zero
  li    t0, MSTATUS_TSR
  csrs  mstatus, t0
  ENTER_SMODE s_9
s_9:
  TRAP_EXPECT 9f
s_sret:
  sret
  FAIL_HERE
9:
  CHECK_ILLEGAL s_sret
  li    t0, MSTATUS_TSR
  csrc  mstatus, t0
  /* TVM: satp and sfence.vma in S trap */
  li    t0, MSTATUS_TVM
  csrs  mstatus, t0
  ENTER_SMODE s_10
s_10:
  TRAP_EXPECT 10f
s_satp:
  csrr  a0, satp
  FAIL_HERE
10:
  CHECK_ILLEGAL s_satp
  ENTER_SMODE s_11
s_11:
  TRAP_EXPECT 11f
s_sfence:
  sfence.vma
  FAIL_HERE
11:
  CHECK_ILLEGAL s_sfence
  li    t0, MSTATUS_TVM
  csrc  mstatus, t0
  /* without TVM both are legal in S */
  ENTER_SMODE s_12
s_12:
  csrr  a0, satp
  sfence.vma
  BACK_TO_M
  /* TW: wfi in S traps */
  li    t0, MSTATUS_TW
  csrs  mstatus, t0
  ENTER_SMODE s_13
s_13:
  TRAP_EXPECT 13f
s_wfi:
  wfi
  FAIL_HERE
13:
  CHECK_ILLEGAL s_wfi
  li    t0, MSTATUS_TW
  csrc  mstatus, t0

  /* delegated supervisor software interrupt, vectored stvec: taken in U (whatever SIE),
     at stvec + 4 * 1, with scause = interrupt | 1 */
  li    t0, MIP_SSIP
  csrw  mideleg, t0
  csrw  mie, t0
  la    t0, s_vec
  addi  t0, t0, 1
  csrw  stvec, t0
  li    s5, 0
  ENTER_SMODE s_14
s_14:
  csrci sstatus, MSTATUS_SIE
  csrsi sip, MIP_SSIP            /* pending, but S with SIE = 0 does not take it */
  nop
  csrr  a0, sip
  CHECK a0, MIP_SSIP
  li    t0, MSTATUS_SPIE
  csrc  sstatus, t0               /* the handler's sret must not re-enable it in S */
  la    t0, u_14
  csrw  sepc, t0
  li    t0, MSTATUS_SPP
  csrc  sstatus, t0
  TRAP_EXPECT 14f
  sret
u_14:
  j     u_14                      /* the interrupt comes at once */
14:
  CHECK s8, CAUSE_IRQ | 1
  CHECK s5, 1                     /* through slot 1 of the vectored table */
  la    t4, u_14
  CHECKR s7, t4
  csrci sip, MIP_SSIP
  la    t0, s_trap
  csrw  stvec, t0
  BACK_TO_M
  csrw  mie, zero
  csrw  mideleg, zero
  /* STIP set by M, delegated: taken in S once SIE = 1 (direct stvec, scause = interrupt | 5) */
  li    t0, 0x20
  csrw  mideleg, t0
  csrw  mie, t0
  csrs  mip, t0
  ENTER_SMODE s_15
s_15:
  csrci sstatus, MSTATUS_SIE
  nop                             /* SIE = 0: not taken */
  TRAP_EXPECT 15f
  csrsi sstatus, MSTATUS_SIE
  FAIL_HERE
15:
  CHECK s8, CAUSE_IRQ | 5
  BACK_TO_M
  li    t0, 0x20
  csrc  mip, t0
  /* the same interrupt not delegated: an M-level interrupt, taken from S whatever mstatus.MIE */
  csrw  mideleg, zero
  csrci mstatus, MSTATUS_MIE
  li    t1, MSTATUS_MPIE          /* MIE stays 0 through both mrets: M takes it only from S */
  csrc  mstatus, t1
  csrs  mip, t0
  TRAP_EXPECT 16f
  ENTER_SMODE s_16
s_16:
  j     s_16
16:
  CHECK s8, CAUSE_IRQ | 5
  li    t0, MSTATUS_MPP
  and   a0, s6, t0
  CHECK a0, MSTATUS_MPP_S         /* taken from S into M */
  li    t0, 0x20
  csrc  mip, t0
  csrw  mie, zero
  /* sstatus writes cannot touch M-only fields (MPP stays) */
  li    t0, MSTATUS_MPP
  csrs  mstatus, t0
  csrw  sstatus, zero
  csrr  a0, mstatus
  li    t0, MSTATUS_MPP
  and   a0, a0, t0
  CHECK a0, MSTATUS_MPP
TEST_END

/* S-mode trap handler: capture sepc/scause/stval/sstatus into s7/s8/s9/s6, resume at s10 in S
   with SIE = 0. */
  .text
  .balign 64
s_trap:
  csrr  s7, sepc
  csrr  s8, scause
  csrr  s9, stval
  csrr  s6, sstatus
  beqz  s10, s_unexpected
  csrw  sepc, s10
  li    s10, 0
  li    t6, MSTATUS_SPP
  csrs  sstatus, t6
  li    t6, MSTATUS_SPIE          /* resume with SIE = 0: a pending interrupt is not re-taken */
  csrc  sstatus, t6
  sret
s_unexpected:
  addi  s11, s11, 1
  mv    t5, s8
  mv    t6, s7
  j     vp_isa_fail
s_vec_ssi:
  li    s5, 1
  j     s_trap
/* Vectored table: slot 0 (exceptions), slot 1 (SSI), others unexpected. */
  .balign 64
  .option push
  .option norvc
s_vec:
  j     s_trap
  j     s_vec_ssi
  j     s_trap
  j     s_trap
  j     s_trap
  j     s_trap
  j     s_trap
  j     s_trap
  j     s_trap
  j     s_trap
  .option pop
