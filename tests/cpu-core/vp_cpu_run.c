/* SPDX-License-Identifier: Apache-2.0 */
/* vp_cpu_run.c - runs one firmware ELF on the elf_machine (RAM, UART,
 * finisher, CLINT) with a chosen executor; used by bench/cpu.sh to time
 * the JIT and the interpreter without the SystemC bridge.
 *   vp-cpu-run [--accel interp|jit] [--isa ISA] [--max-insns N] FW.elf
 * UART output goes to stdout, "insns N" to stderr; the exit status is the
 * finisher's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_machine.h"

int main(int argc, char **argv)
{
    vp_cpu_accel accel = VP_CPU_ACCEL_JIT;
    const char *isa = NULL, *elf = NULL, *why = "";
    uint64_t max = 20000000000ull;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--accel") && i + 1 < argc)
            accel = strcmp(argv[++i], "interp") ? VP_CPU_ACCEL_JIT : VP_CPU_ACCEL_INTERP;
        else if (!strcmp(argv[i], "--isa") && i + 1 < argc)
            isa = argv[++i];
        else if (!strcmp(argv[i], "--max-insns") && i + 1 < argc)
            max = strtoull(argv[++i], NULL, 0);
        else
            elf = argv[i];
    }
    if (!elf) {
        fprintf(stderr, "usage: vp-cpu-run [--accel interp|jit] [--isa ISA] [--max-insns N] FW.elf\n");
        return 2;
    }
    if (!isa)
        isa = strstr(elf, "rv64") ? "rv64imac" : "rv32imac";
    em_result r = {0};
    if (!em_run(elf, isa, accel, max, &r, &why)) {
        fprintf(stderr, "vp-cpu-run: %s: %s\n", elf, why);
        return 2;
    }
    fwrite(r.uart->str, 1, r.uart->len, stdout);
    fprintf(stderr, "insns %llu tbs %llu\n", (unsigned long long)r.insns, (unsigned long long)r.stats.tbs_translated);
    g_string_free(r.uart, TRUE);
    return r.exit_code < 0 ? 3 : r.exit_code;
}
