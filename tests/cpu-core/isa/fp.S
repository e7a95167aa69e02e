/* SPDX-License-Identifier: Apache-2.0 */
/* ISA test: F and D (built -march=rv<XLEN>imafdc, run on rv<XLEN>gc harts and QEMU with f/d on):
   misa, mstatus.FS (Off traps, writes make it Dirty, SD), fcsr/frm/fflags, rounding modes incl.
   RMM and dynamic, illegal rm, flags, NaN-boxing, canonical NaNs, fused multiply-add, conversions
   with saturation, fmin/fmax zeros and NaNs, fclass, compressed FP loads/stores. */
#include "vp_isa.h"

#define FS_MASK 0x6000
#define FS_INITIAL 0x2000
#define NX 1
#define UF 2
#define OF 4
#define DZ 8
#define NV 16

/* f\fd = the single with bits \bits (NaN-boxed by fmv.w.x). */
.macro FLI_S fd, bits
  li    t0, \bits
  fmv.w.x \fd, t0
.endm

/* \reg = the bits of single \fs (sign-extended on RV64, as fmv.x.w gives). */
.macro CHECK_S fs, bits
  fmv.x.w t0, \fs
  CHECK t0, SX32(\bits)
.endm

/* f\fd = the double with bits hi:lo (through memory, works on both XLENs). */
.macro FLI_D fd, hi, lo
  li    t0, \lo
  sw    t0, 0(sp)
  li    t0, \hi
  sw    t0, 4(sp)
  fld   \fd, 0(sp)
.endm

.macro CHECK_D fs, hi, lo
  fsd   \fs, 0(sp)
  lw    t0, 0(sp)
  CHECK t0, SX32(\lo)
  lw    t0, 4(sp)
  CHECK t0, SX32(\hi)
.endm

/* fflags == \flags, then cleared. */
.macro CHECK_FLAGS flags
  csrrw t0, fflags, zero
  CHECK t0, \flags
.endm

TEST_BEGIN fp
  addi  sp, sp, -64
  /* misa has F (bit 5) and D (bit 3) */
  csrr  a0, misa
  andi  a0, a0, 0x28
  CHECK a0, 0x28

  /* FS = Off: FP instructions and fcsr are illegal */
  li    t0, FS_MASK
  csrc  mstatus, t0
  TRAP_EXPECT 1f
off_fadd:
  fadd.s f1, f2, f3
  FAIL_HERE
1:
  CHECK_ILLEGAL off_fadd
  TRAP_EXPECT 1f
off_fcsr:
  csrr  a0, fcsr
  FAIL_HERE
1:
  CHECK_ILLEGAL off_fcsr
  TRAP_EXPECT 1f
  mv    a2, sp
off_flw:
  flw   f1, 0(a2)                /* not compressible */
  FAIL_HERE
