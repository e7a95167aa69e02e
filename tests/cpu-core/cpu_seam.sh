#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# cpu_seam.sh - the target seam holds: outside cpu-core/target/ nothing
# names a RISC-V CSR, cause code, register number or other name of the
# RISC-V target's headers; the generic runtime has no include into
# target/ and no target/ directory on its include path.
#
#   cpu_seam.sh SOURCE_DIR "RUNTIME_INCLUDE_DIRS"
#
# The names come from the target's own headers (cpu-core/target/riscv/*.h),
# so the list grows with them: every macro and type name defined there,
# and every machine-level (m...) or PMP CSR spelled as its lower-case
# name (RV_CSR_MSTATUS -> mstatus). The public RISC-V header
# (vp_cpu_riscv.h) is where RISC-V names belong, so it is not scanned.
# The hart's interrupt input names ("msip", ...) count too, as strings.
set -u
src=${1:?usage: cpu_seam.sh SOURCE_DIR RUNTIME_INCLUDE_DIRS}
incs=${2-}
cd "$src" || exit 2
hdrs=$(ls cpu-core/target/riscv/*.h)
[ -n "$hdrs" ] || { echo "cpu_seam: no headers in cpu-core/target/riscv" >&2; exit 2; }

# Macro names (not include guards) and typedef names of the target headers.
macros=$(sed -n 's/^#[[:space:]]*define[[:space:]]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' $hdrs | grep -v '_H$')
types=$(sed -n 's/^}[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);.*/\1/p' $hdrs)
csrs=$(printf '%s\n' $macros | sed -n 's/^RV_CSR_\(M.*\|PMP.*\)$/\1/p' | tr 'A-Z' 'a-z')
names=$(printf '%s\n' $macros $types $csrs | sort -u)
count=$(printf '%s\n' $names | wc -l)
[ "$count" -ge 50 ] || { echo "cpu_seam: only $count names read from $hdrs" >&2; exit 2; }
pattern=$(printf '%s\n' $names | paste -sd '|')

# Files outside cpu-core/target/: the generic cpu-core, every public
# header, the platform builder and the SystemC bridge.
# shellcheck disable=SC2046
files=$( (find cpu-core common tlm-adapters modinfo platforms bridge libvpbridge-c \
               -path cpu-core/target -prune -o \
               -type f \( -name '*.c' -o -name '*.h' -o -name '*.cpp' -o -name '*.hpp' \) -print
          find . \( -name 'build*' -o -name tests -o -name .git \) -prune -o \
               -type f -path '*/include/vpbridge/*' -print | sed 's|^\./||') |
        grep -v '/vp_cpu_riscv\.h$' | sort -u)
status=0
# shellcheck disable=SC2086
if hits=$(grep -nwE "$pattern" $files); then
    printf '%s\n' "$hits" | sed 's/$/   <- a name of the RISC-V target outside cpu-core\/target/'
    status=1
fi
# The harts' interrupt input names as strings ("mtip"): read from the
# target's table (rv_cpu.c, rv_irq_inputs); the platform builder learns
# them through vp_cpu_get_isa_info. Checked in the ISA-neutral code only:
# the RISC-V devices (CLINT, PLIC) name their outputs so, and the RISC-V
# cluster (bridge/integrator/riscv_cluster.*) is RISC-V by name.
irqs=$(sed -n 's/^[[:space:]]*{"\([a-z0-9_]*\)",[[:space:]]*VP_CPU_IRQ_.*/\1/p' cpu-core/target/riscv/rv_cpu.c)
[ "$(printf '%s\n' $irqs | wc -l)" -ge 3 ] || { echo "cpu_seam: no irq input names read from rv_cpu.c" >&2; exit 2; }
irq_pattern=$(printf '"%s"\n' $irqs | paste -sd '|')
# shellcheck disable=SC2086
neutral=$(printf '%s\n' $files | grep -E '^(platforms/src|bridge|common|libvpbridge-c|modinfo/src|tlm-adapters/c|cpu-core/(exec|ir|interp|jit|src))/' |
          grep -v 'integrator/riscv_cluster')
# shellcheck disable=SC2086
if hits=$(grep -nE "$irq_pattern" $neutral); then
    printf '%s\n' "$hits" | sed 's/$/   <- a hart input name of the RISC-V target outside cpu-core\/target/'
    status=1
fi
# A register of the guest named by number (cpu->x[10]).
# shellcheck disable=SC2086
if hits=$(grep -nE '(->|\.)x\[[0-9]+\]' $files); then
    printf '%s\n' "$hits" | sed 's/$/   <- a guest register by number outside cpu-core\/target/'
    status=1
fi
# shellcheck disable=SC2086
if hits=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^>"]*target/' $files); then
    printf '%s\n' "$hits" | sed 's/$/   <- an include into cpu-core\/target/'
    status=1
fi
# The runtime's include path (vp_cpu_runtime's INCLUDE_DIRECTORIES).
[ -n "$incs" ] || { echo "cpu_seam: no include directories given for the runtime" >&2; exit 2; }
old_ifs=$IFS
IFS=';'
for d in $incs; do
    case "$d" in
    */cpu-core/target | */cpu-core/target/* | */cpu-core | */cpu-core/)
        echo "vp_cpu_runtime include path has $d: a target header is reachable"
        status=1 ;;
    esac
done
IFS=$old_ifs
[ $status -eq 0 ] && echo "cpu_seam: $count target names, $(printf '%s\n' $files | wc -l) files: clean"
exit $status
