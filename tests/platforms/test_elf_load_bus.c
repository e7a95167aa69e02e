/* SPDX-License-Identifier: Apache-2.0 */
/* test_elf_load_bus.c - vp_elf_load, the ELF loader on a bare tlmc_target
 * (no platform): segments and bss land through debug transport only,
 * entry and tohost are reported, a target answering in small pieces still
 * receives everything, and bad files / segments the bus does not take fail
 * with the platform loader's messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pf_test.h"

#define MEM_BASE 0x80000000u
#define MEM_SIZE 0x10000u

/* A memory at [MEM_BASE, MEM_BASE + MEM_SIZE) that only does debug transport. */
typedef struct test_mem {
    uint8_t bytes[MEM_SIZE];
    uint32_t max_answer; /* answer at most this many bytes per call; 0 = all */
    unsigned dbg_calls, timed_calls;
} test_mem;

static uint32_t mem_dbg(void *opaque, tlmc_payload *p)
{
    test_mem *m = opaque;
    m->dbg_calls++;
    if (p->address < MEM_BASE || p->address - MEM_BASE >= MEM_SIZE)
        return 0;
    uint64_t off = p->address - MEM_BASE, n = p->length;
    if (n > MEM_SIZE - off)
        n = MEM_SIZE - off; /* the rest is outside: a short answer */
    if (m->max_answer && n > m->max_answer)
        n = m->max_answer;
    if (p->command == TLMC_WRITE)
        memcpy(m->bytes + off, p->data, n);
    else if (p->command == TLMC_READ)
        memcpy(p->data, m->bytes + off, n);
    return (uint32_t)n;
}

static void mem_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    (void)delay;
    ((test_mem *)opaque)->timed_calls++;
    p->response = TLMC_GENERIC_ERROR_RESPONSE;
}

static const tlmc_target_ops mem_ops = {sizeof(tlmc_target_ops), TLMC_ABI, mem_b_transport, mem_dbg, NULL};

static tlmc_target mem_target(test_mem *m)
{
    tlmc_target t;
    memset(&t, 0, sizeof(t));
    t.ops = &mem_ops;
    t.opaque = m;
    t.name = "test_mem";
    return t;
}

static int load(test_mem *m, const elfspec *s, unsigned xlen, uint64_t *entry, uint64_t *tohost, vp_error **err)
{
    tlmc_target t = mem_target(m);
    char *path = pf_write_elf(s);
    int rc = vp_elf_load(&t, path, xlen, entry, tohost, err);
    unlink(path);
    free(path);
    return rc;
}

static void test_elf_load_bus_segments_entry_tohost(void **state)
{
    (void)state;
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        test_mem *m = calloc(1, sizeof(*m));
        memset(m->bytes, 0xee, sizeof(m->bytes));
        const seg segs[] = {{MEM_BASE, 0x100, 0x300, 0xab}, {MEM_BASE + 0x1000, 0x20, 0x20, 0xcd}};
        const sym syms[] = {{"tohost", MEM_BASE + 0x2000}, {"fromhost", MEM_BASE + 0x2040}};
        elfspec s = {.is64 = xlen == 64, .entry = MEM_BASE + 4, .segs = segs, .nsegs = 2, .syms = syms, .nsyms = 2};
        uint64_t entry = 0, tohost = 0;
        vp_error *err = NULL;
        assert_int_equal(load(m, &s, xlen, &entry, &tohost, &err), 0);
        assert_null(err);
        assert_int_equal(entry, MEM_BASE + 4);
        assert_int_equal(tohost, MEM_BASE + 0x2000);
        assert_int_equal(m->bytes[0], 0xab);
        assert_int_equal(m->bytes[0xff], 0xab);
        assert_int_equal(m->bytes[0x100], 0x00); /* bss zeroed */
        assert_int_equal(m->bytes[0x2ff], 0x00);
        assert_int_equal(m->bytes[0x300], 0xee); /* past memsz: untouched */
        assert_int_equal(m->bytes[0x1000], 0xcd);
        assert_int_equal(m->bytes[0x1020], 0xee);
        assert_true(m->dbg_calls >= 3);
        assert_int_equal(m->timed_calls, 0); /* debug transport only */
        free(m);
    }
}

