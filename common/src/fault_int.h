/* SPDX-License-Identifier: Apache-2.0 */
/* fault_int.h - read-fault injection for the one input reader
 * (vp_file_read in file.c; internal, not installed).
 *
 * Every input file vpbridge reads (platform YAML, manifests, ELF and raw
 * images, --dtb, --initrd, job files) goes through vp_file_read, whose
 * read() calls go through vp_fault_read. Tests arm it to prove that short
 * reads change nothing and that a read error is one clean error naming the
 * file:
 *   vp_fault_read_set(7, 0, 0)     every read returns at most 7 bytes
 *   vp_fault_read_set(0, 3, EIO)   the 3rd read from now fails with EIO
 *   vp_fault_read_set(0, 3, 0)     the 3rd read from now returns 0 (the
 *                                  file ends early: it shrank meanwhile)
 * The environment variable VP_FAULT_READ does the same for a process:
 * `short` (at most 7 bytes a read), `eio:N` or `eof:N`; the failure, when
 * it comes, writes `vp-fault: a read failed (VP_FAULT_READ)` on stderr
 * (docs/reliability.md).
 * Allocation faults: alloc_int.h.
 */
#ifndef VPBRIDGE_FAULT_INT_H
#define VPBRIDGE_FAULT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Reads at most `short_max` bytes per call (0: no limit); the `fail_at`-th
 * call from now (0: none) fails with `fail_errno`, or returns 0 if that is 0. */
void vp_fault_read_set(size_t short_max, uint64_t fail_at, int fail_errno);

/* True once the armed failure has been delivered (cleared by vp_fault_read_set). */
bool vp_fault_read_fired(void);

/* read(2), with the armed faults. */
ssize_t vp_fault_read(int fd, void *buf, size_t n);

#endif
