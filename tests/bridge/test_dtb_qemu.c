/* SPDX-License-Identifier: Apache-2.0 */
/* test_dtb_qemu.c - `vpbridge dumpdtb` against QEMU 7.2's own tree
 * (`qemu-system-riscvNN -M virt,dumpdtb=...` with the same harts, memory
 * and a -cpu with the same extensions; several harts: `dumpdtb --smp N`
 * against `-smp N`), node by node and property by
 * property and in the same order, phandles compared by the node they
 * name. The differences that
 * come from the boards themselves are listed here (and in docs/boot.md):
 * QEMU's devices our boards lack, /chosen's rng-seed, the model string,
 * and RV64's mmu-type (QEMU 7.2: riscv,sv48; our harts implement Sv39).
 * QEMU or dtc missing is a failure, not a skip. Also: dtc reads our blob
 * without errors, and dumpdtb's bad inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libfdt.h>

#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"
#define MAXP 2048

/* Nodes of QEMU's tree for devices our boards do not have. */
static const char *const qemu_only_nodes[] = {"/pmu", "/fw-cfg@", "/flash@", "/platform-bus@", "/soc/rtc@",
                                              "/soc/pci@", "/soc/virtio_mmio@", NULL};
/* Properties that differ by nature: QEMU's random seed, the board's name. */
static const char *const differing_props[] = {"/chosen:rng-seed", "/:model", NULL};

typedef struct flat {
    unsigned n;
    char *item[MAXP]; /* "path:prop=value" or "path/" for a node */
} flat;

static bool listed(const char *s, const char *const *list, bool prefix)
{
    for (; *list; list++)
        if (prefix ? strncmp(s, *list, strlen(*list)) == 0 : strcmp(s, *list) == 0)
            return true;
    return false;
}

/* The path of the node whose phandle is `ph`, or "?". */
static void phandle_path(const void *fdt, uint32_t ph, char *buf, int size)
{
    int off = fdt_node_offset_by_phandle(fdt, ph);
    if (off < 0 || fdt_get_path(fdt, off, buf, size) < 0)
        snprintf(buf, (size_t)size, "?%u", ph);
}

/* A property's value as text; phandle cells as the path they name. */
static void value_text(const void *fdt, const char *name, const uint8_t *v, int len, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    bool refs = !strcmp(name, "interrupts-extended") || !strcmp(name, "interrupt-parent") ||
                !strcmp(name, "cpu") || !strcmp(name, "regmap") || !strcmp(name, "phandle");
    for (int i = 0; i + 4 <= len && refs; i += 4) {
        uint32_t cell = fdt32_to_cpu(*(const fdt32_t *)(v + i));
        char path[256];
        /* interrupts-extended: <phandle irq> pairs (cpu-intc has one cell) */
        bool is_ref = strcmp(name, "interrupts-extended") != 0 || (i / 4) % 2 == 0;
        if (!strcmp(name, "phandle"))
            snprintf(path, sizeof path, "(self)");
        else if (is_ref)
            phandle_path(fdt, cell, path, sizeof path);
        else
            snprintf(path, sizeof path, "%u", cell);
        n += (size_t)snprintf(out + n, size - n, "%s ", path);
    }
    for (int i = 0; i < len && !refs && n + 3 < size; i++)
        n += (size_t)snprintf(out + n, size - n, "%02x", v[i]);
}

#define SV48_HEX "72697363762c7376343800" /* "riscv,sv48" */
#define SV39_HEX "72697363762c7376333900" /* "riscv,sv39" */

static void flatten(const void *fdt, flat *f, bool is_qemu)
{
    f->n = 0;
    for (int off = 0; off >= 0; off = fdt_next_node(fdt, off, NULL)) {
        char path[512];
        assert_int_equal(fdt_get_path(fdt, off, path, sizeof path), 0);
        if (listed(path, qemu_only_nodes, true))
            continue;
        assert_true(f->n < MAXP);
        f->item[f->n++] = strdup(path);
        int p;
        fdt_for_each_property_offset(p, fdt, off) {
            const char *name;
            int len;
            const uint8_t *v = fdt_getprop_by_offset(fdt, p, &name, &len);
            char key[600], val[4096];
            snprintf(key, sizeof key, "%s:%s", path, name);
            if (listed(key, differing_props, false))
                continue;
            value_text(fdt, name, v, len, val, sizeof val);
            /* QEMU 7.2 says riscv,sv48 for every RV64 hart with an MMU (it
             * implements Sv48); our harts implement Sv39 and say so. */
            if (is_qemu && strcmp(name, "mmu-type") == 0 && strcmp(val, SV48_HEX) == 0)
                snprintf(val, sizeof val, "%s", SV39_HEX);
            assert_true(f->n < MAXP);
            f->item[f->n] = malloc(strlen(key) + strlen(val) + 2);
            sprintf(f->item[f->n++], "%s=%s", key, val);
        }
    }
}

