/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: virtual memory (Sv39 on RV64, Sv32 on RV32) with page tables built by the test:
   superpages (and a misaligned one), A/D set by hardware, load/store/fetch page faults with
   mtval, U/S rules and SUM, MXR, MPRV, non-canonical addresses (Sv39), sfence.vma after a
   remap, one code page at two virtual addresses, a store through a writable alias of code. */
#include "vp_isa.h"

#define MSTATUS_MPP_S 0x800
#define MSTATUS_MPRV 0x20000
#define MSTATUS_SUM  0x40000
#define MSTATUS_MXR  0x80000
#define CAUSE_ECALL_S 9
#define CAUSE_FETCH_PAGE 12
#define CAUSE_LOAD_PAGE 13
#define CAUSE_STORE_PAGE 15

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_A 0x40
#define PTE_D 0x80

#define VA(n) (0x40000000 + (n) * 0x1000)

#if __riscv_xlen == 64
#define SATP_MODE (8 << 60)
#else
#define SATP_MODE (1 << 31)
#endif

/* \dst = a PTE for the physical address in \pa with \flags. */
.macro MKPTE dst, pa, flags
  srli  \dst, \pa, 12
  slli  \dst, \dst, 10
  ori   \dst, \dst, \flags
.endm

/* table[\idx] = PTE(address of \label, \flags). Uses t0-t2. */
.macro SETPTE table, idx, label, flags
  la    t1, \label
  MKPTE t0, t1, \flags
  la    t2, \table
  li    t1, (\idx) * REGBYTES
  add   t2, t2, t1
  SREG  t0, 0(t2)
.endm

/* table[\idx] = PTE(the constant physical address \pa, \flags). Uses t0-t2. */
.macro SETPTE_PA table, idx, pa, flags
  li    t1, \pa
  MKPTE t0, t1, \flags
  la    t2, \table
  li    t1, (\idx) * REGBYTES
  add   t2, t2, t1
  SREG  t0, 0(t2)
.endm

/* \dst = table[\idx] */
.macro GETPTE dst, table, idx
  la    t2, \table
  li    t1, (\idx) * REGBYTES
  add   t2, t2, t1
  LREG  \dst, 0(t2)
.endm

/* Run the S-mode code at \label; it ends with an ecall (or a trap) that resumes at \resume in M. */
.macro RUN_S label, resume
  TRAP_EXPECT \resume
  li    t0, MSTATUS_MPP
  csrc  mstatus, t0
  li    t0, MSTATUS_MPP_S
  csrs  mstatus, t0
  la    t0, \label
  csrw  mepc, t0
  mret
.endm

/* Run code at the virtual address \va in \mode (MPP value). */
.macro RUN_VA va, mpp, resume
  TRAP_EXPECT \resume
  li    t0, MSTATUS_MPP
  csrc  mstatus, t0
  li    t0, \mpp
  csrs  mstatus, t0
  li    t0, \va
  csrw  mepc, t0
  mret
.endm

TEST_BEGIN vm
  PMP_OPEN_ALL
  /* ---- page tables ---- */
#if __riscv_xlen == 64
  SETPTE_PA pt_root, 0, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D                   /* 1 GiB: devices */
  SETPTE_PA pt_root, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D  /* 1 GiB: RAM */
  SETPTE    pt_root, 1, pt_mid, PTE_V                                              /* 0x40000000 */
  SETPTE    pt_mid, 0, pt_leaf, PTE_V
  SETPTE_PA pt_mid, 1, 0x80001000, PTE_V | PTE_R | PTE_A | PTE_D   /* misaligned 2 MiB page */
#define MISALIGNED_VA 0x40200000
#define pt_dir pt_root
#else
  SETPTE_PA pt_root, 0x000, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D               /* finisher */
  SETPTE_PA pt_root, 0x040, 0x10000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D      /* UART */
  SETPTE_PA pt_root, 0x200, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D /* RAM, 4 MiB */
  SETPTE    pt_root, 0x100, pt_leaf, PTE_V                                          /* 0x40000000 */
  SETPTE_PA pt_root, 0x101, 0x80001000, PTE_V | PTE_R | PTE_A | PTE_D /* misaligned 4 MiB page */
