/* SPDX-License-Identifier: Apache-2.0 */
/* test_platform_boot.c - vp_platform_boot_load on the standard boards:
 * raw and ELF images land where QEMU's virt machine puts them, the device
 * tree and fw_dynamic_info sit at the top of RAM with a0/a1/a2 pointing at
 * them, --append/--initrd reach /chosen, --dtb replaces the tree, and bad
 * inputs fail with one message naming the option and the file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libfdt.h>

#include "pf_test.h"

#define RAM 0x80000000ull
#define MIB (1024ull * 1024ull)

static vp_platform *board(const char *name)
{
    static pf_fake_host host;
    char path[512];
    snprintf(path, sizeof(path), name[0] == '/' ? "%.0s%s" : "%s/platforms/%s", VP_SOURCE_DIR, name);
    vp_error *err = NULL;
    vp_platform_options o = {sizeof(o), VP_PLATFORM_ABI, NULL, NULL, VP_CPU_ACCEL_INTERP, 0, NULL, 0};
    vp_platform *p = vp_platform_load(path, &o, &err);
    if (!p)
        fail_msg("%s", err->msg);
    static vp_platform_host h;
    h = (vp_platform_host){sizeof(h), VP_PLATFORM_ABI, pf_fake_exit, &host};
    if (vp_platform_build(p, clock_stub_get(pf_clock()), &h, &err))
        fail_msg("%s", err->msg);
    return p;
}

/* A temp file of `size` bytes: byte i = fill + i (sparse beyond 1 MiB). */
static char *tmpfile_of(size_t size, uint8_t fill)
{
    char *path = strdup("/tmp/vp_test_boot_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = size < MIB ? size : MIB;
    uint8_t *buf = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)(fill + i);
    assert_int_equal(write(fd, buf, n), (ssize_t)n);
    assert_int_equal(ftruncate(fd, (off_t)size), 0);
    free(buf);
    close(fd);
    return path;
}

static void rm(char *path)
{
    unlink(path);
    free(path);
}

static void dbg_read(vp_platform *p, uint64_t addr, void *buf, uint32_t len)
{
    tlmc_payload pl;
    tlmc_payload_init(&pl, TLMC_READ, addr, buf, len);
    assert_int_equal(tlmc_transport_dbg(tlmc_router_target(vp_platform_router(p)), &pl), len);
}

static uint64_t rd(vp_platform *p, uint64_t addr, unsigned bytes)
{
    uint8_t b[8] = {0};
    dbg_read(p, addr, b, bytes);
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

static int boot(vp_platform *p, const char *bios, const char *kernel, const char *initrd, const char *append,
                const char *dtb, vp_error **err)
{
    vp_platform_boot b = {sizeof(b), VP_PLATFORM_ABI, bios, kernel, initrd, append, dtb};
    return vp_platform_boot_load(p, &b, err);
}

static void boot_ok(vp_platform *p, const char *bios, const char *kernel, const char *initrd, const char *append,
                    const char *dtb)
{
    vp_error *err = NULL;
    if (boot(p, bios, kernel, initrd, append, dtb, &err))
        fail_msg("%s", err->msg);
}

/* The tree at a1, copied out of guest memory. */
static void *guest_fdt(vp_platform *p)
{
    uint64_t a1 = vp_cpu_get_reg(vp_platform_cpu(p, 0), 11);
    uint8_t hdr[sizeof(struct fdt_header)];
    dbg_read(p, a1, hdr, sizeof hdr);
    assert_int_equal(fdt_magic(hdr), FDT_MAGIC);
    void *fdt = malloc(fdt_totalsize(hdr));
    dbg_read(p, a1, fdt, fdt_totalsize(hdr));
    assert_int_equal(fdt_check_header(fdt), 0);
    return fdt;
}

/* fw_dynamic_info at a2: magic "OSBI", version 2, next_addr, next_mode S. */
static void expect_fw_dynamic(vp_platform *p, unsigned xb, uint64_t next)
{
    uint64_t a2 = vp_cpu_get_reg(vp_platform_cpu(p, 0), 12);
    assert_int_equal(rd(p, a2, xb), 0x4942534f);
    assert_int_equal(rd(p, a2 + xb, xb), 2);
    assert_int_equal(rd(p, a2 + 2 * xb, xb), next);
    assert_int_equal(rd(p, a2 + 3 * xb, xb), 1);
}

static void test_boot_raw_kernel_without_bios(void **state)
{
    (void)state;
    vp_platform *p = board("virt-rv64.yaml");
    char *k = tmpfile_of(4096, 0x11);
    boot_ok(p, "none", k, NULL, NULL, NULL);
    vp_cpu *h = vp_platform_cpu(p, 0);
    assert_int_equal(vp_cpu_get_pc(h), RAM);
    assert_int_equal(rd(p, RAM, 1), 0x11);
    assert_int_equal(rd(p, RAM + 4095, 1), (uint8_t)(0x11 + 4095));
    assert_int_equal(vp_cpu_get_reg(h, 10), 0);
    /* QEMU: 2 MiB aligned below the end of RAM (128 MiB: 0x87e00000) */
    assert_int_equal(vp_cpu_get_reg(h, 11), 0x87e00000);
    expect_fw_dynamic(p, 8, RAM);
    void *fdt = guest_fdt(p);
    assert_true(fdt_path_offset(fdt, "/soc/serial@10000000") >= 0);
    assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL));
    free(fdt);
    rm(k);
    vp_platform_destroy(p);
}

