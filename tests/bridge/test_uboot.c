/* SPDX-License-Identifier: Apache-2.0 */
/* test_uboot.c - Debian's M-mode U-Boot (u-boot-qemu,
 * /usr/lib/u-boot/qemu-riscv64/u-boot.bin, a raw image) boots on
 * virt-rv64.yaml with `--bios none --kernel u-boot.bin` to its `=>` prompt;
 * a scripted console (a pipe, each command written when the prompt shows)
 * runs version, bdinfo, md, crc32, `fdt print /cpus` and poweroff, which
 * ends the run with exit 0. The same session on QEMU 7.2 (-cpu with our
 * harts' extensions) gives the same output where the boards do not differ
 * (docs/boot.md lists what does: the tree's address and size, flash).
 * Then the same session through OpenSBI's fw_jump and the S-mode U-Boot
 * on virt-rv64gc.yaml. U-Boot, OpenSBI or QEMU missing is a failure, not
 * a skip.
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define UBOOT "/usr/lib/u-boot/qemu-riscv64/u-boot.bin"
#define UBOOT_S "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
#define FW_JUMP "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"
#define PROMPT "\n=> " /* not the "==> " of crc32 */
#define NCMD 6
#define OUTMAX (1 << 20)

/* The session for M-mode U-Boot, which may read all of RAM. */
static const char *const cmds_mmode[NCMD] = {
    "version", "bdinfo", "md 0x80000000 8", "crc32 0x80000000 0x1000", "fdt addr $fdtcontroladdr; fdt print /cpus",
    "poweroff",
};
/* Under OpenSBI, S-mode U-Boot may not read OpenSBI's own region at the
 * start of RAM (PMP denies it, on QEMU too): the memory commands read
 * U-Boot's image at 0x80200000 instead. */
static const char *const cmds_smode[NCMD] = {
    "version", "bdinfo", "md 0x80200000 8", "crc32 0x80200000 0x1000", "fdt addr $fdtcontroladdr; fdt print /cpus",
    "poweroff",
};
static const char *const *cmds = cmds_mmode; /* the session being run */

typedef struct session {
    char *out;           /* everything the console printed */
    size_t len;
    size_t at[NCMD + 1]; /* where each command's echo starts; at[NCMD] = end */
    int status;
} session;

/* Reads from fd into s until `until` appears after offset `from` (or EOF
 * when NULL); false on timeout or EOF first. */
static bool read_until(int fd, session *s, size_t from, const char *until, time_t deadline)
{
    for (;;) {
        if (until && s->len > from && strstr(s->out + from, until))
            return true;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int left = (int)(deadline - time(NULL));
        if (left <= 0 || poll(&p, 1, left * 1000) <= 0)
            return false;
        ssize_t n = read(fd, s->out + s->len, OUTMAX - 1 - s->len);
        if (n <= 0)
            return until == NULL;
        s->len += (size_t)n;
        s->out[s->len] = '\0';
    }
}

