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
#include <string.h>
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

#if defined(__SANITIZE_ADDRESS__)
#define FORK_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FORK_TEST_SANITIZED 1
#endif
#endif
#ifdef FORK_TEST_SANITIZED
#include <sanitizer/lsan_interface.h>
#endif

#ifdef FORK_TEST_SANITIZED
/* LeakSanitizer loses track of the main thread's stack once SystemC has
 * switched to a coroutine stack, and then reports what only the parent's
 * (cmocka's) frames hold. This names the live part of the main stack, from
 * the caller's frame up to the end of [stack], as a root region. */
static inline void fork_test_root_main_stack(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return;
    char line[512];
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    while (fgets(line, sizeof line, f)) {
        unsigned long b = 0, e = 0;
        if (strstr(line, "[stack]") && sscanf(line, "%lx-%lx", &b, &e) == 2 && here >= b &&
            here < e) {
            __lsan_register_root_region((void *)here, e - here);
            break;
        }
    }
    fclose(f);
}
#endif

/* Runs body() in a child; the test passes if the child exits with 0.
 * Under ASan the child runs LeakSanitizer's check itself right after the
 * body and leaves with _exit (status 23 on a leak): the check at exit ran
 * after SystemC's static destructors had unmapped coroutine stacks, and its
 * tracer faulted on one now and then (one run in three of test_rtl_crc).
 * Without ASan the child leaves with exit(0). */
static inline void run_forked(void (*body)(void))
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        body();
        fflush(stdout);
#ifdef FORK_TEST_SANITIZED
        fflush(stderr);
        fork_test_root_main_stack();
        _exit(__lsan_do_recoverable_leak_check() ? 23 : 0);
#else
        exit(0);
#endif
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    if (!WIFEXITED(st))
        fprintf(stderr, "child killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

#endif /* VP_TESTS_FORK_TEST_H */
