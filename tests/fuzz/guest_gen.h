/* SPDX-License-Identifier: Apache-2.0 */
/* guest_gen.h - random RISC-V guest programs for differential guest
 * fuzzing (test_guest_fuzz, docs/reliability.md). A program is a raw
 * image for the start of RAM (0x80000000) of the virt-rv32gc/rv64gc
 * boards: a prologue that sets a trap handler and fills the registers, a
 * body of random instructions, an epilogue that stores every register and
 * ends the run through the test finisher (status 0).
 *
 * The body is straight-line apart from forward branches and jumps, so it
 * ends: integer, M, A (AMOs and LR/SC pairs), F/D, Zicsr (safe CSRs, and
 * random ones that trap), fence and fence.i, compressed encodings (no
 * compressed control flow), loads and stores into RAM, a UART, the CLINT,
 * unmapped space and the body's own later instructions (self-modifying
 * code), ecall, ebreak, wfi, and mret/sret into M, S and U mode. Two
 * programs in three turn on paging (Sv32 / Sv39, identity-mapped, the
 * program's own pages with random permissions, U, A and D bits) and change
 * leaves (each change followed by sfence.vma), satp, SUM, MXR and MPRV as
 * they run, so S and U mode meet page faults on fetches, loads and stores.
 * The handler (M mode, untranslated) skips the instruction that trapped
 * (one that could not be fetched runs again in M mode); an ecall at the epilogue
 * returns to M mode there. No interrupt is ever enabled, so the program
 * means the same under every executor and quantum. */
#ifndef VP_GUEST_GEN_H
#define VP_GUEST_GEN_H

#include <stddef.h>
#include <stdint.h>

#define GUEST_IMAGE_SIZE 0x10000u /* bytes of image (code; data lives above it) */

/* Writes the program of `seed` for XLEN 32 or 64 into img
 * (GUEST_IMAGE_SIZE bytes); returns the number of body instructions. */
unsigned guest_gen(uint64_t seed, unsigned xlen, uint8_t *img);

#endif
