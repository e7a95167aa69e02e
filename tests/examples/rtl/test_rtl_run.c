/* SPDX-License-Identifier: Apache-2.0 */
/* test_rtl_run.c - the RTL example end to end through the built vpbridge:
 * examples/rtl's CRC-32 block made a device type by vpbridge_add_rtl_module
 * (APB4 and AXI4-Lite), its firmware on the example boards, a VCD of the
 * block's pins and the platform's irq lines (--vcd, --trace-signals), and
 * the idle platform: with the block's clock gated a sleeping platform has
 * nothing pending (dead-lock, exit 126, at once); without gating the clock
 * keeps the kernel busy until --max-time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fstapi.h"
#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"

static vp_cmd_result run_board(const char *board, const char *bus, const char *extra)
{
    return vp_cmd_run("%s run %s --add-modinfo %s/crc_%s.modinfo.yaml --kernel %s/rv32/crc_test.elf --timeout 60s %s",
                      VPBRIDGE, board, RTL_MODS, bus, RTL_FW, extra);
}

static void expect_pass(const char *bus)
{
    char board[512];
    snprintf(board, sizeof board, "%s/crc-%s-rv32.yaml", RTL_EXAMPLE, bus);
    vp_cmd_result r = run_board(board, bus, "");
    if (r.status != 0 || !strstr(r.out, "crc rtl test passed\n"))
        fail_msg("%s: status %d\n%s%s", bus, r.status, r.out, r.err);
    vp_cmd_free(&r);
}

static void test_rtl_run_apb(void **state)
{
    (void)state;
    expect_pass("apb");
}

static void test_rtl_run_axi_lite(void **state)
{
    (void)state;
    expect_pass("axil");
}

/* ---- a VCD reader: per signal, the number of changes to 1 and to 0 ------ */

#define MAX_SIGS 64

typedef struct vcd_sig {
    char id[64];
    char name[256]; /* scope.scope.name */
    unsigned rises, falls, changes;
    char last;
} vcd_sig;

typedef struct vcd {
    vcd_sig sig[MAX_SIGS];
    unsigned n;
    unsigned long long last_time;
} vcd;

static vcd_sig *by_id(vcd *v, const char *id)
{
    for (unsigned i = 0; i < v->n; i++)
        if (strcmp(v->sig[i].id, id) == 0)
            return &v->sig[i];
    return NULL;
}

static vcd_sig *by_name(vcd *v, const char *name)
{
    for (unsigned i = 0; i < v->n; i++)
        if (strcmp(v->sig[i].name, name) == 0)
            return &v->sig[i];
    return NULL;
}

static void value_change(vcd *v, const char *id, char bit, int initial)
{
    vcd_sig *s = by_id(v, id);
    if (!s)
        fail_msg("VCD: value for undeclared id '%s'", id);
    if (!initial && s->last != bit) {
        s->changes++;
        s->rises += bit == '1';
        s->falls += bit == '0';
    }
    s->last = bit;
}

static void read_vcd(vcd *v, const char *path)
{
    char *text = vp_cmd_slurp(path);
    char scope[8][64];
    unsigned depth = 0;
    int initial = 1;
    memset(v, 0, sizeof *v);
    if (!*text)
        fail_msg("VCD %s is missing or empty", path);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char a[64], b[64], c[64], d[128];
        if (sscanf(line, " $scope module %63s", a) == 1) {
            if (depth < 8)
                snprintf(scope[depth], sizeof scope[depth], "%s", a);
            depth++;
        } else if (strstr(line, "$upscope")) {
            depth--;
        } else if (sscanf(line, " $var wire %63s %63s %127s", a, b, d) == 3 && v->n < MAX_SIGS) {
            vcd_sig *s = &v->sig[v->n++];
            snprintf(s->id, sizeof s->id, "%s", b);
            size_t used = 0;
            s->name[0] = 0;
            for (unsigned k = 0; k < depth && k < 8 && used < sizeof s->name; k++)
                used += (size_t)snprintf(s->name + used, sizeof s->name - used, "%s.", scope[k]);
            if (used < sizeof s->name)
                snprintf(s->name + used, sizeof s->name - used, "%s", d);
            s->last = 'x';
        } else if (line[0] == '#') {
            unsigned long long t = strtoull(line + 1, NULL, 10);
            if (t > 0)
                initial = 0;
            v->last_time = t;
        } else if ((line[0] == '0' || line[0] == '1') && line[1]) {
            value_change(v, line + 1, line[0], initial);
        } else if (line[0] == 'b' && sscanf(line, "b%63s %63s", c, a) == 2) {
            value_change(v, a, 'v', initial); /* a vector: counted as a change */
        }
    }
    free(text);
}