static void *read_blob(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot read %s", path);
    void *buf = malloc(1 << 20);
    size_t n = fread(buf, 1, 1 << 20, fp);
    fclose(fp);
    assert_true(n > 0);
    assert_int_equal(fdt_check_header(buf), 0);
    return buf;
}

/* Items of `a` missing from `b`, one line each; their count. */
static unsigned missing(const flat *a, const flat *b, const char *what)
{
    unsigned bad = 0;
    for (unsigned i = 0; i < a->n; i++) {
        bool found = false;
        for (unsigned j = 0; j < b->n && !found; j++)
            found = !strcmp(a->item[i], b->item[j]);
        if (!found) {
            print_message("%s: %s\n", what, a->item[i]);
            bad++;
        }
    }
    return bad;
}

static void need_tools(void)
{
    vp_cmd_result r = vp_cmd_run("command -v qemu-system-riscv64 qemu-system-riscv32 dtc");
    if (r.status != 0)
        fail_msg("qemu-system-riscv64, qemu-system-riscv32 and dtc are needed (tools/setup.sh): %s", r.out);
    vp_cmd_free(&r);
}

static void compare(const char *board, unsigned xlen, unsigned harts, const char *cpu)
{
    need_tools();
    /* the board's own count (1), or --smp as `qemu -smp` */
    char smp[32] = "";
    if (harts > 1)
        snprintf(smp, sizeof smp, " --smp %u", harts);
    vp_cmd_result r = vp_cmd_run("%s dumpdtb %s/platforms/%s%s -o /tmp/vp_test_ours.dtb", VPBRIDGE, VP_SOURCE_DIR,
                                 board, smp);
    if (r.status != 0)
        fail_msg("dumpdtb %s%s: exit %d: %s", board, smp, r.status, r.err);
    vp_cmd_free(&r);
    r = vp_cmd_run("qemu-system-riscv%u -M virt,dumpdtb=/tmp/vp_test_qemu.dtb -smp %u -m 128M -cpu %s -bios none "
                   "-nographic", xlen, harts, cpu);
    if (r.status != 0)
        fail_msg("qemu: exit %d: %s", r.status, r.err);
    vp_cmd_free(&r);
    r = vp_cmd_run("dtc -I dtb -O dts -o /dev/null /tmp/vp_test_ours.dtb 2>&1 | grep -i error");
    if (r.status == 0)
        fail_msg("dtc reports errors in our tree: %s", r.out);
    vp_cmd_free(&r);
    void *ours = read_blob("/tmp/vp_test_ours.dtb"), *qemu = read_blob("/tmp/vp_test_qemu.dtb");
    flat fo, fq;
    flatten(ours, &fo, false);
    flatten(qemu, &fq, true);
    unsigned bad = missing(&fq, &fo, "QEMU has, we do not") + missing(&fo, &fq, "we have, QEMU does not");
    if (bad)
        fail_msg("%s, %u harts: %u differences from QEMU's tree (listed above)", board, harts, bad);
    /* and in the same order (what `fdt print` in U-Boot shows) */
    assert_int_equal(fo.n, fq.n);
    for (unsigned i = 0; i < fo.n; i++)
        if (strcmp(fo.item[i], fq.item[i]) != 0)
            fail_msg("%s, %u harts: item %u is %s, QEMU's is %s", board, harts, i, fo.item[i], fq.item[i]);
    for (unsigned i = 0; i < fo.n; i++)
        free(fo.item[i]);
    for (unsigned i = 0; i < fq.n; i++)
        free(fq.item[i]);
    free(ours);
    free(qemu);
}

/* Our tree alone: `harts` cpu nodes, and the CLINT's and the PLIC's
 * interrupts-extended name every hart's controller twice (msip and mtip;
 * the M and S contexts): 2 pairs of cells per hart. */
static void expect_harts(const char *path, unsigned harts)
{
    void *fdt = read_blob(path);
    unsigned cpus = 0;
    int node = fdt_path_offset(fdt, "/cpus");
    assert_true(node >= 0);
    for (int sub = fdt_first_subnode(fdt, node); sub >= 0; sub = fdt_next_subnode(fdt, sub))
        cpus += strncmp(fdt_get_name(fdt, sub, NULL), "cpu@", 4) == 0;
    assert_int_equal(cpus, harts);
    static const char *const ctrl[] = {"/soc/clint@2000000", "/soc/plic@c000000"};
    for (int i = 0; i < 2; i++) {
        int len = 0;
        int off = fdt_path_offset(fdt, ctrl[i]);
        assert_true(off >= 0);
        const fdt32_t *v = fdt_getprop(fdt, off, "interrupts-extended", &len);
        assert_non_null(v);
        assert_int_equal(len, (int)(harts * 2 * 2 * sizeof(fdt32_t)));
        int last = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(v[(harts - 1) * 4]));
        char want[64], got[128];
        snprintf(want, sizeof want, "/cpus/cpu@%x/interrupt-controller", harts - 1);
        assert_int_equal(fdt_get_path(fdt, last, got, sizeof got), 0);
        assert_string_equal(got, want);
    }
    free(fdt);
}

