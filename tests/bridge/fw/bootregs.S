/* SPDX-License-Identifier: Apache-2.0 */
/* bootregs.S - prints what the boot left in the registers: a0 (hart id),
 * a1 (device tree address), the first word at a1 (the tree's magic), the
 * fw_dynamic_info at a2 (magic, version, next_addr, next_mode), then ends
 * through the test finisher with status 0. Run on vpbridge and QEMU
 * (test_boot_qemu): the output must be the same. */
#define UART 0x10000000
#define TEST_FINISHER 0x100000
#if __riscv_xlen == 64
#define LREG ld
#define XB 8
#else
#define LREG lw
#define XB 4
#endif
  .section .text.start, "ax"
  .globl _start
_start:
  mv    s0, a0
  mv    s1, a1
  mv    s2, a2
  li    s3, UART
  li    a0, 'a'
  call  putc
  li    a0, '0'
  call  putc
  mv    a0, s0
  call  puthex
  li    a0, 'a'
  call  putc
  li    a0, '1'
  call  putc
  mv    a0, s1
  call  puthex
  li    a0, 'm'
  call  putc
  /* the tree's first word (its big-endian magic d00dfeed, read little-endian) */
  lw    a0, 0(s1)
#if __riscv_xlen == 64
  slli  a0, a0, 32
  srli  a0, a0, 32
#endif
  call  puthex
  li    s4, 0
1:
  li    a0, 'd'
  call  putc
  add   t0, s2, s4
  LREG  a0, 0(t0)
  call  puthex
  addi  s4, s4, XB
  li    t0, 4 * XB
  blt   s4, t0, 1b
  li    t0, TEST_FINISHER
  li    t1, 0x5555
  sw    t1, 0(t0)
2:
  j     2b

/* putc(a0): one byte to the UART. */
putc:
  sb    a0, 0(s3)
  ret

/* puthex(a0): "=<hex>\n", XLEN bits, leading zeros kept. */
puthex:
  mv    t3, ra
  mv    t4, a0
  li    a0, '='
  sb    a0, 0(s3)
  li    t5, __riscv_xlen - 4
3:
  srl   t0, t4, t5
  andi  t0, t0, 15
  li    t1, 10
  addi  a0, t0, '0'
  blt   t0, t1, 4f
  addi  a0, t0, 'a' - 10
4:
  sb    a0, 0(s3)
  addi  t5, t5, -4
  bgez  t5, 3b
  li    a0, '\n'
  sb    a0, 0(s3)
  mv    ra, t3
  ret