static const vcd_sig *need(vcd *v, const char *name)
{
    vcd_sig *s = by_name(v, name);
    if (!s) {
        char all[4096] = "";
        for (unsigned i = 0; i < v->n; i++) {
            strncat(all, " ", sizeof all - strlen(all) - 1);
            strncat(all, v->sig[i].name, sizeof all - strlen(all) - 1);
        }
        fail_msg("VCD has no signal '%s'; it has:%s", name, all);
    }
    return s;
}

/* The block's pins and the irq path (block -> PLIC -> hart) in SystemC time. */
static void check_waves(vcd *v)
{
    /* Every register access is one APB transfer: >= 256 DATA writes. */
    const vcd_sig *psel = need(v, "crc0.psel"), *penable = need(v, "crc0.penable");
    if (psel->rises < 256 || penable->rises < psel->rises)
        fail_msg("psel rose %u times, penable %u: want >= 256 transfers, an ACCESS phase each", psel->rises,
                 penable->rises);
    /* DATA writes while busy wait: PREADY goes low. */
    const vcd_sig *pready = need(v, "crc0.pready");
    if (pready->falls < 200)
        fail_msg("pready fell %u times: the DATA writes should wait for the previous word", pready->falls);
    /* The clock ran (reset, transfers) and the reset was released once. */
    const vcd_sig *clk = need(v, "crc0.clock.clk"), *rst = need(v, "crc0.clock.rst");
    if (clk->rises < 256 * 3 || rst->rises != 1)
        fail_msg("clock rose %u times, reset released %u times", clk->rises, rst->rises);
    /* One done interrupt, through the PLIC to the hart. */
    const vcd_sig *irq = need(v, "irq.crc0.irq_0"), *meip = need(v, "irq.plic0.meip_0");
    if (irq->rises != 1 || irq->falls != 1 || meip->rises != 1)
        fail_msg("crc0 irq rose %u, fell %u; plic meip rose %u: want one interrupt", irq->rises, irq->falls,
                 meip->rises);
    /* --trace-signals selects: the host's own wire for the irq is left out. */
    if (by_name(v, "crc0__irq_0_sig"))
        fail_msg("crc0__irq_0_sig is in the waveform although the patterns do not match it");
}

/* Runs the APB board writing a waveform (--vcd or --fst) to a fresh file; returns its path (static). */
static const char *run_with_waves(const char *opt, const char *suffix)
{
    static char file[600];
    char board[512], dir[] = "/tmp/vp_rtl_wavesXXXXXX", extra[800];
    assert_non_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/waves%s", dir, suffix);
    snprintf(board, sizeof board, "%s/crc-apb-rv32.yaml", RTL_EXAMPLE);
    snprintf(extra, sizeof extra, "%s %s --trace-signals 'crc0.*,irq.*'", opt, file);
    vp_cmd_result r = run_board(board, "apb", extra);
    if (r.status != 0 || !strstr(r.out, "crc rtl test passed"))
        fail_msg("%s: status %d\n%s%s", opt, r.status, r.out, r.err);
    vp_cmd_free(&r);
    return file;
}

static void remove_waves(const char *file)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s", file);
    *strrchr(dir, '/') = 0;
    vp_cmd_result r = vp_cmd_run("rm -rf '%s'", dir);
    vp_cmd_free(&r);
}

static void test_rtl_run_vcd(void **state)
{
    (void)state;
    const char *file = run_with_waves("--vcd", ".vcd");
    static vcd v;
    read_vcd(&v, file);
    check_waves(&v);
    remove_waves(file);
}