/* The harts of the IMAC boards: M, S (with the MMU) and U modes, no F/D;
 * the GC boards add F and D. */
#define NO_EXTRAS "h=false,f=false,d=false,s=true,zba=false,zbb=false,zbc=false,zbs=false,sstc=false," \
                  "Zihintpause=false,mmu=true"
#define GC_EXTRAS "h=false,f=true,d=true,s=true,zba=false,zbb=false,zbc=false,zbs=false,sstc=false," \
                  "Zihintpause=false,mmu=true"

static void test_dtb_rv64_matches_qemu(void **state)
{
    (void)state;
    compare("virt-rv64.yaml", 64, 1, "rv64," NO_EXTRAS);
}

static void test_dtb_rv32_matches_qemu(void **state)
{
    (void)state;
    compare("virt-rv32.yaml", 32, 1, "rv32," NO_EXTRAS);
}

static void test_dtb_two_harts_match_qemu(void **state)
{
    (void)state;
    compare("virt-rv64.yaml", 64, 2, "rv64," NO_EXTRAS);
}

static void test_dtb_gc_boards_match_qemu(void **state)
{
    (void)state;
    compare("virt-rv64gc.yaml", 64, 1, "rv64," GC_EXTRAS);
    compare("virt-rv32gc.yaml", 32, 1, "rv32," GC_EXTRAS);
}

/* `dumpdtb --smp 4` on the board Linux boots: 4 harts, the CLINT and PLIC
 * wired to each, as `qemu-system-riscv64 -M virt -smp 4` (and RV32). */
static void test_dtb_smp4_matches_qemu(void **state)
{
    (void)state;
    compare("virt-rv64gc.yaml", 64, 4, "rv64," GC_EXTRAS);
    expect_harts("/tmp/vp_test_ours.dtb", 4);
    compare("virt-rv32gc.yaml", 32, 4, "rv32," GC_EXTRAS);
    expect_harts("/tmp/vp_test_ours.dtb", 4);
    compare("virt-rv64.yaml", 64, 8, "rv64," NO_EXTRAS);
    expect_harts("/tmp/vp_test_ours.dtb", 8);
}

/* The tree grows with the harts: 512, the most the virt PLIC's window holds
 * (QEMU virt's limit too), about 340 bytes each. */
static void test_dumpdtb_512_harts(void **state)
{
    (void)state;
    vp_cmd_result r = vp_cmd_run("%s dumpdtb %s/platforms/virt-rv64.yaml --smp 512 -o /tmp/vp_test_ours.dtb",
                                 VPBRIDGE, VP_SOURCE_DIR);
    if (r.status != 0)
        fail_msg("dumpdtb --smp 512: exit %d: %s", r.status, r.err);
    vp_cmd_free(&r);
    expect_harts("/tmp/vp_test_ours.dtb", 512);
}

static void test_dumpdtb_append_and_errors(void **state)
{
    (void)state;
    vp_cmd_result r = vp_cmd_run("%s dumpdtb %s/platforms/virt-rv64.yaml -o /tmp/vp_test_ours.dtb --append 'a=1 b'"
                                 " && dtc -I dtb -O dts /tmp/vp_test_ours.dtb 2>/dev/null", VPBRIDGE, VP_SOURCE_DIR);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "bootargs = \"a=1 b\";"));
    vp_cmd_free(&r);
    r = vp_cmd_run("%s dumpdtb %s/platforms/virt-rv64.yaml", VPBRIDGE, VP_SOURCE_DIR);
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "vpbridge: dumpdtb: missing -o FILE\n");
    vp_cmd_free(&r);
    r = vp_cmd_run("%s dumpdtb %s/platforms/virt-rv64.yaml -o /nonexistent/x.dtb", VPBRIDGE, VP_SOURCE_DIR);
    assert_int_equal(r.status, 125);
    assert_string_equal(r.err, "vpbridge: -o /nonexistent/x.dtb: No such file or directory\n");
    vp_cmd_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dtb_rv64_matches_qemu),
        cmocka_unit_test(test_dtb_rv32_matches_qemu),
        cmocka_unit_test(test_dtb_two_harts_match_qemu),
        cmocka_unit_test(test_dtb_gc_boards_match_qemu),
        cmocka_unit_test(test_dtb_smp4_matches_qemu),
        cmocka_unit_test(test_dumpdtb_512_harts),
        cmocka_unit_test(test_dumpdtb_append_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
