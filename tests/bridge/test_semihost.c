/* SPDX-License-Identifier: Apache-2.0 */
/* test_semihost.c - semihosting through the vpbridge command
 * (docs/semihosting.md): fw/semihost.c, picolibc's stdio on its semihosting
 * library, on RV32 and RV64, under the JIT and the interpreter. It prints,
 * reads and writes files in the --semihosting-root directory, exits with a
 * status, gets its command line and the simulated time; without
 * --semihosting its first call is a breakpoint trap and no host file is
 * touched; names that leave the directory (.., absolute, symbolic links)
 * are refused; a plain or compressed ebreak still traps; bad options are
 * one-line errors. Each test runs in a scratch directory:
 *   DIR/outside.txt   a file the guest must not reach
 *   DIR/root/         the semihosting root: input.txt, sub/, link-out ->
 *                     ../outside.txt, link-in -> input.txt
 *   DIR/noinput.yaml  virt-rv32 with the UART not reading stdin */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define BOARD(xlen) VP_SOURCE_DIR "/platforms/virt-rv" #xlen ".yaml"

static char g_dir[64];

static const char *fw(unsigned xlen)
{
    return xlen == 32 ? VP_BRIDGE_FW_DIR "/rv32/semihost.elf" : VP_BRIDGE_FW_DIR "/rv64/semihost.elf";
}

static const char *board(unsigned xlen)
{
    return xlen == 32 ? BOARD(32) : BOARD(64);
}

static char *read_file(const char *name)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    return vp_cmd_slurp(path);
}

static bool exists(const char *name)
{
    char path[160];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    return lstat(path, &st) == 0;
}

