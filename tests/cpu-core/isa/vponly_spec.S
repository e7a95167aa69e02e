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
TEST_END

  .data
  .balign 8
scratch:
  .space 16
