/* SPDX-License-Identifier: Apache-2.0 */
/* semihost.c - the semihosting test firmware (test_semihost): plain
 * picolibc stdio on picolibc's semihosting library (--oslib=semihost), so
 * printf, fopen and exit() become semihosting calls. What it does comes from
 * its command line (SYS_GET_CMDLINE, vpbridge --semihosting-cmdline), one
 * word at a time:
 *   cat=NAME    print the file NAME ("NAME: <contents>")
 *   write=NAME  create NAME with one line ("written by rvXLEN")
 *   append=NAME append that line to NAME
 *   open=NAME   try to open NAME for reading: "open NAME: ok" or "open NAME: failed (errno N)"
 *   rm=NAME     remove NAME: "rm NAME: ok" or "... failed (errno N)"
 *   mv=OLD,NEW  rename: "mv OLD,NEW: ok" or "... failed (errno N)"
 *   uart        one line through the UART (between semihosting output)
 *   clock       the simulated time: SYS_CLOCK, SYS_ELAPSED, SYS_TICKFREQ, SYS_TIME
 *   spin=N      N million loop iterations (simulated time passes)
 *   ebreak      a plain ebreak (no semihosting sequence): the breakpoint trap
 *   cebreak     a c.ebreak inside the sequence (only a 32-bit ebreak is a call): the trap
 *   console     a line through a ":tt" handle and through SYS_WRITE0
 *   bogus       an operation number vpbridge does not know: its answer and errno
 *   getc        a line from the console (stdin, SYS_READC): "stdin: [LINE]"
 *   sysexit=N   SYS_EXIT itself with ADP_Stopped_ApplicationExit and subcode N
 *   syserror    SYS_EXIT itself with ADP_Stopped_RunTimeErrorUnknown
 *   exit=N      exit status (default 0), through exit()
 * The first line shows the command line as received. */
#include <errno.h>
#include <semihost.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vp_rt.h"

uintptr_t sys_semihost(uintptr_t op, uintptr_t arg);

static char line[64];

static void cat(const char *name)
{
    char buf[256];
    FILE *f = fopen(name, "r");
    if (!f) {
        printf("cat %s: failed (errno %d)\n", name, errno);
        return;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    printf("%s: %s", name, buf);
    fclose(f);
}

static void put(const char *name, const char *mode)
{
    FILE *f = fopen(name, mode);
    if (!f) {
        printf("%s %s: failed (errno %d)\n", mode, name, errno);
        return;
    }
    fputs(line, f);
    printf("%s %s: %s\n", mode, name, fclose(f) == 0 ? "ok" : "close failed");
}

static void report(const char *what, const char *name, int rc)
{
    if (rc == 0)
        printf("%s %s: ok\n", what, name);
    else
        printf("%s %s: failed (errno %d)\n", what, name, errno);
}

static void try_open(const char *name)
{
    FILE *f = fopen(name, "r");
    report("open", name, f ? 0 : -1);
    if (f)
        fclose(f);
}

static void rename_pair(char *arg)
{
    char *comma = strchr(arg, ',');
    if (!comma) {
        printf("mv %s: needs OLD,NEW\n", arg);
        return;
    }
    *comma = '\0';
    int rc = sys_semihost_rename(arg, comma + 1); /* picolibc 1.8 has no rename() on semihosting */
    if (rc)
        errno = sys_semihost_errno();
    *comma = ',';
    report("mv", arg, rc);
}

static void clock_words(void)
{
    printf("clock: %ld cs, elapsed %llu ticks at %ld Hz, time %ld\n", (long)sys_semihost_clock(),
           (unsigned long long)sys_semihost_elapsed(), (long)sys_semihost_tickfreq(), (long)sys_semihost_time());
}

static void console(void)
{
    int fd = sys_semihost_open(":tt", SH_OPEN_W);
    static const char msg[] = "console: through :tt\n";
    printf("console: handle %s, istty %d\n", fd > 0 ? "ok" : "failed", sys_semihost_istty(fd));
    printf("console: not written %ld\n", (long)sys_semihost_write(fd, msg, sizeof msg - 1));
    sys_semihost_close(fd);
    sys_semihost_write0("console: through SYS_WRITE0\n");
}

static void bogus(void)
{
    long r = (long)sys_semihost(0x99, 0);
    printf("bogus: %ld, errno %d\n", r, sys_semihost_errno());
}

static void spin(long millions)
{
    for (volatile long i = 0; i < millions * 1000000; i++)
        ;
}

/* The breakpoint trap ends the run through vp_rt's trap handler (exit 125). */
static void plain_ebreak(void)
{
    __asm__ volatile(".option push\n.option norvc\nebreak\n.option pop\n");
}

static void compressed_ebreak(void)
{
    __asm__ volatile(".option push\n.option rvc\n"
                     "slli x0, x0, 0x1f\nc.ebreak\nsrai x0, x0, 7\n"
                     ".option pop\n");
}

static void get_line(void)
{
    char buf[64];
    size_t n = 0;
    for (int ch; n < sizeof buf - 1 && (ch = getchar()) != EOF && ch != '\n';)
        buf[n++] = (char)ch;
    buf[n] = '\0';
    printf("stdin: [%s]\n", buf);
}

static int word(char *w)
{
    if (!strncmp(w, "cat=", 4))
        cat(w + 4);
    else if (!strncmp(w, "write=", 6))
        put(w + 6, "w");
    else if (!strncmp(w, "append=", 7))
        put(w + 7, "a");
    else if (!strncmp(w, "open=", 5))
        try_open(w + 5);
    else if (!strncmp(w, "rm=", 3))
        report("rm", w + 3, remove(w + 3));
    else if (!strncmp(w, "mv=", 3))
        rename_pair(w + 3);
    else if (!strcmp(w, "uart"))
        vp_puts("uart: between\n");
    else if (!strcmp(w, "clock"))
        clock_words();
    else if (!strcmp(w, "console"))
        console();
    else if (!strcmp(w, "bogus"))
        bogus();
    else if (!strncmp(w, "spin=", 5))
        spin(atol(w + 5));
    else if (!strcmp(w, "ebreak"))
        plain_ebreak();
    else if (!strcmp(w, "cebreak"))
        compressed_ebreak();
    else if (!strcmp(w, "getc"))
        get_line();
    else if (!strncmp(w, "sysexit=", 8))
        sys_semihost_exit(ADP_Stopped_ApplicationExit, (uintptr_t)atol(w + 8));
    else if (!strcmp(w, "syserror"))
        sys_semihost_exit(ADP_Stopped_RunTimeErrorUnknown, 0);
    else if (!strncmp(w, "exit=", 5))
        return atoi(w + 5);
    else
        printf("unknown word '%s'\n", w);
    return -1;
}

int main(void)
{
    static char cmdline[512];
    int status = 0;
    snprintf(line, sizeof line, "written by rv%d\n", __riscv_xlen);
    if (sys_semihost_get_cmdline(cmdline, sizeof cmdline) != 0)
        strcpy(cmdline, "(none)");
    printf("semihost rv%d: cmdline [%s]\n", __riscv_xlen, cmdline);
    for (char *w = strtok(cmdline, " "); w; w = strtok(NULL, " ")) {
        int s = word(w);
        if (s >= 0)
            status = s;
    }
    printf("exit %d\n", status);
    exit(status);
}
