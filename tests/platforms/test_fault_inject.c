/* SPDX-License-Identifier: Apache-2.0 */
/* test_fault_inject.c - allocation and read failures injected into a whole
 * set-up: a standard board loaded (YAML, module manifests), built (RAM,
 * devices), booted (firmware ELF, raw kernel, initrd, generated or given
 * device tree) and its device tree made. Every failure must end the set-up
 * with one clean error naming what failed; the sanitizer build's
 * LeakSanitizer checks that nothing leaks on any of those paths. Short
 * reads must change nothing at all. (common/src/alloc_int.h, fault_int.h;
 * docs/reliability.md)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "alloc_int.h"
#include "fault_int.h"
#include "pf_test.h"

#define MIB (1024ull * 1024ull)

typedef struct scenario {
    const char *board;  /* in platforms/ */
    char *bios, *kernel, *initrd, *dtb;
} scenario;

static char *tmp_bytes(size_t size, uint8_t fill)
{
    char *path = strdup("/tmp/vp_test_fault_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    uint8_t *buf = malloc(size);
    for (size_t i = 0; i < size; i++)
        buf[i] = (uint8_t)(fill + i * 7);
    assert_int_equal(write(fd, buf, size), (ssize_t)size);
    free(buf);
    close(fd);
    return path;
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const uint8_t *b = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

/* The whole set-up; on success *digest covers the device tree, the first
 * 8 MiB of RAM (firmware, kernel) and hart 0's pc and a0..a2. */
static int run(const scenario *s, uint64_t *digest, vp_error **err)
{
    static pf_fake_host host;
    static vp_platform_host h = {sizeof(h), VP_PLATFORM_ABI, pf_fake_exit, &host};
    char path[512];
    snprintf(path, sizeof path, "%s/platforms/%s", VP_SOURCE_DIR, s->board);
    vp_platform_options o = {sizeof(o), VP_PLATFORM_ABI, NULL, NULL, VP_CPU_ACCEL_INTERP, 0, NULL, 0};
    vp_platform *p = vp_platform_load(path, &o, err);
    int rc = p ? vp_platform_build(p, clock_stub_get(pf_clock()), &h, err) : -1;
    if (!rc) {
        vp_platform_boot b = {sizeof(b), VP_PLATFORM_ABI, s->bios, s->kernel, s->initrd, "console=ttyS0 quiet",
                              s->dtb};
        rc = vp_platform_boot_load(p, &b, err);
    }
    void *blob = NULL;
    size_t n = 0;
    if (!rc)
        rc = vp_platform_dtb(p, "console=ttyS0", &blob, &n, err);
    if (!rc) {
        uint64_t d = fnv(0xcbf29ce484222325ull, blob, n);
        static uint8_t ram[8 * MIB];
        tlmc_payload pl;
        tlmc_payload_init(&pl, TLMC_READ, 0x80000000ull, ram, sizeof ram);
        assert_int_equal(tlmc_transport_dbg(tlmc_router_target(vp_platform_router(p)), &pl), sizeof ram);
        d = fnv(d, ram, sizeof ram);
        vp_cpu *c = vp_platform_cpu(p, 0);
        uint64_t regs[4] = {vp_cpu_get_pc(c), vp_cpu_get_reg(c, 10), vp_cpu_get_reg(c, 11), vp_cpu_get_reg(c, 12)};
        *digest = fnv(d, regs, sizeof regs);
    }
    free(blob);
    vp_platform_destroy(p);
    return rc;
}

static void expect_one_line(const vp_error *err, const char *piece)
{
    assert_non_null(err);
    assert_true(err->msg[0] != '\0');
    if (strchr(err->msg, '\n'))
        fail_msg("message of more than one line: '%s'", err->msg);
    if (!strstr(err->msg, piece))
        fail_msg("message '%s' lacks '%s'", err->msg, piece);
}

static scenario make(const char *board, bool is64, bool with_dtb)
{
    seg segs[] = {{0x80000000ull, 0x3000, 0x4000, 0x5a}};
    elfspec e = {.is64 = is64, .machine = 243, .type = 2, .entry = 0x80000000ull, .segs = segs, .nsegs = 1};
    scenario s = {board, pf_write_elf(&e), tmp_bytes(0x2000, 0x11), tmp_bytes(0x1800, 0x22), NULL};
    if (with_dtb) { /* the board's own tree, given back with --dtb (the other copy path) */
        uint64_t d;
        vp_error *err = NULL;
        if (run(&s, &d, &err))
            fail_msg("%s", err->msg);
        char path[512];
        snprintf(path, sizeof path, "%s/platforms/%s", VP_SOURCE_DIR, board);
        vp_platform_options o = {sizeof(o), VP_PLATFORM_ABI, NULL, NULL, VP_CPU_ACCEL_INTERP, 0, NULL, 0};
        vp_platform *p = vp_platform_load(path, &o, &err);
        static pf_fake_host host;
        vp_platform_host h = {sizeof(h), VP_PLATFORM_ABI, pf_fake_exit, &host};
        assert_int_equal(vp_platform_build(p, clock_stub_get(pf_clock()), &h, &err), 0);
        void *blob;
        size_t n;
        assert_int_equal(vp_platform_dtb(p, NULL, &blob, &n, &err), 0);
        s.dtb = strdup("/tmp/vp_test_fault_dtb_XXXXXX");
        int fd = mkstemp(s.dtb);
        assert_int_equal(write(fd, blob, n), (ssize_t)n);
        close(fd);
        free(blob);
        vp_platform_destroy(p);
    }
    return s;
}

static void unmake(scenario *s)
{
    char *files[] = {s->bios, s->kernel, s->initrd, s->dtb};
    for (unsigned i = 0; i < 4; i++)
        if (files[i]) {
            unlink(files[i]);
            free(files[i]);
        }
}

/* One kind of fault: arm the n-th (0: disarm), did it come, what its
 * error says. */
typedef struct fault_kind {
    const char *name;
    void (*arm)(uint64_t n);
    bool (*fired)(void);
    const char *pieces[2];
} fault_kind;

static void arm_alloc(uint64_t n) { vp_alloc_fail_at(n); }
static void arm_read(uint64_t n) { vp_fault_read_set(0, n, n ? EIO : 0); }

static const fault_kind k_alloc = {"alloc", arm_alloc, vp_alloc_fault_fired, {"cannot allocate", NULL}};
static const fault_kind k_read = {"read", arm_read, vp_fault_read_fired,
                                  {"read error after 0 of its", "Input/output error"}};

/* Fails fault 1, 2, 3, ... of the set-up until it runs through without
 * one (and then gives the platform of `want`); returns how many failed. */
static unsigned fault_sweep(const scenario *s, uint64_t want, const fault_kind *k)
{
    unsigned failed = 0;
    for (uint64_t n = 1;; n++) {
        assert_true(n < 10000);
        vp_error *err = NULL;
        uint64_t d = 0;
        k->arm(n);
        int rc = run(s, &d, &err);
        bool fired = k->fired();
        k->arm(0);
        if (!fired) {
            if (rc)
                fail_msg("no fault injected, yet: %s", err->msg);
            assert_int_equal(d, want);
            break;
        }
        if (rc == 0)
            fail_msg("%s %llu failed, and the set-up went on as if nothing happened", k->name,
                     (unsigned long long)n);
        for (unsigned i = 0; i < 2 && k->pieces[i]; i++)
            expect_one_line(err, k->pieces[i]);
        if (n <= 3 || getenv("VP_FAULT_VERBOSE"))
            print_message("%s %llu: %s\n", k->name, (unsigned long long)n, err->msg);
        vp_error_free(err);
        failed++;
    }
    return failed;
}

static void sweep(const char *board, bool is64, bool with_dtb)
{
    scenario s = make(board, is64, with_dtb);
    uint64_t want = 0;
    vp_error *err = NULL;
    if (run(&s, &want, &err))
        fail_msg("%s", err->msg);

    unsigned allocs = fault_sweep(&s, want, &k_alloc);
    /* the YAML, each module manifest, RAM, three images (four with --dtb),
     * the tree twice, the blob: a sweep that failed fewer has lost sites */
    print_message("%s%s: %u allocations failed in turn, each one clean error\n", board,
                  with_dtb ? " --dtb" : "", allocs);
    assert_true(allocs >= 8);

    unsigned reads = fault_sweep(&s, want, &k_read);
    print_message("%s%s: %u reads failed in turn, each one clean error\n", board, with_dtb ? " --dtb" : "", reads);
    assert_true(reads >= 5);

    /* short reads: the same platform, byte for byte */
    vp_fault_read_set(3, 0, 0);
    uint64_t d = 0;
    if (run(&s, &d, &err))
        fail_msg("with short reads: %s", err->msg);
    vp_fault_read_set(0, 0, 0);
    assert_int_equal(d, want);
    unmake(&s);
}

static void test_virt_rv64gc(void **state)
{
    (void)state;
    sweep("virt-rv64gc.yaml", true, false);
}

static void test_virt_rv32_with_dtb(void **state)
{
    (void)state;
    sweep("virt-rv32.yaml", false, true);
}

/* A file that ends before its size (it shrank between fstat and read) is
 * an error naming how far the read got, not a shorter image; a read error
 * midway says the same. */
static void test_file_ends_early(void **state)
{
    (void)state;
    char *f = tmp_bytes(100, 1);
    char *data = NULL;
    size_t n = 0;
    vp_error *err = NULL;
    vp_fault_read_set(30, 3, 0); /* 30 + 30, then end of file */
    assert_int_equal(vp_file_read(f, 1000, &data, &n, &err), VP_EIO);
    assert_null(data);
    char want[600];
    snprintf(want, sizeof want, "%s: ended after 60 of its 100 bytes (it changed while being read)", f);
    assert_string_equal(err->msg, want);
    vp_error_free(err);
    err = NULL;
    vp_fault_read_set(30, 2, EIO);
    assert_int_equal(vp_file_read(f, 1000, &data, &n, &err), VP_EIO);
    snprintf(want, sizeof want, "%s: read error after 30 of its 100 bytes: %s", f, strerror(EIO));
    assert_string_equal(err->msg, want);
    vp_error_free(err);
    vp_fault_read_set(0, 0, 0);
    unlink(f);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_virt_rv64gc),
        cmocka_unit_test(test_virt_rv32_with_dtb),
        cmocka_unit_test(test_file_ends_early),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pf_cleanup();
    return rc;
}