#define MISALIGNED_VA 0x40400000
#endif
  SETPTE pt_leaf, 0, data0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  SETPTE pt_leaf, 1, data1, PTE_V | PTE_R | PTE_W                 /* A and D clear */
  /* pt_leaf[2] stays 0: invalid */
  SETPTE pt_leaf, 3, data2, PTE_V | PTE_R | PTE_A | PTE_D         /* read-only */
  SETPTE pt_leaf, 4, code_a, PTE_V | PTE_R | PTE_X | PTE_A
  SETPTE pt_leaf, 5, code_a, PTE_V | PTE_X                        /* the same code page again, A clear */
  SETPTE pt_leaf, 6, data3, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
  SETPTE pt_leaf, 7, code_a, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A
  SETPTE pt_leaf, 8, data3, PTE_V | PTE_X | PTE_A                 /* execute-only */
  SETPTE pt_leaf, 9, code_c, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D /* writable alias of code_c */
  SETPTE pt_leaf, 10, code_c, PTE_V | PTE_X | PTE_A
  la    t0, data0
  li    t1, 0x1111
  SREG  t1, 0(t0)
  la    t0, data1
  li    t1, 0x2222
  SREG  t1, 0(t0)
  la    t0, data2
  li    t1, 0x3333
  SREG  t1, 0(t0)
  la    t0, data3
  li    t1, 0x4444
  SREG  t1, 0(t0)
  la    t0, pt_root
  srli  t0, t0, 12
  li    t1, SATP_MODE
  or    t0, t0, t1
  csrw  satp, t0
  sfence.vma
  /* M-mode is not translated: satp does not change what M sees */
  la    t0, data0
  LREG  a0, 0(t0)
  CHECK a0, 0x1111

  /* ---- loads and stores through a 4 KiB page; A/D set by hardware ---- */
  RUN_S s_ldst, 1f
1:
  CHECK s8, CAUSE_ECALL_S
  CHECK a0, 0x1111
  CHECK a1, 0x2222
  la    t0, data0
  LREG  a0, 8(t0)
  CHECK a0, 0x5555                /* the store through VA(0) reached data0 */
  GETPTE a0, pt_leaf, 1
  andi  a0, a0, PTE_A | PTE_D
  CHECK a0, PTE_A                 /* loaded, not stored: A only */
  RUN_S s_st1, 2f
2:
  CHECK s8, CAUSE_ECALL_S
  GETPTE a0, pt_leaf, 1
  andi  a0, a0, PTE_A | PTE_D
  CHECK a0, PTE_A | PTE_D
  la    t0, data1
  LREG  a0, 8(t0)
  CHECK a0, 0x6666

  /* ---- page faults: mtval = the virtual address, mepc = the instruction ---- */
  RUN_S s_inval, 3f
3:
  CHECK_TRAP CAUSE_LOAD_PAGE, VA(2) + 16, s_inval_ld
  RUN_S s_ro, 4f
4:
  CHECK_TRAP CAUSE_STORE_PAGE, VA(3) + 8, s_ro_st
  RUN_S s_amo_ro, 5f
5:
  CHECK_TRAP CAUSE_STORE_PAGE, VA(3), s_amo_ro_op
  RUN_S s_misal, 6f
6:
  CHECK_TRAP CAUSE_LOAD_PAGE, MISALIGNED_VA + 8, s_misal_ld
  RUN_VA VA(0), MSTATUS_MPP_S, 7f /* fetch from a page without X */
7:
  CHECK s8, CAUSE_FETCH_PAGE
  CHECK s9, VA(0)
  CHECK s7, VA(0)
#if __riscv_xlen == 64
  RUN_S s_noncanon, 8f
8:
  CHECK s8, CAUSE_LOAD_PAGE
  li    t4, 0x4000000000
  CHECKR s9, t4
#endif

  /* ---- one code page at two virtual addresses: auipc sees each ---- */
  RUN_VA VA(4), MSTATUS_MPP_S, 9f
