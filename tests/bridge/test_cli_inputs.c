/* SPDX-License-Identifier: Apache-2.0 */
/* test_cli_inputs.c - the vpbridge command on bad input files (FIFOs,
 * devices, directories as kernel, platform, ROM image or module library:
 * one line, exit 125, never a hang), a platform named by a relative path,
 * and listings that report what a run would (`modules`, `device TYPE`). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define RV32_YAML VP_SOURCE_DIR "/platforms/virt-rv32.yaml"

typedef struct result {
    int status; /* exit status, or -signal (SIGALRM: it hung) */
    char out[65536];
    char err[65536];
} result;

static char g_dir[64]; /* per-test scratch directory */

static void slurp(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0;
    if (f) {
        n = fread(buf, 1, size - 1, f);
        fclose(f);
    }
    buf[n] = '\0';
}

/* Runs vpbridge in `cwd` (NULL: ours) with the NULL-terminated args; a
 * child still running after 20 s is killed by SIGALRM. */
static result *run_in(const char *cwd, const char *const *args)
{
    static result r;
    char out[128], err[128];
    snprintf(out, sizeof out, "%s/.out", g_dir);
    snprintf(err, sizeof err, "%s/.err", g_dir);
    const char *argv[32] = {VPBRIDGE};
    size_t n = 1;
    for (; args[n - 1] && n < 31; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    fflush(stdout);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fo, 1);
        dup2(fe, 2);
        if (cwd && chdir(cwd) != 0)
            _exit(98);
        alarm(20);
        execv(VPBRIDGE, (char *const *)argv);
        _exit(99);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
    slurp(out, r.out, sizeof r.out);
    slurp(err, r.err, sizeof r.err);
    unlink(out);
    unlink(err);
    return &r;
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define run(...) run_in(NULL, ARGS(__VA_ARGS__))

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Exit 125 with exactly one stderr line "vpbridge: ..." holding `what`. */
static void expect_one_line_125(const result *r, const char *what)
{
    if (r->status != 125 || !strstr(r->err, what) || count_lines(r->err) != 1)
        fprintf(stderr, "status %d, stderr: %s\n", r->status, r->err);
    assert_int_equal(r->status, 125);
    assert_int_equal(count_lines(r->err), 1);
    assert_memory_equal(r->err, "vpbridge: ", 10);
    assert_non_null(strstr(r->err, what));
}

static char *in_dir(const char *name)
{
    static char path[4][256];
    static int k;
    char *p = path[k++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", g_dir, name);
    return p;
}

static void write_file(const char *name, const char *text)
{
    FILE *f = fopen(in_dir(name), "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/vpinXXXXXX");
    assert_non_null(mkdtemp(g_dir));
    assert_int_equal(mkfifo(in_dir("fifo"), 0600), 0);
    assert_int_equal(mkdir(in_dir("dir"), 0700), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_cli_inputs_kernel_not_regular(void **state)
{
    (void)state;
    char want[300];
    snprintf(want, sizeof want, "%s: not a regular file", in_dir("fifo"));
    expect_one_line_125(run("run", RV32_YAML, "--kernel", in_dir("fifo"), "--max-time", "1ms"), want);
    expect_one_line_125(run("run", RV32_YAML, "--kernel", "/dev/zero", "--max-time", "1ms"),
                        "/dev/zero: not a regular file");
    snprintf(want, sizeof want, "%s: not a regular file", in_dir("dir"));
    expect_one_line_125(run("run", RV32_YAML, "--kernel", in_dir("dir"), "--max-time", "1ms"), want);
}

static void test_cli_inputs_platform_not_regular(void **state)
{
    (void)state;
    char want[300];
    snprintf(want, sizeof want, "%s: not a regular file", in_dir("fifo"));
    expect_one_line_125(run("check", in_dir("fifo")), want);
}

static const char board[] = "name: b\n"
                            "cpus: {isa: rv32imac}\n"
                            "memory:\n"
                            "  - {name: boot, base: 0x1000, size: 4KiB, type: rom, image: %s}\n"
                            "  - {name: ram, base: 0x80000000, size: 1MiB}\n";

static void test_cli_inputs_rom_image(void **state)
{
    (void)state;
    char text[512];
    /* a FIFO, a device, a directory as the image: refused when built */
    const char *bad[] = {"fifo", "/dev/zero", "dir"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(text, sizeof text, board, bad[i]);
        write_file("bad.yaml", text);
        result *r = run("check", in_dir("bad.yaml"));
        expect_one_line_125(r, "bad.yaml:4:62: image: ");
        assert_non_null(strstr(r->err, ": not a regular file"));
    }
    /* the board named by a relative path, from its own directory: the
     * image is found next to it and loaded, with no GLib warning */
    snprintf(text, sizeof text, board, "rom.bin");
    write_file("board.yaml", text);
    write_file("rom.bin", "ROMDATA!");
    result *r = run_in(g_dir, ARGS("check", "board.yaml"));
    if (r->status != 0)
        fprintf(stderr, "%s", r->err);
    assert_int_equal(r->status, 0);
    assert_string_equal(r->err, "");
    assert_non_null(strstr(r->out, in_dir("rom.bin")));
}

static void test_cli_inputs_module_library_not_regular(void **state)
{
    (void)state;
    write_file("fifo.modinfo.yaml", "modules:\n"
                                    "  - {name: fifomod, library: fifo, side: emulator, objs: [fifodev], abi: \"1.1\"}\n");
    result *r = run("device", "fifodev", "--add-modinfo", in_dir("fifo.modinfo.yaml"));
    expect_one_line_125(r, "module 'fifomod' (");
    assert_non_null(strstr(r->err, "fifo.modinfo.yaml:2:5): library "));
    assert_non_null(strstr(r->err, "/fifo: not a regular file"));
}

/* `modules` loads what it lists, as a run would: a dependency cycle or a
 * missing dependency is listed under the module and the exit is 125. */
static void test_cli_inputs_modules_reports_cycles(void **state)
{
    (void)state;
    write_file("cyc.modinfo.yaml",
               "modules:\n"
               "  - {name: cyc_a, library: liba.so, side: emulator, objs: [cyc_a_dev], deps: [cyc_b], abi: \"1.1\"}\n"
               "  - {name: cyc_b, library: libb.so, side: emulator, objs: [cyc_b_dev], deps: [cyc_a], abi: \"1.1\"}\n"
               "  - {name: lone, library: libl.so, side: emulator, objs: [lone_dev], deps: [nothere], abi: \"1.1\"}\n");
    result *r = run("modules", "--add-modinfo", in_dir("cyc.modinfo.yaml"));
    if (r->status != 125)
        fprintf(stderr, "status %d\n%s%s", r->status, r->out, r->err);
    assert_int_equal(r->status, 125);
    assert_non_null(strstr(r->out, "MODULE"));
    assert_non_null(strstr(r->out, "ns16550a")); /* still the whole list */
    assert_non_null(strstr(r->out, "dependency cycle: cyc_a -> cyc_b -> cyc_a"));
    assert_non_null(strstr(r->out, "dependency cycle: cyc_b -> cyc_a -> cyc_b"));
    assert_non_null(strstr(r->out, "dependency 'nothere' is not in any manifest"));
    /* the built-in modules alone load: exit 0, no problem lines */
    r = run("modules");
    assert_int_equal(r->status, 0);
    assert_null(strstr(r->out, "  ! "));
}

/* `device TYPE` loads the type's module even when its manifest declares
 * the options, so the ports are shown (tm_optok: opts in the manifest). */
static void test_cli_inputs_device_shows_ports(void **state)
{
    (void)state;
    result *r = run("device", "tm_optok_dev", "--add-modinfo", TM_DIR "/tm.modinfo.yaml");
    if (r->status != 0)
        fprintf(stderr, "%s", r->err);
    assert_int_equal(r->status, 0);
    assert_non_null(strstr(r->out, "ports:"));
    assert_non_null(strstr(r->out, "two outputs"));
    assert_non_null(strstr(r->out, "fast|slow"));
    /* a module that does not load: its manifest text, then the error */
    r = run("device", "crc32", "--add-modinfo", VP_SOURCE_DIR "/tests/modinfo/data/opts_good.modinfo.yaml");
    expect_one_line_125(r, "libcrc_not_built.so: file not found");
    assert_non_null(strstr(r->out, "poly"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cli_inputs_kernel_not_regular, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_inputs_platform_not_regular, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_inputs_rom_image, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_inputs_module_library_not_regular, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_inputs_modules_reports_cycles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_inputs_device_shows_ports, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