static int setup(void **state)
{
    (void)state;
    for (unsigned x = 32; x <= 64; x += 32)
        if (access(fw(x), R_OK) != 0)
            fail_msg("%s is missing: the semihosting firmware needs riscv64-unknown-elf-gcc and "
                     "picolibc-riscv64-unknown-elf (its libsemihost)", fw(x));
    snprintf(g_dir, sizeof g_dir, "/tmp/vp_semihostXXXXXX");
    assert_non_null(mkdtemp(g_dir));
    vp_cmd_result r = vp_cmd_run("(cd %s && mkdir root root/sub && ln -s ../outside.txt root/link-out && "
                                 "ln -s input.txt root/link-in && "
                                 "sed 's/backend: stdio}/backend: stdio, input: false}/' %s > noinput.yaml)",
                                 g_dir, BOARD(32));
    assert_int_equal(r.status, 0);
    vp_cmd_free(&r);
    vp_cmd_write_file(g_dir, "outside.txt", "secret\n");
    vp_cmd_write_file(g_dir, "root/input.txt", "hello from the host\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    vp_cmd_remove_tree(g_dir);
    return 0;
}

/* `vpbridge run` in the scratch directory with --semihosting, root/ as the
 * root and `cmdline` (no single quotes) for the guest; stdin from /dev/null. */
static vp_cmd_result run(unsigned xlen, const char *accel, const char *cmdline)
{
    return vp_cmd_run("cd %s && %s run %s --kernel %s --accel %s --timeout 60 --semihosting "
                      "--semihosting-root root --semihosting-cmdline '%s' </dev/null",
                      g_dir, VPBRIDGE, board(xlen), fw(xlen), accel, cmdline);
}

static void expect_out(const vp_cmd_result *r, const char *want, const char *what)
{
    if (strcmp(r->out, want) != 0)
        fail_msg("%s: stdout is\n%s\nwanted\n%s\nstderr:\n%s", what, r->out, want, r->err);
}

/* Prints (semihosting and the UART in order), reads a file, creates and
 * appends to another, exits with its status: RV32 and RV64. */
static void test_semihost_print_read_write_exit(void **state)
{
    (void)state;
    for (unsigned x = 32; x <= 64; x += 32) {
        char want[512], file[64];
        vp_cmd_result r = run(x, "jit", "cat=input.txt uart write=out.txt append=out.txt exit=7");
        snprintf(want, sizeof want,
                 "semihost rv%u: cmdline [cat=input.txt uart write=out.txt append=out.txt exit=7]\n"
                 "input.txt: hello from the host\n"
                 "uart: between\n"
                 "w out.txt: ok\n"
                 "a out.txt: ok\n"
                 "exit 7\n", x);
        expect_out(&r, want, x == 32 ? "rv32" : "rv64");
        assert_int_equal(r.status, 7);
        assert_string_equal(r.err, "");
        vp_cmd_free(&r);
        char *text = read_file("root/out.txt");
        snprintf(file, sizeof file, "written by rv%u\nwritten by rv%u\n", x, x);
        assert_string_equal(text, file);
        free(text);
        char path[160];
        snprintf(path, sizeof path, "%s/root/out.txt", g_dir);
        assert_int_equal(unlink(path), 0);
    }
}

/* SYS_EXIT itself: RV32 passes the reason alone (ApplicationExit: 0), RV64
 * a block with the subcode; any other reason is status 1. exit(0) is 0. */
static void test_semihost_exit_forms(void **state)
{
    (void)state;
    static const struct { unsigned xlen; const char *cmd; int status; } cases[] = {
        {32, "sysexit=5", 0}, {64, "sysexit=5", 5}, {32, "syserror", 1}, {64, "syserror", 1},
        {32, "exit=0", 0},    {64, "exit=300", 300 & 0xff},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vp_cmd_result r = run(cases[i].xlen, "jit", cases[i].cmd);
        if (r.status != cases[i].status)
            fail_msg("rv%u '%s': exit status %d, wanted %d\n%s%s", cases[i].xlen, cases[i].cmd, r.status,
                     cases[i].status, r.out, r.err);
        vp_cmd_free(&r);
    }
}

/* The directory's entries, sorted, one line each. */
static char *listing(void)
{
    vp_cmd_result r = vp_cmd_run("cd %s && find . | sort", g_dir);
    assert_int_equal(r.status, 0);
    free(r.err);
    return r.out;
}

/* Off by default: the same firmware traps at its first call (the
 * runtime's trap handler prints the breakpoint and exits 125), and with
 * --semihosting but no root no file is opened or created. */
static void test_semihost_off_by_default(void **state)
{
    (void)state;
    char *before = listing();
    for (unsigned x = 32; x <= 64; x += 32) {
        vp_cmd_result r = vp_cmd_run("cd %s/root && %s run %s --kernel %s </dev/null", g_dir, VPBRIDGE, board(x),
                                     fw(x));
        assert_int_equal(r.status, 125);
        if (!strstr(r.out, x == 32 ? "unexpected trap: mcause=0x00000003 " : "unexpected trap: mcause=0x0000000000000003 "))
            fail_msg("rv%u without --semihosting: no breakpoint trap:\n%s%s", x, r.out, r.err);
        vp_cmd_free(&r);
        r = vp_cmd_run("cd %s/root && %s run %s --kernel %s --semihosting --semihosting-cmdline "
                       "'cat=input.txt write=new.txt exit=4' </dev/null", g_dir, VPBRIDGE, board(x), fw(x));
        assert_int_equal(r.status, 4);
        if (!strstr(r.out, "cat input.txt: failed (errno 13)\nw new.txt: failed (errno 13)\n"))
            fail_msg("rv%u without --semihosting-root: files were not refused:\n%s%s", x, r.out, r.err);
        vp_cmd_free(&r);
    }
    char *after = listing();
    assert_string_equal(before, after);
    free(before);
    free(after);
}

/* Names that leave the root are refused (EACCES 13); inside, "..", "."
 * and subdirectories work; a directory is EISDIR (21). */
static void test_semihost_confinement(void **state)
{
    (void)state;
    char cmd[1024], want[2048];
    snprintf(cmd, sizeof cmd,
             "open=../outside.txt open=%s/outside.txt open=%s/root/input.txt open=link-out open=link-in "
             "open=sub/../../outside.txt write=../escape.txt write=link-out rm=../outside.txt "
             "mv=input.txt,../moved.txt open=./sub/../input.txt open=sub open=nope write=sub/new.txt "
             "mv=sub/new.txt,sub/renamed.txt rm=sub/renamed.txt exit=0",
             g_dir, g_dir);
    vp_cmd_result r = run(32, "jit", cmd);
    snprintf(want, sizeof want,
             "semihost rv32: cmdline [%s]\n"
             "open ../outside.txt: failed (errno 13)\n"
             "open %s/outside.txt: failed (errno 13)\n"
             "open %s/root/input.txt: failed (errno 13)\n"
             "open link-out: failed (errno 13)\n"
             "open link-in: failed (errno 13)\n"
             "open sub/../../outside.txt: failed (errno 13)\n"
             "w ../escape.txt: failed (errno 13)\n"
             "w link-out: failed (errno 13)\n"
             "rm ../outside.txt: failed (errno 13)\n"
             "mv input.txt,../moved.txt: failed (errno 13)\n"
             "open ./sub/../input.txt: ok\n"
             "open sub: failed (errno 21)\n"
             "open nope: failed (errno 2)\n"
             "w sub/new.txt: ok\n"
             "mv sub/new.txt,sub/renamed.txt: ok\n"
             "rm sub/renamed.txt: ok\n"
             "exit 0\n",
             cmd, g_dir, g_dir);
    expect_out(&r, want, "confinement");
    assert_int_equal(r.status, 0);
    vp_cmd_free(&r);
    char *outside = read_file("outside.txt");
    assert_string_equal(outside, "secret\n");
    free(outside);
    assert_false(exists("escape.txt"));
    assert_false(exists("moved.txt"));
    assert_true(exists("root/input.txt"));
    assert_false(exists("root/sub/new.txt"));
    assert_false(exists("root/sub/renamed.txt"));
}

/* SYS_GET_CMDLINE: the string as given; none given is ""; one longer than
 * the guest's buffer is an error. */
static void test_semihost_cmdline(void **state)
{
    (void)state;
    vp_cmd_result r = vp_cmd_run("%s run %s --kernel %s --semihosting </dev/null", VPBRIDGE, BOARD(64), fw(64));
    expect_out(&r, "semihost rv64: cmdline []\nexit 0\n", "no --semihosting-cmdline");
    assert_int_equal(r.status, 0);
    vp_cmd_free(&r);
    char long_cmd[700];
    memset(long_cmd, 'x', sizeof long_cmd - 1);
    long_cmd[sizeof long_cmd - 1] = '\0';
    r = run(64, "jit", long_cmd);
    if (strncmp(r.out, "semihost rv64: cmdline [(none)]\n", 32) != 0)
        fail_msg("a command line longer than the guest's buffer was not refused:\n%s", r.out);
    vp_cmd_free(&r);
}

static unsigned long clock_of(const vp_cmd_result *r)
{
    return vp_cmd_number_after(r->out, "clock: ");
}

/* SYS_CLOCK and SYS_ELAPSED count simulated time: the same on every run
 * and under both engines, and time passes while the guest computes;
 * SYS_TIME starts at 2000-01-01. */
static void test_semihost_clock_deterministic(void **state)
{
    (void)state;
    vp_cmd_result a = run(32, "jit", "spin=4 clock"), b = run(32, "jit", "spin=4 clock"),
                  c = run(32, "interp", "spin=4 clock");
    assert_int_equal(a.status, 0);
    assert_string_equal(a.out, b.out);
    assert_string_equal(a.out, c.out);
    if (clock_of(&a) < 1 || !strstr(a.out, "ticks at 1000000000 Hz, time 946684800\n"))
        fail_msg("no simulated time passed, or a wrong tick rate or epoch:\n%s", a.out);
    vp_cmd_free(&a);
    vp_cmd_free(&b);
    vp_cmd_free(&c);
}

/* The interpreter and the JIT give the same output, on both XLENs. */
static void test_semihost_engines_agree(void **state)
{
    (void)state;
    const char *cmd = "cat=input.txt uart write=engine.txt cat=engine.txt console clock open=link-out exit=9";
    for (unsigned x = 32; x <= 64; x += 32) {
        vp_cmd_result j = run(x, "jit", cmd), i = run(x, "interp", cmd);
        assert_int_equal(j.status, 9);
        assert_int_equal(i.status, 9);
        if (strcmp(j.out, i.out) != 0)
            fail_msg("rv%u: the engines differ:\njit:\n%s\ninterp:\n%s", x, j.out, i.out);
        vp_cmd_free(&j);
        vp_cmd_free(&i);
    }
}

/* ":tt" for writing and SYS_WRITE0 reach stdout; console input is stdin
 * (on a board whose UART leaves stdin alone); an unknown operation answers
 * -1 with ENOSYS (88) and one warning line. */
static void test_semihost_console_and_unknown(void **state)
{
    (void)state;
    vp_cmd_result r = run(64, "jit", "console bogus bogus");
    expect_out(&r,
               "semihost rv64: cmdline [console bogus bogus]\n"
               "console: handle ok, istty 1\n"
               "console: through :tt\n"
               "console: not written 0\n"
               "console: through SYS_WRITE0\n"
               "bogus: -1, errno 88\n"
               "bogus: -1, errno 88\n"
               "exit 0\n",
               "console");
    assert_int_equal(vp_cmd_count_lines(r.err, "semihosting: warning: hart 0: unsupported operation 0x99"), 1);
    vp_cmd_free(&r);
    r = vp_cmd_run("cd %s && printf 'typed line\\n' | %s run noinput.yaml --kernel %s --semihosting "
                   "--semihosting-cmdline getc",
                   g_dir, VPBRIDGE, fw(32));
    expect_out(&r, "semihost rv32: cmdline [getc]\nstdin: [typed line]\nexit 0\n", "stdin");
    vp_cmd_free(&r);
}

/* With --semihosting, an ebreak outside the sequence and a c.ebreak inside
 * it are breakpoints as before. */
static void test_semihost_other_ebreaks_trap(void **state)
{
    (void)state;
    static const char *const words[] = {"ebreak", "cebreak"};
    for (unsigned x = 32; x <= 64; x += 32) {
        for (unsigned w = 0; w < 2; w++) {
            vp_cmd_result r = run(x, w ? "interp" : "jit", words[w]);
            assert_int_equal(r.status, 125);
            if (!strstr(r.out, "unexpected trap: mcause=0x0"))
                fail_msg("rv%u '%s' did not trap:\n%s%s", x, words[w], r.out, r.err);
            vp_cmd_free(&r);
        }
    }
}

/* Bad options: one line, usage errors exit 2, a root that is no directory 125. */
static void test_semihost_bad_options(void **state)
{
    (void)state;
    static const struct { const char *args; int status; const char *line; } cases[] = {
        {"--semihosting-root root", 2, "vpbridge: --semihosting-root: needs --semihosting\n"},
        {"--semihosting-cmdline x", 2, "vpbridge: --semihosting-cmdline: needs --semihosting\n"},
        {"--semihosting --semihosting-root ''", 2, "vpbridge: --semihosting-root: empty directory name\n"},
        {"--semihosting=yes", 2, "vpbridge: --semihosting: takes no value\n"},
        {"--semihosting --semihosting-root nodir", 125,
         "vpbridge: semihosting root 'nodir': No such file or directory\n"},
        {"--semihosting --semihosting-root outside.txt", 125,
         "vpbridge: semihosting root 'outside.txt': Not a directory\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vp_cmd_result r = vp_cmd_run("cd %s && %s run %s --kernel %s %s </dev/null", g_dir, VPBRIDGE, BOARD(32),
                                     fw(32), cases[i].args);
        if (r.status != cases[i].status || strcmp(r.err, cases[i].line) != 0)
            fail_msg("'%s': exit %d, stderr:\n%s\nwanted %d:\n%s", cases[i].args, r.status, r.err, cases[i].status,
                     cases[i].line);
        assert_string_equal(r.out, "");
        vp_cmd_free(&r);
    }
    vp_cmd_result r = vp_cmd_run("%s check %s --semihosting", VPBRIDGE, BOARD(32));
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "vpbridge: check: option '--semihosting' does not apply\n");
    vp_cmd_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semihost_print_read_write_exit),
        cmocka_unit_test(test_semihost_exit_forms),
        cmocka_unit_test(test_semihost_off_by_default),
        cmocka_unit_test(test_semihost_confinement),
        cmocka_unit_test(test_semihost_cmdline),
        cmocka_unit_test(test_semihost_clock_deterministic),
        cmocka_unit_test(test_semihost_engines_agree),
        cmocka_unit_test(test_semihost_console_and_unknown),
        cmocka_unit_test(test_semihost_other_ebreaks_trap),
        cmocka_unit_test(test_semihost_bad_options),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