9:
  CHECK s8, CAUSE_ECALL_S
  CHECK a0, VA(4)
  RUN_VA VA(5), MSTATUS_MPP_S, 10f
10:
  CHECK s8, CAUSE_ECALL_S
  CHECK a0, VA(5)
  GETPTE a0, pt_leaf, 5
  andi  a0, a0, PTE_A
  CHECK a0, PTE_A                 /* the fetch set A */
  RUN_VA VA(4), MSTATUS_MPP_S, 11f
11:
  CHECK a0, VA(4)
  /* remap VA(4) to other code, sfence.vma: the new code runs */
  SETPTE pt_leaf, 4, code_b, PTE_V | PTE_R | PTE_X | PTE_A
  sfence.vma
  RUN_VA VA(4), MSTATUS_MPP_S, 12f
12:
  CHECK s8, CAUSE_ECALL_S
  CHECK a0, VA(4) + 0x100
  /* ... and by address and ASID: back to code_a */
  SETPTE pt_leaf, 4, code_a, PTE_V | PTE_R | PTE_X | PTE_A
  li    t0, VA(4)
  sfence.vma t0, zero
  RUN_VA VA(4), MSTATUS_MPP_S, 13f
13:
  CHECK a0, VA(4)

  /* ---- within S (no mode change in between): remap VA(0), sfence.vma by address ---- */
  RUN_S s_remap, 26f
26:
  CHECK s8, CAUSE_ECALL_S
  CHECK a0, 0x1111
  CHECK a1, 0x2222
  CHECK a2, 0x1111

  /* ---- S writes code through a writable alias, fence.i, runs it through the other ---- */
  RUN_VA VA(10), MSTATUS_MPP_S, 14f
14:
  CHECK a0, 1
  RUN_S s_patch, 15f
15:
  CHECK s8, CAUSE_ECALL_S
  RUN_VA VA(10), MSTATUS_MPP_S, 16f
16:
  CHECK a0, 2

  /* ---- U/S rules ---- */
  RUN_S s_sum0, 17f               /* S loads a U page, SUM = 0 */
17:
  CHECK_TRAP CAUSE_LOAD_PAGE, VA(6), s_sum0_ld
  li    t0, MSTATUS_SUM
  csrs  mstatus, t0
  RUN_S s_sum1, 18f               /* SUM = 1: allowed */
18:
  CHECK s8, CAUSE_ECALL_S
  CHECK a0, 0x4444
  RUN_VA VA(7), MSTATUS_MPP_S, 19f /* S never executes a U page, SUM or not */
19:
  CHECK s8, CAUSE_FETCH_PAGE
  CHECK s9, VA(7)
  li    t0, MSTATUS_SUM
  csrc  mstatus, t0
  RUN_VA VA(7), 0, 20f            /* U executes its page: auipc, ecall from U */
20:
  CHECK s8, CAUSE_ECALL_U
  CHECK a0, VA(7)
  RUN_VA VA(4), 0, 21f            /* U fetches a page without U */
21:
  CHECK s8, CAUSE_FETCH_PAGE
  CHECK s9, VA(4)

  /* ---- MXR: loads from an execute-only page ---- */
  RUN_S s_mxr0, 22f
22:
  CHECK_TRAP CAUSE_LOAD_PAGE, VA(8), s_mxr0_ld
  li    t0, MSTATUS_MXR
  csrs  mstatus, t0
  RUN_S s_mxr1, 23f
23:
  CHECK s8, CAUSE_ECALL_S
  CHECK a0, 0x4444
  li    t0, MSTATUS_MXR
  csrc  mstatus, t0

  /* ---- MPRV: M-mode loads and stores translated as S (MPP) ---- */
  li    t0, MSTATUS_MPP
  csrc  mstatus, t0
  li    t0, MSTATUS_MPP_S | MSTATUS_MPRV
  csrs  mstatus, t0
  li    t0, VA(0)
  LREG  a0, 0(t0)
  li    t1, 0x7777
  SREG  t1, 16(t0)
  li    t0, MSTATUS_MPRV
  csrc  mstatus, t0
  CHECK a0, 0x1111
  la    t0, data0
  LREG  a0, 16(t0)
  CHECK a0, 0x7777
  /* MPRV with a faulting address: the fault's mtval is the virtual address */
  TRAP_EXPECT 24f
  li    t0, MSTATUS_MPP
  csrc  mstatus, t0
  li    t0, MSTATUS_MPP_S | MSTATUS_MPRV
  csrs  mstatus, t0
  li    t0, VA(2)
