/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: PMP enforced: TOR/NA4/NAPOT ranges, R/W/X, priority (lowest
   entry wins), sub-page regions, AMOs, the page-table walk checked as an S-mode access, the L bit
   (locking, and applying to M-mode). */
#include "vp_isa.h"

#define MSTATUS_MPP_S 0x800
#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_TOR 0x08
#define PMP_NA4 0x10
#define PMP_NAPOT 0x18
#define PMP_L 0x80
#if __riscv_xlen == 64
#define SATP_MODE (8 << 60)
#else
#define SATP_MODE (1 << 31)
#endif

TEST_BEGIN pmp
  /* ---- TOR [region, region + 4096) read-only, before an all-RWX NAPOT entry ---- */
  la    t0, region
  srli  t0, t0, 2
  csrw  pmpaddr0, t0
  la    t0, region + 4096
  srli  t0, t0, 2
  csrw  pmpaddr1, t0
  li    t0, -1
  csrw  pmpaddr2, t0
  li    t0, ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 16) | ((PMP_TOR | PMP_R) << 8)
  csrw  pmpcfg0, t0
  TRAP_EXPECT 2f
  ENTER_UMODE u_2
2:
  CHECK s8, CAUSE_ECALL_U
  CHECK a0, 0x1234                /* loaded in U */
  TRAP_EXPECT 3f
  ENTER_UMODE u_3
3:
  la    t4, region + 8
  CHECKR s9, t4
  CHECK s8, CAUSE_STORE_ACCESS    /* the store: TOR entry 1 wins over NAPOT entry 2 */
  la    t4, u_3_st
  CHECKR s7, t4
  TRAP_EXPECT 4f
  ENTER_UMODE u_4
4:
  CHECK s8, CAUSE_STORE_ACCESS    /* AMO on a read-only region */
  la    t4, region + 8
  CHECKR s9, t4
  /* M-mode is not bound by entries without L */
  la    t0, region
  li    t1, 0x5678
  SREG  t1, 8(t0)
  LREG  a0, 8(t0)
  CHECK a0, 0x5678

  /* ---- NA4 without permissions on one word: the rest of its page stays usable ---- */
  la    t0, region + 16
  srli  t0, t0, 2
  csrw  pmpaddr0, t0
  li    t0, -1
  csrw  pmpaddr1, t0
  li    t0, ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 8) | PMP_NA4
  csrw  pmpcfg0, t0
  TRAP_EXPECT 5f
  ENTER_UMODE u_5
5:
  CHECK s8, CAUSE_ECALL_U
  CHECK a0, 0x2222                /* region + 20 */
  TRAP_EXPECT 6f
  ENTER_UMODE u_6
6:
  CHECK s8, CAUSE_LOAD_ACCESS
  la    t4, region + 16
  CHECKR s9, t4

  /* ---- NAPOT of 8 bytes without X over code: U fetch faults there ---- */
  la    t0, u_nx
  srli  t0, t0, 2                 /* ...y0: 8 bytes */
  csrw  pmpaddr0, t0
  li    t0, ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 8) | PMP_NAPOT | PMP_R | PMP_W
  csrw  pmpcfg0, t0
  TRAP_EXPECT 7f
  ENTER_UMODE u_nx
7:
  CHECK s8, CAUSE_INSN_ACCESS
  la    t4, u_nx
  CHECKR s9, t4
  CHECKR s7, t4

  /* ---- the page-table walk is an S-mode access: a root table S may not read ---- */
  la    t0, pt_root
  srli  t0, t0, 2
  ori   t0, t0, 0x1ff             /* NAPOT 4 KiB */
  csrw  pmpaddr0, t0
  li    t0, ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 8) | PMP_NAPOT
  csrw  pmpcfg0, t0
  la    t0, pt_root
  srli  t0, t0, 12
  li    t1, SATP_MODE
  or    t0, t0, t1
  csrw  satp, t0
  sfence.vma
  TRAP_EXPECT 8f
  li    t0, MSTATUS_MPP
  csrc  mstatus, t0
  li    t0, MSTATUS_MPP_S
  csrs  mstatus, t0
  la    t0, s_8
  csrw  mepc, t0
  mret
8:
  csrw  satp, zero
  CHECK s8, CAUSE_INSN_ACCESS     /* the fetch's walk was refused */
  la    t4, s_8
  CHECKR s9, t4

  /* ---- L: a locked entry binds M-mode too, and cannot be changed ---- */
  la    t0, lockword
  srli  t0, t0, 2
  csrw  pmpaddr0, t0
  li    t0, ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 8) | PMP_L | PMP_NA4 | PMP_R
  csrw  pmpcfg0, t0
  la    t0, lockword
  lw    a0, 0(t0)
  CHECK a0, 0x4321                /* reading is allowed */
#if __riscv_xlen == 64
  TRAP_EXPECT 10f
m_ld8:
  ld    a0, 0(t0)                 /* 8 bytes, only 4 of them in the entry: fails */
  FAIL_HERE
10:
  CHECK s8, CAUSE_LOAD_ACCESS
  la    t4, m_ld8
  CHECKR s7, t4
  la    t0, lockword
#endif
  TRAP_EXPECT 9f
m_st:
  sw    zero, 0(t0)
  FAIL_HERE
9:
  CHECK s8, CAUSE_STORE_ACCESS
  la    t4, lockword
  CHECKR s9, t4
  la    t4, m_st
  CHECKR s7, t4
  csrw  pmpcfg0, zero             /* entry 0 is locked: its byte stays */
  csrr  a0, pmpcfg0
  andi  a0, a0, 0xff
  CHECK a0, PMP_L | PMP_NA4 | PMP_R
  csrr  a1, pmpaddr0
  csrw  pmpaddr0, zero
  csrr  a0, pmpaddr0
  CHECKR a0, a1
TEST_END

  .text
u_2:
  la    t0, region
  LREG  a0, 0(t0)
  ecall
u_3:
  la    t0, region
u_3_st:
  SREG  zero, 8(t0)
  ecall
u_4:
  la    t0, region + 8
  amoadd.w zero, zero, (t0)
  ecall
u_5:
  la    t0, region
  lw    a0, 20(t0)
  ecall
u_6:
  la    t0, region
  lw    a0, 16(t0)
  ecall
s_8:
  li    t0, 0x40000000
  LREG  a0, 0(t0)
  ecall
  .balign 8
u_nx:
  ecall
  ecall

  .data
  .balign 4096
pt_root:
  .space 4096
region:
  .word 0x1234, 0, 0, 0, 0, 0x2222, 0, 0
  .space 4096 - 32
  .balign 8
lockword:
  .word 0x4321, 0
