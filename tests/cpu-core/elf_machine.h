/* SPDX-License-Identifier: Apache-2.0 */
/* elf_machine.h - a minimal virt-like machine for cpu-core tests and the
 * CPU benchmark runner: RAM at 0x80000000 (128 MiB, DMI), NS16550A THR/LSR
 * at 0x10000000, test finisher at 0x100000, CLINT (msip, mtimecmp, mtime
 * at 10 MHz from the instruction count) at 0x2000000; loads an ELF and
 * runs it under a chosen executor. Deterministic: time is icount-based. */
#ifndef ELF_MACHINE_H
#define ELF_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>
#include <vpbridge/vp_cpu_riscv.h>

typedef struct em_result {
    int exit_code;     /* finisher status; -1: no finisher write before the limit */
    uint64_t insns;    /* retired instructions */
    GString *uart;     /* bytes written to the UART (caller frees) */
    uint64_t regs[32]; /* final x0..x31 */
    vp_cpu_stats stats;
} em_result;

/* Runs elf_path on a fresh machine. Returns false (with *why set) if the
 * ELF cannot be loaded or the hart cannot be created. */
bool em_run(const char *elf_path, const char *isa, vp_cpu_accel accel, uint64_t max_insns, em_result *out,
            const char **why);

#endif /* ELF_MACHINE_H */
