/* SPDX-License-Identifier: Apache-2.0 */
/* batch_json.h - reading `vpbridge batch` / `batch-merge` JSON reports in
 * tests (json-glib): the jobs as one comparable line, a top-level number. */
#ifndef VP_TEST_BATCH_JSON_H
#define VP_TEST_BATCH_JSON_H

/* The report's jobs in report order as "name=status name=status ...",
 * g_malloc'ed. Fails the current cmocka test if `path` is not a JSON
 * object with a `jobs` list. */
char *batch_json_jobs(const char *path);
/* The top-level integer `key` of the report (-1 when absent). */
long long batch_json_int(const char *path, const char *key);
/* The integers of the list `key` inside the top-level object `obj`
 * (e.g. "shards", "missing") as "1,3", g_malloc'ed ("" when absent). */
char *batch_json_list(const char *path, const char *obj, const char *key);

#endif
