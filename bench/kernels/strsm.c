/* SPDX-License-Identifier: Apache-2.0 */
/* strsm.c - bench kernel: a byte-driven tokenizer/command-parser state machine whose switch compiles
 * to a jump table (firmware protocol and config parsers). */
#include <stdint.h>
#include "vp_rt.h"
#include "datapage.h"
#define LEN 32768
#define ROUNDS 650
static char text[LEN];
enum st { S_START, S_IDENT, S_NUM, S_HEX, S_STR, S_ESC, S_SLASH, S_COMMENT, S_OP, S_SPACE, S_FLOAT, S_EXP, S_NSTATES };
static uint32_t counts[S_NSTATES];
static uint32_t seed = 99991u;
static uint32_t rnd(void) { seed = seed * 1664525u + 1013904223u; return seed >> 8; }
static const char *const words[] = { "set ", "baud=", "115200 ", "0x1f3a ", "\"on\\n\" ", "// note\n", "mode ",
                                     "+= ", "3.25e7 ", "(x) ", "name=\"uart\\\"0\" ", "gpio[12] ", "\t", "-42 ", "; " };
static void gen(void)
{
    unsigned i = 0;
    while (i < LEN - 16) {
        const char *w = words[rnd() % (sizeof(words) / sizeof(words[0]))];
        while (*w && i < LEN - 1) text[i++] = *w++;
    }
    while (i < LEN - 1) text[i++] = ' ';
    text[LEN - 1] = 0;
}
static uint32_t run(void)
{
    enum st s = S_START;
    uint32_t h = 0, val = 0;
    for (const char *p = text;; p++) {
        unsigned char c = (unsigned char)*p;
        counts[s]++;
        switch (s) {
        case S_START:
        start:
            val = 0;
            if (c == 0) return h;
            if ((c | 32) >= 'a' && (c | 32) <= 'z') { s = S_IDENT; val = c; }
            else if (c == '0' && (p[1] | 32) == 'x') { s = S_HEX; p++; }
            else if (c >= '0' && c <= '9') { s = S_NUM; val = c - '0'; }
            else if (c == '"') s = S_STR;
            else if (c == '/') s = S_SLASH;
            else if (c == ' ' || c == '\t' || c == '\n') s = S_SPACE;
            else { s = S_OP; val = c; }
            break;
        case S_IDENT:
            if (((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') || c == '_') { val = val * 33u + c; break; }
            h = h * 7u + val; s = S_START; goto start;
        case S_NUM:
            if (c >= '0' && c <= '9') { val = val * 10u + (c - '0'); break; }
            if (c == '.') { s = S_FLOAT; break; }
            h += val; s = S_START; goto start;
        case S_HEX:
            if (c >= '0' && c <= '9') { val = val * 16u + (c - '0'); break; }
            if ((c | 32) >= 'a' && (c | 32) <= 'f') { val = val * 16u + ((c | 32) - 'a' + 10); break; }
            h ^= val; s = S_START; goto start;
        case S_STR:
            if (c == '\\') s = S_ESC;
            else if (c == '"') { h = (h << 3) ^ val; s = S_START; }
            else if (c == 0) return h ^ 0xdeadu;
            else val += c;
            break;
        case S_ESC: val ^= c; s = S_STR; break;
        case S_SLASH:
            if (c == '/') { s = S_COMMENT; break; }
            h += '/'; s = S_START; goto start;
        case S_COMMENT:
            if (c == '\n') { s = S_START; h ^= 0x5a5a; }
            else if (c == 0) return h;
            break;
        case S_OP:
            if (c == '=' || c == '+' || c == '-') { val = val * 3u + c; break; }
            h = h * 5u + val; s = S_START; goto start;
        case S_SPACE:
            if (c == ' ' || c == '\t' || c == '\n') break;
            s = S_START; goto start;
        case S_FLOAT:
            if (c >= '0' && c <= '9') { val = val * 10u + (c - '0'); break; }
            if ((c | 32) == 'e') { s = S_EXP; break; }
            h += val ^ 0x100; s = S_START; goto start;
        case S_EXP:
            if ((c >= '0' && c <= '9') || c == '-' || c == '+') { val += c; break; }
            h += val << 1; s = S_START; goto start;
        default: return 0;
        }
    }
}
int main(void)
{
    if (bench_datapage != 1) vp_exit(2);
    uint32_t h = 0;
    gen();
    for (int r = 0; r < ROUNDS; r++) {
        h = h * 131u + run();
        text[(r * 977) % (LEN - 1)] = ' ';
    }
    uint32_t c = 0;
    for (int i = 0; i < S_NSTATES; i++) c = c * 17u + counts[i];
    vp_puts("strsm "); vp_puthex(h, 8); vp_putc(' '); vp_puthex(c, 8); vp_putc('\n');
    vp_exit(0);
}