static void test_elf_load_bus_short_answers_and_no_tohost(void **state)
{
    (void)state;
    test_mem *m = calloc(1, sizeof(*m));
    m->max_answer = 7; /* the loader must go on where the target stopped */
    const seg segs[] = {{MEM_BASE + 0x10, 0x40, 0x80, 0x5a}};
    elfspec s = {.entry = MEM_BASE + 0x10, .segs = segs, .nsegs = 1};
    uint64_t entry = 0, tohost = 1234;
    vp_error *err = NULL;
    assert_int_equal(load(m, &s, 32, &entry, &tohost, &err), 0);
    assert_int_equal(tohost, 0); /* no tohost symbol */
    for (unsigned i = 0x10; i < 0x50; i++)
        assert_int_equal(m->bytes[i], 0x5a);
    assert_true(m->dbg_calls >= 0x80 / 7);
    /* tohost may be NULL */
    assert_int_equal(load(m, &s, 32, &entry, NULL, &err), 0);
    assert_int_equal(entry, MEM_BASE + 0x10);
    free(m);
}

static void expect_fail(const elfspec *s, unsigned xlen, int code, ...)
{
    test_mem *m = calloc(1, sizeof(*m));
    uint64_t entry = 0;
    vp_error *err = NULL;
    assert_int_equal(load(m, s, xlen, &entry, NULL, &err), code);
    assert_non_null(err);
    if (!strstr(err->msg, "/tmp/vp_test_elf_"))
        fail_msg("message '%s' does not name the file", err->msg);
    va_list ap;
    va_start(ap, code);
    const char *piece;
    while ((piece = va_arg(ap, const char *)))
        if (!strstr(err->msg, piece))
            fail_msg("message '%s' lacks '%s'", err->msg, piece);
    va_end(ap);
    vp_error_free(err);
    free(m);
}

static void test_elf_load_bus_errors(void **state)
{
    (void)state;
    const seg ok[] = {{MEM_BASE, 0x40, 0x40, 1}};
    elfspec s = {.entry = MEM_BASE, .segs = ok, .nsegs = 1};
    s.machine = 62;
    expect_fail(&s, 32, VP_EINVAL, "machine 62 is not RISC-V", NULL);
    s.machine = 0;
    expect_fail(&s, 64, VP_EINVAL, "ELF32 file, but the harts are RV64", NULL);
    s.truncate = 40;
    expect_fail(&s, 32, VP_EINVAL, "truncated ELF header", NULL);
    s.truncate = 70;
    expect_fail(&s, 32, VP_EINVAL, "truncated or bad program header table", NULL);
    /* outside, and partly outside (the bus answers less than the segment) */
    const seg outside[] = {{0x40000000, 0x100, 0x100, 1}};
    elfspec o = {.entry = 0x40000000, .segs = outside, .nsegs = 1};
    expect_fail(&o, 32, VP_EFAULT, "segment 0 [0x40000000..0x400000ff] is outside any memory region", NULL);
    const seg spill[] = {{MEM_BASE + MEM_SIZE - 0x100, 0x80, 0x200, 1}};
    elfspec sp = {.entry = MEM_BASE, .segs = spill, .nsegs = 1};
    expect_fail(&sp, 32, VP_EFAULT, "segment 0 [0x8000ff00..0x800100ff] is outside any memory region", NULL);

    test_mem *m = calloc(1, sizeof(*m));
    tlmc_target t = mem_target(m);
    uint64_t entry = 0;
    vp_error *err = NULL;
    assert_int_equal(vp_elf_load(&t, "/nonexistent/fw.elf", 32, &entry, NULL, &err), VP_ENOENT);
    pf_expect_pieces(err->msg, "/nonexistent/fw.elf", NULL);
    vp_error_free(err);
    err = NULL;
    assert_int_equal(vp_elf_load(&t, "/nonexistent/fw.elf", 16, &entry, NULL, &err), VP_EINVAL);
    pf_expect_pieces(err->msg, "xlen 32 or 64", NULL);
    vp_error_free(err);
    assert_int_equal(m->dbg_calls, 0);
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elf_load_bus_segments_entry_tohost),
        cmocka_unit_test(test_elf_load_bus_short_answers_and_no_tohost),
        cmocka_unit_test(test_elf_load_bus_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
