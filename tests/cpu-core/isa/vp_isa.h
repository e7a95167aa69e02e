/* SPDX-License-Identifier: Apache-2.0 */
/* Shared macros for the vpbridge assembly ISA tests: startup, self-checks, trap capture, PASS/FAIL. */
#ifndef VP_ISA_H
#define VP_ISA_H

/*
 * Register conventions inside a test body:
 *   s11 (x27)  check counter: every CHECK* increments it; on a mismatch the run exits with
 *              status = s11 (the number of the failing check, counted from 1).
 *   s10 (x26)  resume address for an expected trap (0 = no trap expected).
 *   s7/s8/s9   mepc / mcause / mtval captured by the default trap handler,
 *   s6         and mstatus as it was on trap entry.
 *   t5, t6     scratch used by the CHECK macros.
 *   sp         a 64 KiB stack from the linker script (also usable as scratch memory).
 * Everything else is free for the test.
 */

#if __riscv_xlen == 64
#define LREG ld
#define SREG sd
#define REGBYTES 8
#define XLEN_MSB 0x8000000000000000
#else
#define LREG lw
#define SREG sw
#define REGBYTES 4
#define XLEN_MSB 0x80000000
#endif

/* Sign-extend a 32-bit constant to XLEN (preprocessor level; GAS '==' yields -1, avoid it). */
#if __riscv_xlen == 64
#define SX32(v) ((v) | (0xffffffff00000000 * (((v) >> 31) & 1)))
#else
#define SX32(v) (v)
#endif

#define UART_BASE     0x10000000
#define FINISHER_BASE 0x100000
#define CLINT_MSIP     0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME    0x200bff8

#define MSTATUS_MIE  0x8
#define MSTATUS_MPIE 0x80
#define MSTATUS_MPP  0x1800
#define MIP_MSIP     0x8
#define MIP_MTIP     0x80

#define CAUSE_INSN_ACCESS  1
#define CAUSE_ILLEGAL      2
#define CAUSE_BREAKPOINT   3
#define CAUSE_LOAD_MISALIGNED 4
#define CAUSE_LOAD_ACCESS  5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_ECALL_U      8
#define CAUSE_ECALL_M      11
#define CAUSE_IRQ          XLEN_MSB

/* An address that decodes to nothing on the virt boards (QEMU and vpbridge); QEMU virt has
   flash at 0x20000000, so not that one. */
#define UNMAPPED_ADDR 0x0

/* Compare register \reg with the constant \expected. */
.macro CHECK reg, expected
  addi  s11, s11, 1
  li    t6, \expected
  beq   \reg, t6, .Lok\@
  mv    t5, \reg
  j     vp_isa_fail
.Lok\@:
.endm

/* Accept either constant (behaviour where QEMU 7.2 and the spec differ; see docs/testing.md). */
.macro CHECK_EITHER reg, exp1, exp2
  addi  s11, s11, 1
  li    t6, \exp1
  beq   \reg, t6, .Lok\@
  li    t6, \exp2
  beq   \reg, t6, .Lok\@
  mv    t5, \reg
  j     vp_isa_fail
.Lok\@:
.endm

/* Compare register \reg with register \expreg. */
.macro CHECKR reg, expreg
  addi  s11, s11, 1
  mv    t6, \expreg
  beq   \reg, t6, .Lok\@
  mv    t5, \reg
  j     vp_isa_fail
.Lok\@:
.endm

/* rd = op(rs1=\a, rs2=\b), checked against \expected; also checks rd aliasing rs1. */
.macro TEST_RR op, a, b, expected
  li    a0, \a
  li    a1, \b
  \op   a2, a0, a1
  CHECK a2, \expected
  \op   a0, a0, a1
  CHECK a0, \expected
.endm

/* rd = op(rs1=\a, imm), checked against \expected. */
.macro TEST_RI op, a, imm, expected
  li    a0, \a
  \op   a2, a0, \imm
  CHECK a2, \expected
.endm

/* Fail unconditionally (code reached that must not be). */
.macro FAIL_HERE
  addi  s11, s11, 1
  li    t5, 0
  li    t6, 0
  j     vp_isa_fail
.endm

/* Arm the default handler: the next trap resumes at \label (s7/s8/s9 = mepc/mcause/mtval). */
.macro TRAP_EXPECT label
  la    s10, \label
.endm

/* Check a captured trap: cause and tval constants, epc = address of \insn_label. */
.macro CHECK_TRAP cause, tval, insn_label
  CHECK s8, \cause
  CHECK s9, \tval
  la    t4, \insn_label
  CHECKR s7, t4
.endm

/* Check a captured breakpoint-style trap whose mtval may be 0 or the pc of \insn_label
   (both allowed by the privileged spec: QEMU 7.2 writes 0, vpbridge and Spike the pc). */
.macro CHECK_TRAP_TVAL_0_OR_PC cause, insn_label
  CHECK s8, \cause
  la    t4, \insn_label
  addi  s11, s11, 1
  beqz  s9, .Lok\@
  beq   s9, t4, .Lok\@
  mv    t5, s9
  li    t6, 0
  j     vp_isa_fail
.Lok\@:
  CHECKR s7, t4
.endm

/* \reg = the 32-bit instruction word at \label, zero-extended (what mtval holds). */
.macro LOAD_INSN reg, label
  la    \reg, \label
#if __riscv_xlen == 64
  lwu   \reg, 0(\reg)
#else
  lw    \reg, 0(\reg)
#endif
.endm