/* --fst: the same signals and changes, read back with fstapi (its own VCD
 * conversion, as fst2vcd does). */
static void test_rtl_run_fst(void **state)
{
    (void)state;
    const char *file = run_with_waves("--fst", ".fst");
    char vcdfile[640];
    snprintf(vcdfile, sizeof vcdfile, "%s.vcd", file);
    void *rd = fstReaderOpen(file);
    if (!rd)
        fail_msg("fstReaderOpen(%s) failed", file);
    FILE *out = fopen(vcdfile, "w");
    assert_non_null(out);
    assert_true(fstReaderProcessHier(rd, out));
    fstReaderSetFacProcessMaskAll(rd);
    assert_true(fstReaderIterBlocks(rd, NULL, NULL, out));
    fclose(out);
    fstReaderClose(rd);
    static vcd v;
    read_vcd(&v, vcdfile);
    check_waves(&v);
    remove_waves(file);
}

static void test_rtl_run_vcd_bad_file(void **state)
{
    (void)state;
    char board[512];
    snprintf(board, sizeof board, "%s/crc-apb-rv32.yaml", RTL_EXAMPLE);
    vp_cmd_result r = run_board(board, "apb", "--vcd /nonexistent-dir/w.vcd");
    if (r.status != 125 || !strstr(r.err, "--vcd /nonexistent-dir/w.vcd: No such file or directory"))
        fail_msg("status %d\n%s", r.status, r.err);
    vp_cmd_free(&r);
    r = vp_cmd_run("%s run x.yaml --kernel x.elf --trace-signals 'crc0.*'", VPBRIDGE);
    if (r.status != 2 || !strstr(r.err, "--trace-signals: needs --vcd FILE or --fst FILE"))
        fail_msg("status %d\n%s", r.status, r.err);
    vp_cmd_free(&r);
}

/* A hart asleep for good beside an idle block, 1 ms of simulated time:
 * with the clock gated (stopped after the reset and its idle cycles) the
 * kernel has almost nothing to do; with gating off every edge of the
 * 100 MHz clock is kernel activity that wakes the sleeping cluster. */
static void idle_run(const char *board, unsigned long *sleeps, unsigned long *deltas)
{
    vp_cmd_result r = vp_cmd_run("%s run %s --add-modinfo %s/crc_apb.modinfo.yaml --kernel %s/rv32/deadlock.elf "
                                 "--max-time 1ms --timeout 60s --stats",
                                 VPBRIDGE, board, RTL_MODS, BRIDGE_FW);
    if (r.status != 124 || !strstr(r.err, "--max-time"))
        fail_msg("%s: status %d (want 124, --max-time)\n%s%s", board, r.status, r.out, r.err);
    *sleeps = vp_cmd_number_after(r.err, "WFI sleeps ");
    *deltas = vp_cmd_number_after(r.err, "SystemC delta cycles ");
    vp_cmd_free(&r);
}

static void test_rtl_run_idle(void **state)
{
    (void)state;
    char board[512], nogating[512];
    snprintf(board, sizeof board, "%s/crc-apb-rv32.yaml", RTL_EXAMPLE);
    snprintf(nogating, sizeof nogating, "%s/crc-apb-nogating.yaml", RTL_DATA);
    unsigned long gs, gd, fs, fd;
    idle_run(board, &gs, &gd);
    idle_run(nogating, &fs, &fd);
    /* 1 ms / 10 ns = 100000 edges without gating. */
    if (gs > 100 || gd > 1000 || fs < 50000 || fd < 100000)
        fail_msg("gated: %lu sleeps, %lu delta cycles; free-running: %lu sleeps, %lu delta cycles", gs, gd, fs,
                 fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rtl_run_apb),
        cmocka_unit_test(test_rtl_run_axi_lite),
        cmocka_unit_test(test_rtl_run_vcd),
        cmocka_unit_test(test_rtl_run_fst),
        cmocka_unit_test(test_rtl_run_vcd_bad_file),
        cmocka_unit_test(test_rtl_run_idle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
