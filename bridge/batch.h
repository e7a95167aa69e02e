/* SPDX-License-Identifier: Apache-2.0 */
/* batch.h - `vpbridge batch`: the regression runner (batch.c, docs/batch.md). */
#ifndef VPBRIDGE_BRIDGE_BATCH_H
#define VPBRIDGE_BRIDGE_BATCH_H

#include <vpbridge/vp_base.h>

#ifdef __cplusplus
extern "C" {
#endif

/* argv[1] is "batch". Returns the process's exit status. Runs before (and
 * without) the SystemC kernel; the jobs are `vpbridge run` children. */
int vp_batch_main(int argc, char **argv);

/* Reads and checks the job file at `path` as `vpbridge batch` does before
 * it runs anything (defaults, generated jobs, expectations; paths relative
 * to the file). Returns 0 with the number of jobs in *count, or an error
 * that names file:line:col (tests/fuzz). */
int vp_batch_read_jobs(const char *path, unsigned *count, vp_error **errp);

#ifdef __cplusplus
}
#endif

#endif /* VPBRIDGE_BRIDGE_BATCH_H */