/* Expect the instruction at \label to have raised illegal-instruction with mtval = its bits. */
.macro CHECK_ILLEGAL label
  CHECK s8, CAUSE_ILLEGAL
  LOAD_INSN t4, \label
  CHECKR s9, t4
  la    t4, \label
  CHECKR s7, t4
.endm

/* Let U-mode access everything through PMP entry 0 (NAPOT, RWX, all of memory). */
.macro PMP_OPEN_ALL
  li    t0, -1
  csrw  pmpaddr0, t0
  li    t0, 0x1f
  csrw  pmpcfg0, t0
.endm

/* Drop to U-mode at \label via mret (MPP = U). */
.macro ENTER_UMODE label
  li    t0, MSTATUS_MPP
  csrc  mstatus, t0
  la    t0, \label
  csrw  mepc, t0
  mret
.endm

/* Start of a test: entry point, trap vector, stack, counters. */
.macro TEST_BEGIN name
  .section .rodata
vp_isa_name:
  .asciz "\name"
  .section .text.start, "ax"
  .globl _start
_start:
  csrr  t0, mhartid
  bnez  t0, vp_isa_park
  la    sp, __stack_top
  la    t0, vp_isa_trap
  csrw  mtvec, t0
  li    s11, 0
  li    s10, 0
  j     vp_isa_body
vp_isa_park:
  wfi
  j     vp_isa_park

/* Default trap handler: capture mepc/mcause/mtval, resume at s10 in M-mode. */
  .balign 4
vp_isa_trap:
  csrr  s7, mepc
  csrr  s8, mcause
  csrr  s9, mtval
  csrr  s6, mstatus
  beqz  s10, vp_isa_unexpected
  csrw  mepc, s10
  li    s10, 0
  li    t6, MSTATUS_MPP
  csrs  mstatus, t6
  mret
vp_isa_unexpected:
  addi  s11, s11, 1
  mv    t5, s8
  mv    t6, s7
  la    a0, vp_isa_msg_trap
  call  vp_isa_puts
  j     vp_isa_fail_report

/* Mismatch: print "FAIL <name> check N got X expected Y", exit with status N. */
vp_isa_fail:
  la    a0, vp_isa_msg_fail
  call  vp_isa_puts
vp_isa_fail_report:
  la    a0, vp_isa_name
  call  vp_isa_puts
  la    a0, vp_isa_msg_check
  call  vp_isa_puts
  mv    a0, s11
  call  vp_isa_puthex
  la    a0, vp_isa_msg_got
  call  vp_isa_puts
  mv    a0, t5
  call  vp_isa_puthex
  la    a0, vp_isa_msg_exp
  call  vp_isa_puts
  mv    a0, t6
  call  vp_isa_puthex
  li    a0, '\n'
  call  vp_isa_putc
  li    t0, 0xffff
  and   t1, s11, t0
  bnez  t1, 1f
  li    t1, 0xffff
1:
  slli  t1, t1, 16
  li    t0, 0x3333
  or    t1, t1, t0
  li    t0, FINISHER_BASE
  sw    t1, 0(t0)
2:
  j     2b

vp_isa_pass:
  la    a0, vp_isa_msg_pass
  call  vp_isa_puts
  la    a0, vp_isa_name
  call  vp_isa_puts
  li    a0, '\n'
  call  vp_isa_putc
  li    t0, FINISHER_BASE
  li    t1, 0x5555
  sw    t1, 0(t0)
3:
  j     3b

/* vp_isa_putc(a0): uses t0, t1. */
vp_isa_putc:
  li    t0, UART_BASE
4:
  lbu   t1, 5(t0)
  andi  t1, t1, 0x20
  beqz  t1, 4b
  sb    a0, 0(t0)
  ret

/* vp_isa_puts(a0 = string): uses a0-a1, t0-t1, s0 (saved on the stack). */
vp_isa_puts:
  addi  sp, sp, -16
  SREG  ra, 0(sp)
  mv    a1, a0
5:
  lbu   a0, 0(a1)
  beqz  a0, 6f
  call  vp_isa_putc
  addi  a1, a1, 1
  j     5b
6:
  LREG  ra, 0(sp)
  addi  sp, sp, 16
  ret

/* vp_isa_puthex(a0): prints 0x + XLEN/4 hex digits; uses a0-a3, t0-t1. */
vp_isa_puthex:
  addi  sp, sp, -16
  SREG  ra, 0(sp)
  mv    a2, a0
  li    a0, '0'
  call  vp_isa_putc
  li    a0, 'x'
  call  vp_isa_putc
  li    a3, __riscv_xlen - 4
7:
  srl   a0, a2, a3
  andi  a0, a0, 0xf
  li    t0, 10
  blt   a0, t0, 8f
  addi  a0, a0, 'a' - 10 - '0'
8:
  addi  a0, a0, '0'
  call  vp_isa_putc
  addi  a3, a3, -4
  bgez  a3, 7b
  LREG  ra, 0(sp)
  addi  sp, sp, 16
  ret

  .section .rodata
vp_isa_msg_pass:  .asciz "PASS "
vp_isa_msg_fail:  .asciz "FAIL "
vp_isa_msg_trap:  .asciz "UNEXPECTED TRAP (got=mcause expected=mepc) in "
vp_isa_msg_check: .asciz " check "
vp_isa_msg_got:   .asciz " got "
vp_isa_msg_exp:   .asciz " expected "
  .text
vp_isa_body:
.endm

/* End of a test body: report PASS and exit 0. */
.macro TEST_END
  j     vp_isa_pass
.endm

#endif
