/* SPDX-License-Identifier: Apache-2.0 */
/* batch_merge_main.c - the `vpbridge-batch-merge` program, which `vpbridge
 * batch-merge` runs (main.cpp). The merge reads JSON with json-glib, and
 * json-glib pulls in GIO and six more libraries: kept out of `vpbridge`,
 * they would cost every simulation's start-up about 80 page faults (some
 * 2-3 ms of a 25 ms job). Takes the arguments after `batch-merge`. */
#include <glib.h>

#include "batch_merge.h"
#include "oom.h"

int main(int argc, char **argv)
{
    vp_oom_install("vpbridge batch-merge", NULL);
    /* vpbridge execs this with its own argv: "vpbridge batch-merge ARGS";
     * run by hand it gets "vpbridge-batch-merge ARGS". */
    if (argc > 1 && g_strcmp0(argv[1], "batch-merge") == 0)
        return vp_batch_merge_main(argc, argv);
    char **v = g_new0(char *, (gsize)argc + 2);
    v[0] = argv[0];
    v[1] = (char *)"batch-merge";
    for (int i = 1; i < argc; i++)
        v[i + 1] = argv[i];
    int rc = vp_batch_merge_main(argc + 1, v);
    g_free(v);
    return rc;
}
