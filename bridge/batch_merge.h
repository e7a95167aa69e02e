/* SPDX-License-Identifier: Apache-2.0 */
/* batch_merge.h - `vpbridge batch-merge`: the JSON reports of a sharded
 * batch (one per `--shard I/N`) merged into one JSON and one JUnit report
 * (batch_merge.c, docs/batch-slurm.md). */
#ifndef VPBRIDGE_BRIDGE_BATCH_MERGE_H
#define VPBRIDGE_BRIDGE_BATCH_MERGE_H

#ifdef __cplusplus
extern "C" {
#endif

/* argv[1] is "batch-merge". Returns the process's exit status: 0 every job
 * passed and no shard is missing, 1 a job did not pass or a shard is
 * missing, 2 bad usage or a report that cannot be read or merged. */
int vp_batch_merge_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif /* VPBRIDGE_BRIDGE_BATCH_MERGE_H */
