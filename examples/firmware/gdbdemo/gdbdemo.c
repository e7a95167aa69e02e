/* SPDX-License-Identifier: Apache-2.0 */
/* gdbdemo: firmware to debug with `vpbridge run --gdb` (docs/debugging.md).
 * Hart 0 computes a series of ROUNDS steps through compute() and mix()
 * (enough for the JIT to compile the loop: breakpoints and watchpoints are
 * then hit in compiled code), prints it and exits 0 when it is the one
 * `scale` 3 gives, 3 otherwise (a debugger that sets scale changes both).
 * Other harts count in hart_ticks[] until the run ends (threads for the
 * debugger). */
#include "vp_rt.h"

/* One text section for the whole file (no .text.startup for main): GDB 13
 * then finds the line table of every function while attached. */
#pragma GCC optimize("no-reorder-functions")

#define MAX_HARTS 8
#define ROUNDS 200

volatile unsigned long scale = 3;          /* a debugger may change it */
volatile unsigned long hart_ticks[MAX_HARTS];
unsigned long total;                       /* written at every step: a watchpoint's target */

__attribute__((noinline)) unsigned long mix(unsigned long x, unsigned long k)
{
    return x * scale + k;
}

__attribute__((noinline)) unsigned long compute(unsigned long n)
{
    unsigned long acc = 1;
    for (unsigned long k = 0; k < n; k++) {
        acc = mix(acc, k);
        total = acc;
    }
    return acc;
}

/* Harts 1..: no stack (start.S gives them none), so a leaf loop. */
void vp_rt_secondary(void)
{
    unsigned long id = vp_csr_read(mhartid) % MAX_HARTS;
    for (;;)
        hart_ticks[id]++;
}

/* What compute() gives with scale 3 (constant: no debugger changes it). */
static unsigned long reference(unsigned long n)
{
    unsigned long acc = 1;
    for (unsigned long k = 0; k < n; k++)
        acc = acc * 3 + k;
    return acc;
}

int main(void)
{
    unsigned long r = compute(ROUNDS);
    vp_puts("gdbdemo: result ");
    vp_putdec(r);
    vp_puts("\n");
    return r == reference(ROUNDS) ? 0 : 3;
}
