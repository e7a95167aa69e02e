/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: misa reads exactly MXL + I M A C S U (rv32imac / rv64imac harts with M, S and U modes). */
/* On QEMU this needs -cpu rv<XLEN>,s=on,h=off,f=off,d=off (what tests/cpu-core/diff passes). */
#include "vp_isa.h"

#define MISA_EXT ((1 << 0) | (1 << 2) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)) /* A C I M S U */

TEST_BEGIN misa
  csrr  a0, misa
#if __riscv_xlen == 64
  CHECK a0, (2 << 62) | MISA_EXT
#else
  CHECK a0, (1 << 30) | MISA_EXT
#endif
  /* misa is WARL: a write is legal (here it must not change anything we rely on) */
  csrr  a0, misa
  csrw  misa, a0
  csrr  a1, misa
  CHECKR a1, a0
TEST_END