1:
  CHECK_ILLEGAL off_flw
  li    s10, 0

  /* FS = Initial; an FP write makes it Dirty and sets SD */
  li    t0, FS_INITIAL
  csrs  mstatus, t0
  csrr  a0, mstatus
  li    t1, FS_MASK
  and   a1, a0, t1
  CHECK a1, FS_INITIAL
  bltz  a0, 9f                   /* SD must be clear */
  FLI_S f1, 0x3f800000
  csrr  a0, mstatus
  and   a1, a0, t1
  CHECK a1, FS_MASK
  addi  s11, s11, 1
  bgez  a0, vp_isa_fail          /* SD set */

  /* fcsr = frm << 5 | fflags */
  csrw  fcsr, zero
  li    t0, 3
  csrw  frm, t0
  li    t0, 0x15
  csrw  fflags, t0
  csrr  a0, fcsr
  CHECK a0, (3 << 5) | 0x15
  li    t0, 0xff
  csrw  fcsr, t0
  csrr  a0, frm
  CHECK a0, 7
  csrr  a0, fflags
  CHECK a0, 0x1f
  csrw  fcsr, zero

  /* arithmetic, rounding once, flags */
  FLI_S f1, 0x3f800000           /* 1.0 */
  FLI_S f2, 0x40000000           /* 2.0 */
  fadd.s f3, f1, f2
  CHECK_S f3, 0x40400000
  CHECK_FLAGS 0
  FLI_S f4, 0x40400000           /* 3.0 */
  fdiv.s f5, f1, f4, rne          /* 1/3 */
  CHECK_S f5, 0x3eaaaaab
  CHECK_FLAGS NX
  fdiv.s f5, f1, f4, rtz
  CHECK_S f5, 0x3eaaaaaa
  fdiv.s f5, f1, f4, rup
  CHECK_S f5, 0x3eaaaaab
  FLI_S f6, 0xbf800000           /* -1.0 */
  fdiv.s f5, f6, f4, rdn
  CHECK_S f5, 0xbeaaaaab
  fdiv.s f5, f6, f4, rup
  CHECK_S f5, 0xbeaaaaaa
  CHECK_FLAGS NX
  /* a tie: 1 + 2^-24 is 1.0 by RNE, 1 + 2^-23 by RMM */
  FLI_S f7, 0x33800000
  fadd.s f5, f1, f7, rne
  CHECK_S f5, 0x3f800000
  fadd.s f5, f1, f7, rmm
  CHECK_S f5, 0x3f800001
  /* dynamic rounding from frm */
  li    t0, 4
  csrw  frm, t0
  fadd.s f5, f1, f7
  CHECK_S f5, 0x3f800001
  csrw  fcsr, zero
  /* 1/0: divide by zero; overflow; underflow (tiny and inexact) */
  fmv.w.x f8, zero
  fdiv.s f5, f1, f8
  CHECK_S f5, 0x7f800000
  CHECK_FLAGS DZ
  FLI_S f9, 0x7f7fffff
  fmul.s f5, f9, f2
  CHECK_S f5, 0x7f800000
  CHECK_FLAGS (OF | NX)
  fmul.s f5, f9, f2, rtz
  CHECK_S f5, 0x7f7fffff
  CHECK_FLAGS (OF | NX)
  FLI_S f10, 0x00800001          /* least normal + 1 ulp */
  FLI_S f11, 0x3f000000          /* 0.5 */
  fmul.s f5, f10, f11
  CHECK_S f5, 0x00400000
  CHECK_FLAGS (UF | NX)
  /* inf - inf: invalid, canonical NaN */
  FLI_S f12, 0x7f800000
  fsub.s f5, f12, f12
  CHECK_S f5, 0x7fc00000
  CHECK_FLAGS NV
  /* NaN payloads are not propagated; sNaN input is invalid */
  FLI_S f13, 0x7f800001          /* sNaN */
  fadd.s f5, f13, f1
  CHECK_S f5, 0x7fc00000
  CHECK_FLAGS NV
  FLI_S f14, 0xffc12345          /* qNaN */
  fmul.s f5, f14, f1
  CHECK_S f5, 0x7fc00000
  CHECK_FLAGS 0
  fsqrt.s f5, f6
  CHECK_S f5, 0x7fc00000
  CHECK_FLAGS NV

  /* fused multiply-add rounds once: (1+2^-23)^2 - (1+2^-22) = 2^-46 */
  FLI_S f1, 0x3f800001
  FLI_S f2, 0xbf800002
  fmadd.s f5, f1, f1, f2
  CHECK_S f5, 0x28800000
  fmsub.s f5, f1, f1, f2
  CHECK_S f5, 0x40000002
  fnmadd.s f5, f1, f1, f2
  CHECK_S f5, 0xa8800000
  CHECK_FLAGS NX
  /* inf * 0 + qNaN is invalid */
  FLI_S f1, 0x7f800000
  fmv.w.x f2, zero
  fmadd.s f5, f1, f2, f14
  CHECK_S f5, 0x7fc00000
  CHECK_FLAGS NV

  /* conversions: saturation, NaN -> max, rounding, flags */
  FLI_S f1, 0x4f800000           /* 2^32 */
  fcvt.w.s a0, f1, rtz
  CHECK a0, SX32(0x7fffffff)
  CHECK_FLAGS NV
  fcvt.wu.s a0, f1, rtz
  CHECK a0, -1
  CHECK_FLAGS NV
  fcvt.w.s a0, f13, rtz          /* sNaN */
  CHECK a0, SX32(0x7fffffff)
  CHECK_FLAGS NV
  FLI_S f1, 0xcf800000           /* -2^32 */
  fcvt.w.s a0, f1, rtz
  CHECK a0, SX32(0x80000000)
  CHECK_FLAGS NV
  FLI_S f1, 0xbf000000           /* -0.5 */
  fcvt.wu.s a0, f1, rtz
  CHECK a0, 0
  CHECK_FLAGS NX
  fcvt.wu.s a0, f1, rdn
  CHECK a0, 0
  CHECK_FLAGS NV
  FLI_S f1, 0x40200000           /* 2.5 */
  fcvt.w.s a0, f1, rne
  CHECK a0, 2
  fcvt.w.s a0, f1, rmm
  CHECK a0, 3
  CHECK_FLAGS NX
  li    a0, -7
  fcvt.s.w f5, a0
  CHECK_S f5, 0xc0e00000
  li    a0, 0x7fffffff
  fcvt.s.w f5, a0, rtz
  CHECK_S f5, 0x4effffff
  CHECK_FLAGS NX
  fcvt.s.wu f5, a0, rup
  CHECK_S f5, 0x4f000000
  CHECK_FLAGS NX
