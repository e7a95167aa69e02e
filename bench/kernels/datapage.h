/* SPDX-License-Identifier: Apache-2.0 */
/* datapage.h - starts a kernel's writable data on a fresh 4 KiB page, away from its code. */
#ifndef BENCH_DATAPAGE_H
#define BENCH_DATAPAGE_H
#include <stdint.h>
/* The kernels are a few KiB of code, so without this their globals would share the last code page.
 * QEMU sends every store to a page that holds translated code down its self-modifying-code slow path
 * (bench/kernels/smcpage.c measures exactly that), which real firmware with its data elsewhere does not
 * hit. A page-aligned initialized object makes the linker start .data (and .sdata/.bss after it) on a
 * page boundary. Include in one file per kernel and read bench_datapage once (so it is kept). */
__attribute__((aligned(4096))) volatile uint32_t bench_datapage = 1;
#endif
