/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test (vpbridge only): spec behaviour where QEMU 7.2 deviates. */
#include "vp_isa.h"

TEST_BEGIN vponly_spec
  /* misaligned AMO: store/AMO address misaligned (6), mtval = address */
  la    a0, scratch
  addi  a0, a0, 2
  li    a1, 1
  TRAP_EXPECT 1f
amo_mis:
  amoadd.w a2, a1, (a0)
  FAIL_HERE
1:
  CHECK s8, CAUSE_STORE_MISALIGNED
  CHECKR s9, a0
  la    t4, amo_mis
  CHECKR s7, t4
  /* misaligned SC traps too (even without a reservation) */
  TRAP_EXPECT 2f
sc_mis:
  sc.w  a2, a1, (a0)
  FAIL_HERE
2:
  CHECK s8, CAUSE_STORE_MISALIGNED
  CHECKR s9, a0
  /* AMO to an address that decodes nowhere: store/AMO access fault (7) */
  li    a0, UNMAPPED_ADDR
  TRAP_EXPECT 3f
amo_fault:
  amoswap.w a2, a1, (a0)
  FAIL_HERE
3:
  CHECK_TRAP CAUSE_STORE_ACCESS, UNMAPPED_ADDR, amo_fault
  /* PMP with no entry on: mret to U succeeds, and U's first fetch is an instruction access
     fault (no entry matches; QEMU 7.2 instead makes the mret itself illegal) */
  csrw  pmpcfg0, zero
  TRAP_EXPECT 4f
  ENTER_UMODE u_nopmp
4:
  CHECK s8, CAUSE_INSN_ACCESS
  la    t4, u_nopmp
  CHECKR s9, t4
  CHECKR s7, t4
TEST_END

  .text
u_nopmp:
  ecall

  .data
  .balign 8
scratch:
  .space 16
