/* SPDX-License-Identifier: Apache-2.0 */
/* batch.h - `vpbridge batch`: the regression runner (batch.c, docs/batch.md). */
#ifndef VPBRIDGE_BRIDGE_BATCH_H
#define VPBRIDGE_BRIDGE_BATCH_H

#ifdef __cplusplus
extern "C" {
#endif

/* argv[1] is "batch". Returns the process's exit status. Runs before (and
 * without) the SystemC kernel; the jobs are `vpbridge run` children. */
int vp_batch_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif /* VPBRIDGE_BRIDGE_BATCH_H */
