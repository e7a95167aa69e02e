/* SPDX-License-Identifier: Apache-2.0 */
/* test_qemu_reference: every firmware/ISA ELF on QEMU must give its golden stdout and exit status. */
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
static diff_result *results;
static size_t nprogs;

static int group_setup(void **state)
{
    (void)state;
    char ***argvs = calloc(nprogs, sizeof *argvs);
    const char **tags = calloc(nprogs, sizeof *tags);
    results = calloc(nprogs, sizeof *results);
    if (!argvs || !tags || !results)
        return -1;
    for (size_t i = 0; i < nprogs; i++) {
        argvs[i] = diff_argv_dup(diff_qemu_argv(&progs[i]));
        tags[i] = progs[i].test_name;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    diff_run_parallel(argvs, tags, results, nprogs, ncpu > 1 ? (int)ncpu : 2, DIFF_WORKDIR);
    for (size_t i = 0; i < nprogs; i++) {
        diff_cache_save(&progs[i], &results[i], DIFF_WORKDIR "/qemu-cache");
        diff_argv_free(argvs[i]);
    }
    free(argvs);
    free(tags);
    return 0;
}

static void test_one(void **state)
{
    const diff_prog *p = *state;
    diff_result *r = &results[p - progs];
    char err[600] = "", msg[1024], b1[64], b2[64];
    size_t esize;

    if (r->status == DIFF_STATUS_NOSTART)
        fail_msg("QEMU reference could not run for %s: %s (is qemu-system-misc installed?)",
                 p->elf, r->err);
    char *exp = diff_expected_out(p, &esize, err, sizeof err);
    if (!exp)
        fail_msg("%s", err);
    bool same = diff_outputs_equal(r->out, r->out_size, exp, esize, "qemu", "expected", msg,
                                   sizeof msg);
    free(exp);
    if (!same)
        fail_msg("%s rv%d (%s): %s", p->name, p->xlen, p->elf, msg);
    if (r->status != p->exit_status)
        fail_msg("%s rv%d: QEMU %s, expected %s", p->name, p->xlen,
                 diff_status_str(r->status, b1, sizeof b1),
                 diff_status_str(p->exit_status, b2, sizeof b2));
}

int main(void)
{
    diff_prog *all;
    int n = diff_manifest_load(DIFF_MANIFEST, &all);
    if (n <= 0) {
        fprintf(stderr, "test_qemu_reference: no programs in %s\n", DIFF_MANIFEST);
        return 1;
    }
    progs = calloc((size_t)n, sizeof *progs);
    struct CMUnitTest *tests = calloc((size_t)n, sizeof *tests);
    for (int i = 0; i < n; i++) {
        if (all[i].vponly)
            continue;
        diff_prog *p = &progs[nprogs];
        *p = all[i];
        snprintf(p->test_name, sizeof p->test_name, "test_qemu_reference_%s_rv%d", p->name,
                 p->xlen);
        tests[nprogs].name = p->test_name;
        tests[nprogs].test_func = test_one;
        tests[nprogs].initial_state = p;
        nprogs++;
    }
    free(all);
    int rc = _cmocka_run_group_tests("qemu_reference", tests, nprogs, group_setup, NULL);
    for (size_t i = 0; results && i < nprogs; i++)
        diff_result_fini(&results[i]);
    free(results);
    free(tests);
    free(progs);
    return rc;
}
