/* SPDX-License-Identifier: Apache-2.0 */
/* test_fault_cli.c - failures injected into `vpbridge run` as a user runs
 * it (docs/reliability.md, Fault injection):
 *  - VP_FAULT_ALLOC=N fails the N-th of the command's fallible allocations
 *    (alloc_int.h), for N = 1, 2, ... until the run goes through: each
 *    ends with exit status 125 and one `vpbridge:` line saying what could
 *    not be allocated (in the sanitizer build, LeakSanitizer checks each
 *    exit for leaks);
 *  - VP_FAULT_READ=eio:N the same for the reads of input files, and
 *    VP_FAULT_READ=short (7 bytes a read) changes nothing, digest included;
 *  - an address-space limit (ulimit -v, as batch farms set) from 24 MiB to
 *    the size the run needs: every outcome is the run's normal output or
 *    one line and exit status 125, never a signal or a core file (not in
 *    the sanitizer build: AddressSanitizer reserves terabytes of address
 *    space, so a limit stops it before main);
 *  - every output backend writing to a full disk (a link to /dev/full):
 *    one line naming the output, exit status 125 (batch-merge: 2, its
 *    status for a report it cannot write), and the link still there
 *    (outputs are written in place).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define RV32 VP_SOURCE_DIR "/platforms/virt-rv32gc.yaml"
#define HELLO VP_FIRMWARE_DIR "/rv32/hello.elf"
#define RUN VPBRIDGE " run " RV32 " --kernel " HELLO " --timeout 60"
#define HELLO_OUT "Hello from vpbridge on RV32!"
#define TIMERIRQ VP_BUILD_DIR "/bench/rv32/timerirq.elf" /* 20000 timer interrupts: waveforms of 0.5 MB */

/* Lines of s (a last line without '\n' counts). */
static unsigned lines(const char *s)
{
    unsigned n = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    return n + (len && s[len - 1] != '\n');
}

/* stderr holds exactly the marker and one `vpbridge: ` line with `piece`. */
static void expect_clean_failure(const vp_cmd_result *r, const char *marker, const char *piece, const char *what)
{
    if (r->status != 125 || lines(r->err) != 2 || strncmp(r->err, marker, strlen(marker)) != 0 ||
        !strstr(r->err, "\nvpbridge: ") || !strstr(r->err, piece))
        fail_msg("%s: status %d, stderr:\n%s", what, r->status, r->err);
}

static unsigned sweep(const char *var, const char *fmt, const char *marker, const char *piece)
{
    unsigned failed = 0;
    for (unsigned n = 1;; n++) {
        assert_true(n < 500);
        char val[32];
        snprintf(val, sizeof val, fmt, n);
        vp_cmd_result r = vp_cmd_run("%s=%s " RUN " </dev/null", var, val);
        if (!strstr(r.err, marker)) { /* the run went through */
            if (r.status != 0 || !strstr(r.out, HELLO_OUT))
                fail_msg("%s=%s, no fault left: status %d, stderr:\n%s", var, val, r.status, r.err);
            vp_cmd_free(&r);
            break;
        }
        char what[64];
        snprintf(what, sizeof what, "%s=%s", var, val);
        expect_clean_failure(&r, marker, piece, what);
        if (getenv("VP_FAULT_VERBOSE"))
            print_message("%s: %s", what, strchr(r.err, '\n') + 1);
        vp_cmd_free(&r);
        failed++;
    }
    return failed;
}

static void test_alloc_sweep(void **state)
{
    (void)state;
    unsigned n = sweep("VP_FAULT_ALLOC", "%u", "vp-fault: an allocation failed", "cannot allocate");
    print_message("vpbridge run: %u allocations failed in turn, each exit 125 with one line\n", n);
    assert_true(n >= 8); /* the board, manifests, module libraries, RAM, the image, the tree */
}

