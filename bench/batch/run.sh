#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh [BUILD_DIR] [JOBS] [REPS] - a regression suite of JOBS (default 500)
# short firmware runs: jobs per minute through `vpbridge batch -j <cores>`,
# against the same runs through qemu-system-riscv32/64 started with the same
# parallelism (xargs -P), in one run of this script. The suite cycles through
# hello, timer, stdio (picolibc, exit status 42), compute and the bench
# `startup` kernel on rv32 and rv64; every job must pass (vpbridge: its
# expectations; QEMU: the same exit status). Then the start-up cost of one job alone: the
# `startup` kernel (it exits at once) run REPS times (default 20) in a row by
# each simulator, median wall time per process.
set -e
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$src/build}" 2>/dev/null && pwd) || { echo "run.sh: no build directory ${1:-$src/build}" >&2; exit 1; }
jobs=${2:-500}
reps=${3:-20}
cores=$(nproc)
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$build" vpbridge vp_devices firmware bench_kernels >/dev/null
for q in qemu-system-riscv32 qemu-system-riscv64; do
    command -v $q >/dev/null || { echo "run.sh: $q is missing (tools/setup.sh installs qemu-system-misc)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fw=$build/firmware
now() { date +%s.%N; }

# The suite: job i takes kind i % 10 (5 programs x 2 XLENs).
kinds="hello timer stdio compute startup"
{
    echo "defaults: {timeout: 20s}"
    echo "jobs:"
    i=0
    while [ "$i" -lt "$jobs" ]; do
        k=$((i % 10)); x=$((k % 2 == 0 ? 32 : 64)); n=$((k / 2 + 1))
        kind=$(echo $kinds | cut -d' ' -f$n)
        elf=$fw/rv$x/$kind.elf
        [ "$kind" = startup ] && elf=$build/bench/rv$x/startup.elf
        want=0
        [ "$kind" = stdio ] && want=42
        echo "  - {name: j$i-$kind$x, platform: $src/platforms/virt-rv$x.yaml, kernel: $elf, expect: {exit: $want}}"
        echo "j$i $x $elf $want" >>"$tmp/list"
        i=$((i + 1))
    done
} >"$tmp/jobs.yaml"

t0=$(now)
"$build/bridge/vpbridge" batch "$tmp/jobs.yaml" -j "$cores" --json "$tmp/r.json" --out "$tmp/logs" >"$tmp/batch.out" 2>&1 ||
    { tail -5 "$tmp/batch.out" >&2; echo "run.sh: a vpbridge job failed" >&2; exit 1; }
t1=$(now)

# QEMU: the same programs, the same parallelism, the same exit statuses.
cat >"$tmp/qemu1" <<'EOF'
#!/bin/sh
# qemu1 NAME XLEN ELF STATUS
rc=0
timeout 20 qemu-system-riscv$2 -M virt -m 128M -smp 1 -nographic -monitor none -serial stdio -bios none \
    -kernel "$3" </dev/null >"$QTMP/q/$1.out" 2>&1 || rc=$?
[ "$rc" -eq "$4" ] || { echo "run.sh: QEMU job $1 ($3): exit $rc, expected $4" >&2; exit 255; }
EOF
chmod +x "$tmp/qemu1"
mkdir "$tmp/q"
t2=$(now)
QTMP=$tmp xargs -P "$cores" -L 1 "$tmp/qemu1" <"$tmp/list" ||
    { echo "run.sh: a QEMU job failed" >&2; exit 1; }
t3=$(now)

# One job alone, REPS times in a row: the median process wall time.
median_run() {
    : >"$tmp/w"
    i=0
    while [ "$i" -lt "$reps" ]; do
        a=$(now)
        "$@" </dev/null >/dev/null 2>&1 || { echo "run.sh: $* failed" >&2; exit 1; }
        b=$(now)
        echo "$b $a" | awk '{ printf "%.6f\n", $1 - $2 }' >>"$tmp/w"
        i=$((i + 1))
    done
    sort -n "$tmp/w" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
sv=$(median_run "$build/bridge/vpbridge" run "$src/platforms/virt-rv32.yaml" --kernel "$build/bench/rv32/startup.elf")
sq=$(median_run qemu-system-riscv32 -M virt -m 128M -smp 1 -nographic -monitor none -serial none -bios none \
    -kernel "$build/bench/rv32/startup.elf")

echo "batch: $jobs short firmware jobs (hello, timer, stdio, compute, startup; rv32 and rv64), $cores at once"
awk -v n="$jobs" -v v="$(echo "$t1 $t0" | awk '{ print $1 - $2 }')" -v q="$(echo "$t3 $t2" | awk '{ print $1 - $2 }')" \
    -v sv="$sv" -v sq="$sq" -v reps="$reps" 'BEGIN {
    printf "| runner | wall s | jobs/min | vs QEMU |\n|---|---:|---:|---:|\n"
    printf "| vpbridge batch | %.2f | %.0f | %.2fx |\n", v, n / v * 60, q / v
    printf "| qemu-system-riscv32/64, xargs -P | %.2f | %.0f | 1.00x |\n", q, n / q * 60
    printf "\nstart-up of one job (the startup kernel, median of %d processes):\n", reps
    printf "| simulator | ms per job | vs QEMU |\n|---|---:|---:|\n"
    printf "| vpbridge run | %.1f | %.2fx |\n", sv * 1000, sq / sv
    printf "| qemu-system-riscv32 | %.1f | 1.00x |\n", sq * 1000
}'