#if __riscv_xlen == 64
  FLI_S f1, 0xdf000000           /* -2^63 */
  fcvt.l.s a0, f1, rtz
  li    t1, 0x8000000000000000
  CHECKR a0, t1
  CHECK_FLAGS 0
  fcvt.lu.s a0, f13, rtz
  CHECK a0, -1
  CHECK_FLAGS NV
  li    a0, -1
  fcvt.s.lu f5, a0, rtz
  CHECK_S f5, 0x5f7fffff
  CHECK_FLAGS NX
#endif

  /* fmin/fmax: -0 < +0, a NaN operand is ignored, two NaNs give the canonical NaN */
  FLI_S f1, 0x80000000
  fmv.w.x f2, zero
  fmin.s f5, f1, f2
  CHECK_S f5, 0x80000000
  fmin.s f5, f2, f1
  CHECK_S f5, 0x80000000
  fmax.s f5, f1, f2
  CHECK_S f5, 0x00000000
  FLI_S f3, 0x40400000
  fmax.s f5, f14, f3
  CHECK_S f5, 0x40400000
  CHECK_FLAGS 0
  fmin.s f5, f13, f3
  CHECK_S f5, 0x40400000
  CHECK_FLAGS NV
  fmin.s f5, f13, f14
  CHECK_S f5, 0x7fc00000
  CHECK_FLAGS NV

  /* compares: feq quiet, flt/fle signalling */
  feq.s a0, f14, f3
  CHECK a0, 0
  CHECK_FLAGS 0
  feq.s a0, f13, f3
  CHECK a0, 0
  CHECK_FLAGS NV
  flt.s a0, f14, f3
  CHECK a0, 0
  CHECK_FLAGS NV
  fle.s a0, f1, f2               /* -0 <= +0 */
  CHECK a0, 1
  flt.s a0, f1, f2
  CHECK a0, 0
  CHECK_FLAGS 0

  /* fclass */
  fclass.s a0, f1
  CHECK a0, 1 << 3
  fclass.s a0, f13
  CHECK a0, 1 << 8
  fclass.s a0, f14
  CHECK a0, 1 << 9
  fclass.s a0, f10
  CHECK a0, 1 << 6
  FLI_S f5, 0x80000001
  fclass.s a0, f5
  CHECK a0, 1 << 2
  FLI_S f5, 0xff800000
  fclass.s a0, f5
  CHECK a0, 1 << 0

  /* sign injection */
  FLI_S f1, 0x3f800000
  FLI_S f2, 0xc0000000
  fsgnj.s f5, f1, f2
  CHECK_S f5, 0xbf800000
  fsgnjn.s f5, f1, f2
  CHECK_S f5, 0x3f800000
  fsgnjx.s f5, f2, f2
  CHECK_S f5, 0x40000000

  /* D: arithmetic and NaN-boxing */
  FLI_D f1, 0x3ff00000, 0x00000000   /* 1.0 */
  FLI_D f2, 0x40080000, 0x00000000   /* 3.0 */
  fdiv.d f5, f1, f2
  CHECK_D f5, 0x3fd55555, 0x55555555
  CHECK_FLAGS NX
  fdiv.d f5, f1, f2, rup
  CHECK_D f5, 0x3fd55555, 0x55555556
  fsqrt.d f5, f2
  CHECK_D f5, 0x3ffbb67a, 0xe8584caa
  CHECK_FLAGS NX
  /* a single in a D register is NaN-boxed; an unboxed one reads as the canonical NaN */
  FLI_S f6, 0x40400000
  CHECK_D f6, 0xffffffff, 0x40400000
  fadd.s f5, f6, f6
  CHECK_S f5, 0x40c00000
  fadd.s f5, f2, f6              /* f2 holds a double: not a boxed single */
  CHECK_S f5, 0x7fc00000
  CHECK_FLAGS 0
  fsgnj.s f5, f2, f2
  CHECK_S f5, 0x7fc00000
  /* conversions between formats */
  fcvt.d.s f5, f6
  CHECK_D f5, 0x40080000, 0x00000000
  fcvt.s.d f5, f1
  CHECK_S f5, 0x3f800000
  FLI_D f7, 0x3ff00000, 0x10000000   /* 1 + 2^-24 exactly in the double: a single tie */
  fcvt.s.d f5, f7, rne
  CHECK_S f5, 0x3f800000
  fcvt.s.d f5, f7, rmm
  CHECK_S f5, 0x3f800001
  CHECK_FLAGS NX
  FLI_D f7, 0x7ff00000, 0x00000001   /* sNaN */
  fcvt.s.d f5, f7
  CHECK_S f5, 0x7fc00000
  CHECK_FLAGS NV
  fcvt.w.d a0, f2
  CHECK a0, 3
  FLI_D f7, 0xc1e00000, 0x00000800   /* -2^31 - 1/1024 */
  fcvt.w.d a0, f7, rtz
  CHECK a0, SX32(0x80000000)
  CHECK_FLAGS NX
  fcvt.w.d a0, f7, rdn
  CHECK a0, SX32(0x80000000)
  CHECK_FLAGS NV
  li    a0, -1
  fcvt.d.wu f5, a0
  CHECK_D f5, 0x41efffff, 0xffe00000
  fmadd.d f5, f2, f2, f1
  CHECK_D f5, 0x40240000, 0x00000000
  feq.d a0, f5, f5
  CHECK a0, 1
  fclass.d a0, f7
  CHECK a0, 1 << 1