static void test_read_sweep(void **state)
{
    (void)state;
    unsigned n = sweep("VP_FAULT_READ", "eio:%u", "vp-fault: a read failed", "Input/output error");
    print_message("vpbridge run: %u reads failed in turn, each exit 125 with one line\n", n);
    assert_true(n >= 6);
    vp_cmd_result a = vp_cmd_run(RUN " --digest </dev/null");
    vp_cmd_result b = vp_cmd_run("VP_FAULT_READ=short " RUN " --digest </dev/null");
    assert_int_equal(a.status, 0);
    assert_int_equal(b.status, 0);
    assert_string_equal(a.out, b.out);
    assert_string_equal(a.err, b.err); /* the digest line */
    vp_cmd_free(&a);
    vp_cmd_free(&b);
}

static void test_address_space_limit(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    print_message("not in the sanitizer build: AddressSanitizer cannot start under an address-space limit\n");
#else
    unsigned ok = 0, refused = 0;
    for (unsigned mib = 24; mib <= 400; mib += mib < 128 ? 16 : 8) {
        vp_cmd_result r = vp_cmd_run("ulimit -v %u; exec " RUN " </dev/null", mib * 1024);
        if (r.status == 0 && strstr(r.out, HELLO_OUT)) {
            ok++;
        } else if (r.status == 125 && lines(r.err) == 1 && !strncmp(r.err, "vpbridge: ", 10) &&
                   (strstr(r.err, "cannot allocate") || strstr(r.err, "out of memory") ||
                    strstr(r.err, "Cannot allocate memory") || strstr(r.err, "failed to allocate"))) {
            refused++;
        } else if (r.status == 127 && strstr(r.err, "error while loading shared libraries")) {
            refused++; /* the dynamic loader, before vpbridge's first instruction */
        } else {
            fail_msg("ulimit -v %u MiB: status %d, stdout:\n%s\nstderr:\n%s", mib, r.status, r.out, r.err);
        }
        if (getenv("VP_FAULT_VERBOSE"))
            print_message("%u MiB: %d %s", mib, r.status, r.err);
        vp_cmd_free(&r);
        if (ok >= 2)
            break;
    }
    print_message("ulimit -v: %u limits refused cleanly before the run fitted\n", refused);
    assert_true(refused >= 3);
    assert_int_equal(ok, 2);
#endif
}

/* Every output backend pointed at a full disk: a symbolic link to
 * /dev/full in a scratch directory (the link also shows that an output is
 * written in place: a writer that replaced the file by a rename would
 * replace the link, and, given /dev/full itself, the device node). */
static char g_dir[] = "/tmp/vp_fault_fullXXXXXX";

static const char *full(const char *name)
{
    static char path[8][256];
    static unsigned k;
    char *p = path[k++ % 8];
    snprintf(p, sizeof path[0], "%s/%s", g_dir, name);
    unlink(p);
    assert_int_equal(symlink("/dev/full", p), 0);
    return p;
}

