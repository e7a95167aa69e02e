/* SPDX-License-Identifier: Apache-2.0 */
/* branchy.c - bench kernel: a bytecode interpreter (switch dispatch, data-dependent branches). */
#include <stdint.h>
#include "vp_rt.h"
enum { OP_ADD, OP_SUB, OP_XOR, OP_SHL, OP_JNZ, OP_DEC, OP_MUL, OP_HALT };
static const uint8_t prog[] = {OP_ADD, OP_XOR, OP_MUL, OP_SHL, OP_SUB, OP_DEC, OP_JNZ, OP_HALT};
int main(void)
{
    uint32_t acc = 1, cnt = 400000, pc = 0, ops = 0;
    for (;;) {
        ops++;
        switch (prog[pc]) {
        case OP_ADD: acc += cnt; pc++; break;
        case OP_SUB: acc -= cnt >> 3; pc++; break;
        case OP_XOR: acc ^= acc >> 5; pc++; break;
        case OP_SHL: acc = (acc << 1) | (acc >> 31); pc++; break;
        case OP_MUL: acc *= 3; pc++; break;
        case OP_DEC: cnt--; pc++; break;
        case OP_JNZ: pc = cnt ? 0 : pc + 1; break;
        default: goto done;
        }
    }
done:
    vp_puts("branchy "); vp_puthex(acc, 8); vp_putc(' '); vp_putdec(ops); vp_putc('\n');
    vp_exit(0);
}
