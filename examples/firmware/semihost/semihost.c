/* SPDX-License-Identifier: Apache-2.0 */
/* semihost: plain picolibc stdio on semihosting (linked with --oslib=semihost,
 * run with `vpbridge run ... --semihosting`; docs/semihosting.md). Prints its
 * command line, copies input.txt to output.txt upper-cased (both in the
 * --semihosting-root directory) and exits with the number of lines copied. */
#include <ctype.h>
#include <semihost.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char cmdline[128];
    if (sys_semihost_get_cmdline(cmdline, sizeof cmdline) != 0)
        cmdline[0] = '\0';
    printf("hello from rv%d over semihosting, command line [%s]\n", __riscv_xlen, cmdline);
    FILE *in = fopen("input.txt", "r");
    if (!in) {
        printf("cannot open input.txt\n");
        exit(100);
    }
    FILE *out = fopen("output.txt", "w");
    if (!out) {
        printf("cannot create output.txt\n");
        exit(101);
    }
    int lines = 0;
    for (int c; (c = getc(in)) != EOF;) {
        putc(toupper(c), out);
        lines += c == '\n';
    }
    fclose(in);
    fclose(out);
    printf("copied %d lines\n", lines);
    exit(lines);
}
