/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_batch_jobs.c - a `vpbridge batch` job file read and checked as the
 * runner does before it starts any job (vp_batch_read_jobs): defaults
 * merged key by key, generated jobs (`each`), expectations and their
 * regular expressions, limits. Nothing is run. */
#include <vpbridge/vp_base.h>

#include "batch.h"
#include "fuzz_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vp_error *err = NULL;
    unsigned n = 0;
    vp_batch_read_jobs(fuzz_scratch_file(".yaml", data, size), &n, &err);
    vp_error_free(err);
    return 0;
}
