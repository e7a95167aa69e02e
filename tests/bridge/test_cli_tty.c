/* SPDX-License-Identifier: Apache-2.0 */
/* test_cli_tty.c - `vpbridge run` with stdin a terminal (a pseudo-terminal
 * whose session vpbridge leads): the terminal is in character mode (no
 * ICANON, no ECHO) while the guest runs, and it is restored on each way
 * out: the end of the run (--timeout), SIGTERM, a second SIGTERM, SIGQUIT,
 * and while stopped by SIGTSTP (set again after SIGCONT).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define FOREVER VP_BRIDGE_FW_DIR "/rv32/forever.elf"

typedef struct tty_run {
    pid_t pid;
    int master, slave; /* the parent's descriptors */
} tty_run;

static tty_run start(const char *timeout)
{
    tty_run r;
    r.master = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(r.master >= 0);
    assert_int_equal(grantpt(r.master), 0);
    assert_int_equal(unlockpt(r.master), 0);
    char name[128];
    assert_int_equal(ptsname_r(r.master, name, sizeof name), 0);
    r.slave = open(name, O_RDWR | O_NOCTTY);
    assert_true(r.slave >= 0);
    r.pid = fork();
    assert_true(r.pid >= 0);
    if (r.pid == 0) {
        setsid();
        int fd = open(name, O_RDWR); /* the session's controlling terminal */
        if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) != 0)
            _exit(99);
        dup2(fd, 0);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(VPBRIDGE, VPBRIDGE, "run", VP_SOURCE_DIR "/platforms/virt-rv32.yaml", "--kernel", FOREVER, "--timeout",
              timeout, (char *)NULL);
        _exit(98);
    }
    return r;
}

static bool canonical(const tty_run *r)
{
    struct termios t;
    assert_int_equal(tcgetattr(r->slave, &t), 0);
    return (t.c_lflag & (ICANON | ECHO)) == (ICANON | ECHO);
}

/* Waits up to 10 s for the terminal to leave (or regain) canonical mode. */
static void wait_mode(const tty_run *r, bool want_canonical, const char *when)
{
    for (int i = 0; i < 1000; i++) {
        if (canonical(r) == want_canonical)
            return;
        usleep(10000);
    }
    fail_msg("%s: the terminal is %s", when, want_canonical ? "still in character mode" : "still canonical");
}

static int finish(tty_run *r)
{
    int st = 0;
    assert_int_equal(waitpid(r->pid, &st, 0), r->pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void close_run(tty_run *r)
{
    close(r->slave);
    close(r->master);
}

static void test_tty_char_mode_then_restored_at_the_end(void **state)
{
    (void)state;
    tty_run r = start("2");
    wait_mode(&r, false, "during the run");
    assert_int_equal(finish(&r), 124);
    assert_true(canonical(&r));
    close_run(&r);
}

static void test_tty_restored_after_signals(void **state)
{
    (void)state;
    struct { int sig; int times; int status; } cases[] = {
        {SIGTERM, 1, 143}, {SIGTERM, 2, -1}, {SIGQUIT, 1, 128 + SIGQUIT}, {SIGHUP, 1, 128 + SIGHUP},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tty_run r = start("30");
        wait_mode(&r, false, "before the signal");
        for (int k = 0; k < cases[i].times; k++)
            kill(r.pid, cases[i].sig);
        int status = finish(&r);
        if (cases[i].status >= 0)
            assert_int_equal(status, cases[i].status);
        else /* the second signal kills (or the first had already ended the run) */
            assert_true(status == 143 || status == 128 + SIGTERM);
        if (!canonical(&r))
            fail_msg("signal %d x%d: the terminal was left in character mode", cases[i].sig, cases[i].times);
        close_run(&r);
    }
}

static void test_tty_restored_while_stopped(void **state)
{
    (void)state;
    tty_run r = start("30");
    wait_mode(&r, false, "before SIGTSTP");
    kill(r.pid, SIGTSTP);
    wait_mode(&r, true, "stopped by SIGTSTP");
    kill(r.pid, SIGCONT);
    wait_mode(&r, false, "after SIGCONT");
    kill(r.pid, SIGTERM);
    assert_int_equal(finish(&r), 143);
    assert_true(canonical(&r));
    close_run(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tty_char_mode_then_restored_at_the_end),
        cmocka_unit_test(test_tty_restored_after_signals),
        cmocka_unit_test(test_tty_restored_while_stopped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