static void expect_full(const char *cmd, int status, const char *link, const char *msg)
{
    vp_cmd_result r = vp_cmd_run("%s", cmd);
    if (r.status != status || !strstr(r.err, msg) || !strstr(r.err, "No space left on device"))
        fail_msg("%s\nexit %d (want %d), stderr:\n%s(want '%s')", cmd, r.status, status, r.err, msg);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    if (!S_ISLNK(st.st_mode))
        fail_msg("%s: the output replaced the symbolic link %s", cmd, link);
    assert_int_equal(stat("/dev/full", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    vp_cmd_free(&r);
}

static void test_full_disk(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(g_dir));
    char cmd[2048], msg[512];
    const char *l = full("stdout");
    snprintf(cmd, sizeof cmd, "sh -c '" RUN " </dev/null >%s'", l); /* vp_cmd_run's own >out applies to sh */
    expect_full(cmd, 125, l, "cannot write to stdout: ");

    l = full("w.vcd");
    snprintf(cmd, sizeof cmd, RUN " --vcd %s </dev/null", l);
    snprintf(msg, sizeof msg, "vpbridge: --vcd %s: cannot write: ", l);
    expect_full(cmd, 125, l, msg);

    l = full("p.txt");
    snprintf(cmd, sizeof cmd, RUN " --profile %s </dev/null", l);
    snprintf(msg, sizeof msg, "vpbridge: --profile %s: cannot write: ", l);
    expect_full(cmd, 125, l, msg);

    l = full("x.dtb");
    snprintf(cmd, sizeof cmd, VPBRIDGE " dumpdtb " RV32 " -o %s", l);
    snprintf(msg, sizeof msg, "vpbridge: -o %s: ", l);
    expect_full(cmd, 125, l, msg);

    /* FST is written with seeks: a device is refused at the start. Then a
     * file size limit of 32 KiB, which makes writes fail with EFBIG as a
     * full disk would, for VCD and FST (fstapi's own writes are watched by
     * bridge/fst_io.c); the interpreter, as the JIT's code cache is a file
     * too. */
    l = full("w.fst");
    snprintf(cmd, sizeof cmd, RUN " --fst %s </dev/null", l);
    vp_cmd_result r = vp_cmd_run("%s", cmd);
    snprintf(msg, sizeof msg, "vpbridge: --fst %s: not a regular file", l);
    if (r.status != 125 || !strstr(r.err, msg))
        fail_msg("%s\nexit %d, stderr:\n%s", cmd, r.status, r.err);
    vp_cmd_free(&r);
    for (unsigned i = 0; i < 2; i++) {
        const char *kind = i ? "fst" : "vcd";
        snprintf(cmd, sizeof cmd,
                 "sh -c 'trap \"\" XFSZ; ulimit -f 64; exec " VPBRIDGE " run " RV32 " --kernel " TIMERIRQ
                 " --accel interp --timeout 60 --%s %s/w2.%s </dev/null'",
                 kind, g_dir, kind);
        r = vp_cmd_run("%s", cmd);
        snprintf(msg, sizeof msg, "vpbridge: --%s %s/w2.%s: cannot write: File too large", kind, g_dir, kind);
        if (r.status != 125 || !strstr(r.err, msg))
            fail_msg("%s\nexit %d, stderr:\n%s(want '%s')", cmd, r.status, r.err, msg);
        vp_cmd_free(&r);
    }

    /* batch reports */
    char jobs[300];
    snprintf(jobs, sizeof jobs, "%s/jobs.yaml", g_dir);
    FILE *f = fopen(jobs, "w");
    assert_non_null(f);
    fprintf(f, "defaults: {platform: %s, timeout: 60s}\njobs:\n  - {name: hello, kernel: %s, expect: {exit: 0}}\n",
            RV32, HELLO);
    fclose(f);
    const char *opts[] = {"--json", "--junit"}, *names[] = {"r.json", "r.xml"};
    for (unsigned i = 0; i < 2; i++) {
        l = full(names[i]);
        snprintf(cmd, sizeof cmd, VPBRIDGE " batch %s -j 1 --out %s/logs %s %s </dev/null", jobs, g_dir, opts[i], l);
        snprintf(msg, sizeof msg, "vpbridge: batch: %s %s: cannot write: ", opts[i], l);
        expect_full(cmd, 125, l, msg);
    }
    /* batch-merge's reports, from a report that was written */
    r = vp_cmd_run(VPBRIDGE " batch %s -j 1 --out %s/logs --json %s/shard.json </dev/null", jobs, g_dir, g_dir);
    assert_int_equal(r.status, 0);
    vp_cmd_free(&r);
    const char *mnames[] = {"m.json", "m.xml"};
    for (unsigned i = 0; i < 2; i++) {
        l = full(mnames[i]);
        snprintf(cmd, sizeof cmd, VPBRIDGE " batch-merge %s %s %s/shard.json </dev/null", opts[i], l, g_dir);
        snprintf(msg, sizeof msg, "vpbridge: batch-merge: %s %s: cannot write: ", opts[i], l);
        expect_full(cmd, 2, l, msg);
    }
    vp_cmd_result c = vp_cmd_run("rm -rf %s", g_dir);
    vp_cmd_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_sweep),
        cmocka_unit_test(test_read_sweep),
        cmocka_unit_test(test_address_space_limit),
        cmocka_unit_test(test_full_disk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