#if __riscv_xlen == 64
  fmv.x.d a0, f2
  li    t1, 0x4008000000000000
  CHECKR a0, t1
  li    t1, 0x3f80000040400000        /* not boxed */
  fmv.d.x f5, t1
  fclass.s a0, f5
  CHECK a0, 1 << 9
  fmv.x.w a0, f5                     /* fmv.x.w moves the low bits unchecked */
  CHECK a0, 0x40400000
  fcvt.l.d a0, f7, rtz
  li    t1, -2147483648
  CHECKR a0, t1
  CHECK_FLAGS NX
#else
  CHECK_FLAGS 0
#endif

  /* compressed loads/stores */
  FLI_D f8, 0x12345678, 0x9abcdef0
  mv    a1, sp
  c.fsd f8, 8(a1)
  c.fld f9, 8(a1)
  CHECK_D f9, 0x12345678, 0x9abcdef0
  c.fsdsp f9, 16(sp)
  c.fldsp f0, 16(sp)
  CHECK_D f0, 0x12345678, 0x9abcdef0
#if __riscv_xlen == 32
  FLI_S f10, 0x3f800000
  c.fsw f10, 24(a1)
  c.flw f11, 24(a1)
  CHECK_S f11, 0x3f800000
  c.fswsp f11, 28(sp)
  c.flwsp f0, 28(sp)
  CHECK_S f0, 0x3f800000
  CHECK_D f0, 0xffffffff, 0x3f800000
#endif
  /* flw boxes, fsw stores the low word */
  li    t0, 0x40490fdb
  sw    t0, 32(sp)
  flw   f12, 32(sp)
  CHECK_D f12, 0xffffffff, 0x40490fdb
  fsw   f2, 36(sp)
  lw    t0, 36(sp)
  CHECK t0, 0

  /* reserved rounding modes are illegal, statically and through frm */
  TRAP_EXPECT 1f
bad_rm:
  .word 0x0020d2d3               /* fadd.s f5, f1, f2 with rm = 5 */
  FAIL_HERE
1:
  CHECK_ILLEGAL bad_rm
  li    t0, 6
  csrw  frm, t0
  TRAP_EXPECT 1f
bad_dyn:
  fadd.s f5, f1, f2              /* rm = dyn, frm = 6 */
  FAIL_HERE
1:
  CHECK_ILLEGAL bad_dyn
  li    s10, 0
  /* an op without a rounding mode ignores frm */
  fsgnj.s f5, f6, f6
  CHECK_S f5, 0x40400000
  csrw  fcsr, zero
  addi  sp, sp, 64
  j     8f
9:
  FAIL_HERE
8:
TEST_END