/* Runs `cmd` (sh -c), typing each command when the prompt shows. */
static void run_session(const char *cmd, session *s)
{
    int in[2], out[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    signal(SIGPIPE, SIG_IGN);
    s->out = calloc(1, OUTMAX);
    s->len = 0;
    time_t deadline = time(NULL) + UBOOT_LIMIT;
    size_t from = 0;
    for (unsigned i = 0; i < NCMD; i++) {
        if (!read_until(out[0], s, from, PROMPT, deadline)) {
            kill(pid, SIGKILL);
            fail_msg("%s: no prompt before '%s'; output so far:\n%s", cmd, cmds[i], s->out);
        }
        s->at[i] = s->len;
        from = s->len;
        dprintf(in[1], "%s\n", cmds[i]);
    }
    read_until(out[0], s, from, NULL, deadline);
    s->at[NCMD] = s->len;
    close(in[1]);
    close(out[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    s->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Command i's output (its echo line up to the next prompt), malloc'ed. */
static char *cmd_out(const session *s, unsigned i)
{
    size_t a = s->at[i], b = s->at[i + 1];
    char *t = strndup(s->out + a, b - a);
    char *prompt = strstr(t, PROMPT);
    if (prompt && i + 1 < NCMD)
        prompt[1] = '\0';
    return t;
}

/* The lines of `text` starting with one of `keys` (bdinfo's board-neutral ones). */
static char *lines_with(const char *text, const char *const *keys)
{
    char *r = calloc(1, strlen(text) + 1);
    for (const char *l = text; *l;) {
        const char *e = strchr(l, '\n');
        size_t n = e ? (size_t)(e - l + 1) : strlen(l);
        for (const char *const *k = keys; *k; k++)
            if (!strncmp(l, *k, strlen(*k)))
                strncat(r, l, n);
        l += n;
    }
    return r;
}

static void need(const char *what, const char *check)
{
    if (system(check) != 0)
        fail_msg("%s is missing (tools/setup.sh installs it)", what);
}

/* Runs the session on vpbridge (`vp_args` after `run`) and on QEMU (`qemu_args`)
 * and compares each command's output where the boards do not differ. */
static void compare_sessions(const char *const *session_cmds, const char *vp_args, const char *qemu_args)
{
    cmds = session_cmds;
    char cmd[2048];
    session v, q;
    snprintf(cmd, sizeof cmd, "%s run %s --timeout %d", VPBRIDGE, vp_args, UBOOT_LIMIT - 10);
    run_session(cmd, &v);
    assert_int_equal(v.status, 0); /* poweroff: syscon-poweroff on the test device */
    snprintf(cmd, sizeof cmd, "timeout %d qemu-system-riscv64 -M virt -m 128M -smp 1 -nographic -monitor none "
             "-serial stdio %s", UBOOT_LIMIT - 10, qemu_args);
    run_session(cmd, &q);
    assert_int_equal(q.status, 0);
    for (unsigned i = 0; i < NCMD; i++) {
        char *a = cmd_out(&v, i), *b = cmd_out(&q, i);
        print_message("--- %s\n%s", cmds[i], a);
        if (i == 1) { /* bdinfo: the lines that do not depend on the tree's size or on flash */
            static const char *const keys[] = {"boot_params", "DRAM bank", "-> start", "-> size", "baudrate",
                                               "Build", " memory", "devicetree", NULL};
            char *la = lines_with(a, keys), *lb = lines_with(b, keys);
            free(a), free(b);
            a = la, b = lb;
        }
        if (i == 4) { /* fdt print: the first line names the tree's address */
            char *wa = strstr(a, "Working FDT"), *wb = strstr(b, "Working FDT");
            assert_non_null(wa);
            assert_non_null(wb);
            char *na = strchr(wa, '\n'), *nb = strchr(wb, '\n');
            assert_non_null(na);
            assert_non_null(nb);
            memmove(a, na, strlen(na) + 1);
            memmove(b, nb, strlen(nb) + 1);
            /* QEMU 7.2 says riscv,sv48 for RV64 harts with an MMU; ours implement Sv39 (docs/boot.md). */
            for (char *m = strstr(b, "riscv,sv48"); m; m = strstr(m, "riscv,sv48"))
                memcpy(m, "riscv,sv39", 10);
        }
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    assert_non_null(strstr(v.out, "U-Boot 2023.01"));
    free(v.out);
    free(q.out);
}

/* QEMU's -cpu for harts like ours: RV64 with S-mode and an MMU; F and D as given. */
#define QEMU_CPU(fd) "-cpu rv64,h=false,f=" fd ",d=" fd ",s=true,zba=false,zbb=false,zbc=false,zbs=false," \
                     "sstc=false,Zihintpause=false,mmu=true "

static void test_uboot_mmode_session_like_qemu(void **state)
{
    (void)state;
    need(UBOOT " (u-boot-qemu)", "test -r " UBOOT);
    need("qemu-system-riscv64", "command -v qemu-system-riscv64 >/dev/null");
    compare_sessions(cmds_mmode, VP_SOURCE_DIR "/platforms/virt-rv64.yaml --bios none --kernel " UBOOT,
                     QEMU_CPU("false") "-bios none -kernel " UBOOT);
}

/* OpenSBI's fw_jump in M-mode, then the S-mode U-Boot it jumps to, on the
 * RV64GC board: the same session, the same outputs. */
static void test_uboot_opensbi_smode_session_like_qemu(void **state)
{
    (void)state;
    need(FW_JUMP " (opensbi)", "test -r " FW_JUMP);
    need(UBOOT_S " (u-boot-qemu)", "test -r " UBOOT_S);
    need("qemu-system-riscv64", "command -v qemu-system-riscv64 >/dev/null");
    compare_sessions(cmds_smode, VP_SOURCE_DIR "/platforms/virt-rv64gc.yaml --bios " FW_JUMP " --kernel " UBOOT_S,
                     QEMU_CPU("true") "-bios " FW_JUMP " -kernel " UBOOT_S);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uboot_mmode_session_like_qemu),
        cmocka_unit_test(test_uboot_opensbi_smode_session_like_qemu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
