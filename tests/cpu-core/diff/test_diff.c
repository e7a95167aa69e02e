/* SPDX-License-Identifier: Apache-2.0 */
/* test_diff: every firmware/ISA ELF must give the same stdout and exit status on vpbridge as on QEMU.
 * Built once per executor (VP_DIFF_ACCEL: interp, jit). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "diff_run.h"

static diff_prog *progs;
static diff_result *qemu;   /* per program; unused for vpbridge-only programs */
static diff_result *vp;
static size_t nprogs;
static bool have_vpbridge;

static int group_setup(void **state)
{
    (void)state;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = ncpu > 1 ? (int)ncpu : 2;
    char ***argvs = calloc(nprogs, sizeof *argvs);
    const char **tags = calloc(nprogs, sizeof *tags);
    char (*tagbuf)[160] = calloc(nprogs, sizeof *tagbuf);
    size_t *which = calloc(nprogs, sizeof *which);
    diff_result *tmp = calloc(nprogs, sizeof *tmp);
    qemu = calloc(nprogs, sizeof *qemu);
    vp = calloc(nprogs, sizeof *vp);
    if (!argvs || !tags || !tagbuf || !which || !tmp || !qemu || !vp)
        return -1;

    /* QEMU reference: from test_qemu_reference's cache when it is newer than the ELF. */
    size_t n = 0;
    for (size_t i = 0; i < nprogs; i++) {
        if (progs[i].vponly || diff_cache_load(&progs[i], &qemu[i], DIFF_WORKDIR "/qemu-cache"))
            continue;
        argvs[n] = diff_argv_dup(diff_qemu_argv(&progs[i]));
        snprintf(tagbuf[n], sizeof tagbuf[n], "%s.qemu", progs[i].test_name);
        tags[n] = tagbuf[n];
        which[n++] = i;
    }
    diff_run_parallel(argvs, tags, tmp, n, jobs, DIFF_WORKDIR);
    for (size_t k = 0; k < n; k++) {
        qemu[which[k]] = tmp[k];
        diff_cache_save(&progs[which[k]], &tmp[k], DIFF_WORKDIR "/qemu-cache");
        diff_argv_free(argvs[k]);
    }

    have_vpbridge = access(VP_VPBRIDGE, X_OK) == 0;
    if (!have_vpbridge) {
        fprintf(stderr, "test_diff: vpbridge binary not found at %s (build the `vpbridge` "
                        "target); every comparison below fails\n", VP_VPBRIDGE);
    } else {
        for (size_t i = 0; i < nprogs; i++) {
            argvs[i] = diff_argv_dup(diff_vpbridge_argv(&progs[i]));
            snprintf(tagbuf[i], sizeof tagbuf[i], "%s.vpbridge-%s", progs[i].test_name, VP_DIFF_ACCEL);
            tags[i] = tagbuf[i];
        }
        diff_run_parallel(argvs, tags, vp, nprogs, jobs, DIFF_WORKDIR);
        for (size_t i = 0; i < nprogs; i++)
            diff_argv_free(argvs[i]);
    }
    free(argvs);
    free(tags);
    free(tagbuf);
    free(which);
    free(tmp);
    return 0;
}

static void test_one(void **state)
{
    const diff_prog *p = *state;
    size_t i = (size_t)(p - progs);
    char msg[1024], err[600] = "", b1[64], b2[64];

    if (!have_vpbridge)
        fail_msg("vpbridge binary not found at %s", VP_VPBRIDGE);
    if (vp[i].status == DIFF_STATUS_NOSTART)
        fail_msg("vpbridge could not run: %s", vp[i].err);

    if (!p->vponly) {
        diff_result *q = &qemu[i];
        if (q->status == DIFF_STATUS_NOSTART)
            fail_msg("QEMU reference could not run for %s: %s", p->elf, q->err);
        if (!diff_outputs_equal(vp[i].out, vp[i].out_size, q->out, q->out_size, "vpbridge",
                                "qemu", msg, sizeof msg))
            fail_msg("%s rv%d: %s", p->name, p->xlen, msg);
        if (vp[i].status != q->status)
            fail_msg("%s rv%d: vpbridge %s, QEMU %s", p->name, p->xlen,
                     diff_status_str(vp[i].status, b1, sizeof b1),
                     diff_status_str(q->status, b2, sizeof b2));
    }
    /* Both must also match the expectation (golden log / PASS line). */
    size_t esize;
    char *exp = diff_expected_out(p, &esize, err, sizeof err);
    if (!exp)
        fail_msg("%s", err);
    bool same = diff_outputs_equal(vp[i].out, vp[i].out_size, exp, esize, "vpbridge",
                                   "expected", msg, sizeof msg);
    free(exp);
    if (!same)
        fail_msg("%s rv%d: %s", p->name, p->xlen, msg);
    if (vp[i].status != p->exit_status)
        fail_msg("%s rv%d: vpbridge %s, expected %s", p->name, p->xlen,
                 diff_status_str(vp[i].status, b1, sizeof b1),
                 diff_status_str(p->exit_status, b2, sizeof b2));
}

int main(void)
{
    int n = diff_manifest_load(DIFF_MANIFEST, &progs);
    if (n <= 0) {
        fprintf(stderr, "test_diff: no programs in %s\n", DIFF_MANIFEST);
        return 1;
    }
    nprogs = (size_t)n;
    struct CMUnitTest *tests = calloc(nprogs, sizeof *tests);
    for (size_t i = 0; i < nprogs; i++) {
        diff_prog *p = &progs[i];
        snprintf(p->test_name, sizeof p->test_name, "test_diff_%s_rv%d", p->name, p->xlen);
        tests[i].name = p->test_name;
        tests[i].test_func = test_one;
        tests[i].initial_state = p;
    }
    int rc = _cmocka_run_group_tests("diff", tests, nprogs, group_setup, NULL);
    for (size_t i = 0; i < nprogs; i++) {
        if (qemu)
            diff_result_fini(&qemu[i]);
        if (vp)
            diff_result_fini(&vp[i]);
    }
    free(qemu);
    free(vp);
    free(tests);
    free(progs);
    return rc;
}