/* More RAM than 3 GiB - 2 GiB: the tree stays below 3 GiB (QEMU's
 * riscv_load_fdt; qemu-system-riscv64 -m 4G passes a1 = 0xbfe00000). */
static void test_boot_fdt_below_3gib(void **state)
{
    (void)state;
    char src[512], path[] = "/tmp/vp_test_boot_XXXXXX.yaml";
    snprintf(src, sizeof src, "%s/platforms/virt-rv64.yaml", VP_SOURCE_DIR);
    FILE *in = fopen(src, "r");
    int fd = mkstemps(path, 5);
    assert_true(in && fd >= 0);
    FILE *out = fdopen(fd, "w");
    char line[512];
    while (fgets(line, sizeof line, in)) {
        char *m = strstr(line, "size: 128MiB");
        if (m)
            memcpy(m, "size: 4GiB  ", 12);
        fputs(line, out);
    }
    fclose(in);
    fclose(out);
    vp_platform *p = board(path);
    char *k = tmpfile_of(64, 1);
    boot_ok(p, NULL, k, NULL, NULL, NULL);
    assert_int_equal(vp_cpu_get_reg(vp_platform_cpu(p, 0), 11), 0xbfe00000);
    void *fdt = guest_fdt(p);
    const uint8_t *reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@80000000"), "reg", NULL);
    fdt64_t size; /* properties are only 4-byte aligned */
    memcpy(&size, reg + 8, sizeof size);
    assert_int_equal(fdt64_to_cpu(size), 4ull << 30);
    free(fdt);
    rm(k);
    unlink(path);
    vp_platform_destroy(p);
}

static void test_boot_bios_then_raw_kernel(void **state)
{
    (void)state;
    struct { const char *board; size_t bios; uint64_t kernel_at; unsigned xb; } cases[] = {
        {"virt-rv64.yaml", 100000, RAM + 2 * MIB, 8}, /* fw_jump's place on RV64 */
        {"virt-rv64.yaml", 3 * MIB, RAM + 4 * MIB, 8},
        {"virt-rv32.yaml", 100000, RAM + 4 * MIB, 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vp_platform *p = board(cases[i].board);
        char *b = tmpfile_of(cases[i].bios, 0x22), *k = tmpfile_of(64, 0x33);
        boot_ok(p, b, k, NULL, NULL, NULL);
        assert_int_equal(vp_cpu_get_pc(vp_platform_cpu(p, 0)), RAM);
        assert_int_equal(rd(p, RAM, 1), 0x22);
        assert_int_equal(rd(p, cases[i].kernel_at, 1), 0x33);
        expect_fw_dynamic(p, cases[i].xb, cases[i].kernel_at);
        rm(b);
        rm(k);
        vp_platform_destroy(p);
    }
}

static void test_boot_elf_kernel_entry(void **state)
{
    (void)state;
    vp_platform *p = board("virt-rv64.yaml");
    seg s[] = {{RAM + 0x1000, 16, 32, 0x44}};
    elfspec e = {.is64 = true, .machine = 243, .type = 2, .entry = RAM + 0x1008, .segs = s, .nsegs = 1};
    char *k = pf_write_elf(&e);
    boot_ok(p, NULL, k, NULL, NULL, NULL);
    assert_int_equal(vp_cpu_get_pc(vp_platform_cpu(p, 0)), RAM + 0x1008);
    assert_int_equal(rd(p, RAM + 0x1000, 1), 0x44);
    expect_fw_dynamic(p, 8, RAM + 0x1008);
    rm(k);
    vp_platform_destroy(p);
}

static void test_boot_append_initrd_in_chosen(void **state)
{
    (void)state;
    vp_platform *p = board("virt-rv64.yaml");
    char *k = tmpfile_of(64, 1), *rd_file = tmpfile_of(1000, 0x55);
    boot_ok(p, NULL, k, rd_file, "console=ttyS0 earlycon", NULL);
    void *fdt = guest_fdt(p);
    int chosen = fdt_path_offset(fdt, "/chosen");
    assert_string_equal(fdt_getprop(fdt, chosen, "bootargs", NULL), "console=ttyS0 earlycon");
    int len = 0;
    const fdt32_t *s = fdt_getprop(fdt, chosen, "linux,initrd-start", &len);
    assert_int_equal(len, 4);
    /* QEMU: kernel entry + min(RAM / 2, 128 MiB) */
    assert_int_equal(fdt32_to_cpu(*s), RAM + 64 * MIB);
    const fdt32_t *e = fdt_getprop(fdt, chosen, "linux,initrd-end", &len);
    assert_int_equal(fdt32_to_cpu(*e), RAM + 64 * MIB + 1000);
    assert_int_equal(rd(p, RAM + 64 * MIB, 1), 0x55);
    assert_int_equal(rd(p, RAM + 64 * MIB + 999, 1), (uint8_t)(0x55 + 999));
    free(fdt);
    rm(k);
    rm(rd_file);
    vp_platform_destroy(p);
}

static void test_boot_dtb_file_replaces_tree(void **state)
{
    (void)state;
    vp_platform *p = board("virt-rv64.yaml");
    void *blob = NULL;
    size_t size = 0;
    vp_error *err = NULL;
    assert_int_equal(vp_platform_dtb(p, "from-file", &blob, &size, &err), 0);
    char *d = strdup("/tmp/vp_test_boot_XXXXXX");
    int fd = mkstemp(d);
    assert_int_equal(write(fd, blob, size), (ssize_t)size);
    close(fd);
    free(blob);
    char *k = tmpfile_of(64, 1);
    boot_ok(p, NULL, k, NULL, NULL, d);
    void *fdt = guest_fdt(p);
    assert_string_equal(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL), "from-file");
    free(fdt);
    boot_ok(p, NULL, k, NULL, "appended", d); /* --append overrides the file's bootargs */
    fdt = guest_fdt(p);
    assert_string_equal(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL), "appended");
    free(fdt);
    rm(k);
    rm(d);
    vp_platform_destroy(p);
}

