/* SPDX-License-Identifier: Apache-2.0 */
/* fork_test.h - runs a test body in a child process (the SystemC kernel can
 * be elaborated and started only once per process) and checks it from the
 * cmocka test in the parent. Inside the child use CHECK*, not assert_*. */
#ifndef VP_TESTS_FORK_TEST_H
#define VP_TESTS_FORK_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
#include <cmocka.h>
#ifdef __cplusplus
}
#endif
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Fails the child (exit status 1) with the condition and its location. */
#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
            fflush(stderr);                                                            \
            _exit(1);                                                                  \
        }                                                                              \
    } while (0)

#define CHECK_EQ(a, b)                                                                         \
    do {                                                                                       \
        unsigned long long va_ = (unsigned long long)(a), vb_ = (unsigned long long)(b);       \
        if (va_ != vb_) {                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%llu != %llu)\n", __FILE__,       \
                    __LINE__, #a, #b, va_, vb_);                                               \
            fflush(stderr);                                                                    \
            _exit(1);                                                                          \
        }                                                                                      \
    } while (0)

/* LeakSanitizer loses track of the main stack once SystemC has switched
 * coroutine stacks, and then reports cmocka's own test-state allocation
 * (held by the parent's frames) in the forked child. Only that is ignored. */
#ifdef __cplusplus
extern "C"
#endif
    __attribute__((visibility("default"), used)) const char *
    __lsan_default_suppressions(void)
{
    return "leak:libcmocka.so\n";
}

/* Runs body() in a child; the test passes if the child exits with 0.
 * The child leaves with exit(0) so that LeakSanitizer checks it. */
static inline void run_forked(void (*body)(void))
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        body();
        fflush(stdout);
        exit(0);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    if (!WIFEXITED(st))
        fprintf(stderr, "child killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

#endif /* VP_TESTS_FORK_TEST_H */