m_mprv_ld:
  LREG  a0, 0(t0)
  FAIL_HERE
24:
  li    t0, MSTATUS_MPRV
  csrc  mstatus, t0
  CHECK_TRAP CAUSE_LOAD_PAGE, VA(2), m_mprv_ld

  /* ---- satp back to Bare: S sees physical addresses again ---- */
  csrw  satp, zero
  RUN_S s_bare, 25f
25:
  CHECK s8, CAUSE_ECALL_S
  CHECK a0, 0x1111
TEST_END

/* ---- S-mode pieces (identity-mapped RAM) ---- */
  .text
s_ldst:
  li    t0, VA(0)
  LREG  a0, 0(t0)
  li    t1, 0x5555
  SREG  t1, 8(t0)
  li    t0, VA(1)
  LREG  a1, 0(t0)
  ecall
s_st1:
  li    t0, VA(1)
  li    t1, 0x6666
  SREG  t1, 8(t0)
  ecall
s_inval:
  li    t0, VA(2)
s_inval_ld:
  LREG  a0, 16(t0)
  ecall
s_ro:
  li    t0, VA(3)
  LREG  a0, 0(t0)                 /* reading is fine */
s_ro_st:
  SREG  a0, 8(t0)
  ecall
s_amo_ro:
  li    t0, VA(3)
s_amo_ro_op:
  amoadd.w a0, zero, (t0)
  ecall
s_misal:
  li    t0, MISALIGNED_VA
s_misal_ld:
  LREG  a0, 8(t0)
  ecall
#if __riscv_xlen == 64
s_noncanon:
  li    t0, 0x4000000000          /* bit 38 set, bits 63:39 clear */
  ld    a0, 0(t0)
  ecall
#endif
s_remap:
  li    t0, VA(0)
  LREG  a0, 0(t0)                 /* data0, now in the TLB */
  la    t1, pt_leaf
  la    t2, data1
  MKPTE t3, t2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  SREG  t3, 0(t1)
  sfence.vma t0, zero
  LREG  a1, 0(t0)                 /* data1 */
  la    t2, data0
  MKPTE t3, t2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  SREG  t3, 0(t1)
  sfence.vma t0
  LREG  a2, 0(t0)                 /* data0 again */
  ecall
s_patch:
  li    t0, VA(9)
  li    t1, 0x00200513            /* addi a0, zero, 2 */
  sw    t1, 0(t0)
  fence.i
  ecall
s_sum0:
  li    t0, VA(6)
s_sum0_ld:
  LREG  a0, 0(t0)
  ecall
s_sum1:
  li    t0, VA(6)
  LREG  a0, 0(t0)
  ecall
s_mxr0:
  li    t0, VA(8)
s_mxr0_ld:
  LREG  a0, 0(t0)
  ecall
s_mxr1:
  li    t0, VA(8)
  LREG  a0, 0(t0)
  ecall
s_bare:
  la    t0, data0
  LREG  a0, 0(t0)
  ecall

/* ---- code pages mapped at other virtual addresses ---- */
  .option push
  .option norvc
  .balign 4096
code_a:
  auipc a0, 0
  ecall
  .balign 4096
code_b:
  auipc a0, 0
  addi  a0, a0, 0x100
  ecall
  .balign 4096
code_c:
  addi  a0, zero, 1
  ecall
  .balign 4096
  .option pop

/* ---- page tables and data pages ---- */
  .data
  .balign 4096
pt_root:
  .space 4096
#if __riscv_xlen == 64
pt_mid:
  .space 4096
#endif
pt_leaf:
  .space 4096
data0:
  .space 4096
data1:
  .space 4096
data2:
  .space 4096
data3:
  .space 4096