static void expect_boot_fail(const char *bios, const char *kernel, const char *initrd, const char *dtb, ...)
{
    vp_platform *p = board("virt-rv64.yaml");
    vp_error *err = NULL;
    assert_true(boot(p, bios, kernel, initrd, NULL, dtb, &err) < 0);
    assert_non_null(err);
    assert_null(strchr(err->msg, '\n'));
    va_list ap;
    va_start(ap, dtb);
    const char *piece;
    while ((piece = va_arg(ap, const char *)))
        if (!strstr(err->msg, piece))
            fail_msg("message '%s' lacks '%s'", err->msg, piece);
    va_end(ap);
    vp_error_free(err);
    vp_platform_destroy(p);
}

static void test_boot_bad_inputs(void **state)
{
    (void)state;
    char *small = tmpfile_of(64, 0), *huge = tmpfile_of(129 * MIB, 0), *big = tmpfile_of(70 * MIB, 0);
    expect_boot_fail("/nonexistent/fw.bin", NULL, NULL, NULL, "--bios /nonexistent/fw.bin: No such file", NULL);
    expect_boot_fail(NULL, huge, NULL, NULL, "--kernel", huge, "does not fit in ram 'ram'", NULL);
    expect_boot_fail(NULL, big, small, NULL, "--initrd", small, "overlaps --kernel", big, NULL);
    expect_boot_fail(NULL, small, NULL, small, "--dtb", small, "not a device tree blob", NULL);
    expect_boot_fail("none", NULL, NULL, NULL, "nothing to boot", NULL);
    char *fills = tmpfile_of(127 * MIB, 0); /* up to the tree's 2 MiB slot at the top */
    expect_boot_fail(NULL, fills, NULL, NULL, "the device tree: [0x87e00000..", "] overlaps --kernel", fills, NULL);
    rm(fills);
    char *empty = tmpfile_of(0, 0);
    expect_boot_fail(NULL, empty, NULL, NULL, "--kernel", empty, "empty file", NULL);
    rm(small);
    rm(huge);
    rm(big);
    rm(empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boot_raw_kernel_without_bios),
        cmocka_unit_test(test_boot_bios_then_raw_kernel),
        cmocka_unit_test(test_boot_fdt_below_3gib),
        cmocka_unit_test(test_boot_elf_kernel_entry),
        cmocka_unit_test(test_boot_append_initrd_in_chosen),
        cmocka_unit_test(test_boot_dtb_file_replaces_tree),
        cmocka_unit_test(test_boot_bad_inputs),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pf_cleanup();
    return rc;
}
