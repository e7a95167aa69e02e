/* SPDX-License-Identifier: Apache-2.0 */
/* crc.c - bench kernel: bitwise CRC32 and FNV-1a over a 64 KiB buffer. */
#include <stdint.h>
#include "vp_rt.h"
static uint8_t buf[65536];
int main(void)
{
    uint32_t crc = 0xffffffffu, h = 2166136261u;
    for (unsigned i = 0; i < sizeof(buf); i++) buf[i] = (uint8_t)(i * 7 + (i >> 5));
    for (int r = 0; r < 6; r++)
        for (unsigned i = 0; i < sizeof(buf); i++) {
            crc ^= buf[i];
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
            h = (h ^ buf[i]) * 16777619u;
        }
    vp_puts("crc "); vp_puthex(~crc, 8); vp_putc(' '); vp_puthex(h, 8); vp_putc('\n');
    vp_exit(0);
}
