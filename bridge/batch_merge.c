/* SPDX-License-Identifier: Apache-2.0 */
/* batch_merge.c - `vpbridge batch-merge REPORT.json...`: the JSON reports of
 * the shards of one batch (`vpbridge batch --shard I/N --json`, e.g. the
 * tasks of a Slurm job array) merged into one JSON report of the same
 * schema and one JUnit XML report of the same shape as batch.c writes
 * (docs/batch-slurm.md).
 *
 * Jobs come back in job-file order (each carries its 1-based `index` in the
 * whole list); without indexes, in the order of the reports as given. A job
 * name in two reports, two reports of one shard, or reports of different
 * job files or shard counts are errors; a shard of N without a report is
 * reported and fails the merge unless --allow-missing. Control plane:
 * GLib and json-glib; no SystemC. */
#include "batch_merge.h"
#include "file_int.h"
#include "report_text.h"

#include <glib.h>
#include <stdarg.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MERGE_BAD 2 /* exit status: bad usage, a report that cannot be read, merged or written */

/* One input report; its JSON tree lives as long as the parser. */
typedef struct report {
    char *path;
    JsonParser *parser;
    JsonObject *root;       /* borrowed from parser */
    const char *file;       /* the job file it reports on */
    unsigned shard, shards; /* shard I of N (1-based); 0: the report does not say */
    int64_t listed;         /* jobs in the whole job file; -1: the report does not say */
} report;

/* One job of one report. */
typedef struct mjob {
    JsonNode *node;   /* the job's object, borrowed from its report */
    JsonObject *obj;  /* the same */
    const char *name, *status;
    int64_t index;    /* 1-based in the whole job list; 0: the report has none */
    unsigned rep, pos; /* its report (argument order) and position there */
} mjob;

typedef struct merge {
    GPtrArray *reports; /* report * */
    GArray *jobs;       /* mjob, merged order once sorted */
    char *junit, *json;
    bool allow_missing;
    unsigned shards;    /* N of the reports' shard I/N; 0: they do not say */
    GArray *present;    /* unsigned: the shards with a report, ascending */
    GArray *missing;    /* unsigned: the shards of N without one */
    unsigned passed, failed, not_run;
} merge;

static void report_free(gpointer p)
{
    report *r = p;
    g_free(r->path);
    if (r->parser)
        g_object_unref(r->parser);
    g_free(r);
}

static int fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* One line on stderr; returns MERGE_BAD. */
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("vpbridge: batch-merge: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return MERGE_BAD;
}

/* In place (file_int.h); a failure is one line naming the file and why. */
static bool write_out(const char *what, const char *path, const char *text)
{
    vp_error *err = NULL;
    if (vp_file_write(path, text, strlen(text), &err) == 0)
        return true;
    fail("%s%s", what, err->msg);
    vp_error_free(err);
    return false;
}

/* ---- reading a report ------------------------------------------------------------ */

static bool is_int(JsonNode *n)
{
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_INT64;
}

static bool is_str(JsonNode *n)
{
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING;
}

/* Why `o` is not a batch report's job (NULL: it is one). */
static const char *job_problem(JsonNode *n)
{
    if (!JSON_NODE_HOLDS_OBJECT(n))
        return "is not an object";
    JsonObject *o = json_node_get_object(n);
    if (!is_str(json_object_get_member(o, "name")))
        return "has no string `name`";
    if (!is_str(json_object_get_member(o, "status")))
        return "has no string `status`";
    JsonNode *ix = json_object_get_member(o, "index");
    if (ix && (!is_int(ix) || json_node_get_int(ix) < 1 || json_node_get_int(ix) > G_MAXINT32))
        return "has an `index` that is not a number >= 1";
    return NULL;
}

/* The optional top-level `shard` {index, count} and `jobs_listed`. */
static int read_shard(report *r)
{
    JsonNode *sh = json_object_get_member(r->root, "shard");
    if (sh) {
        JsonObject *so = JSON_NODE_HOLDS_OBJECT(sh) ? json_node_get_object(sh) : NULL;
        JsonNode *i = so ? json_object_get_member(so, "index") : NULL;
        JsonNode *n = so ? json_object_get_member(so, "count") : NULL;
        if (!is_int(i) || !is_int(n) || json_node_get_int(n) < 1 || json_node_get_int(i) < 1 ||
            json_node_get_int(i) > json_node_get_int(n) || json_node_get_int(n) > 1000000)
            return fail("%s: not a vpbridge batch report: `shard` is not {\"index\": I, \"count\": N} with 1 <= I <= N",
                        r->path);
        r->shard = (unsigned)json_node_get_int(i);
        r->shards = (unsigned)json_node_get_int(n);
    }
    JsonNode *l = json_object_get_member(r->root, "jobs_listed");
    r->listed = -1;
    if (l && (!is_int(l) || json_node_get_int(l) < 0))
        return fail("%s: not a vpbridge batch report: `jobs_listed` is not a count", r->path);
    if (l)
        r->listed = json_node_get_int(l);
    return 0;
}

/* Parses `path` and checks that it is a batch report. */
static int report_load(const char *path, report **out)
{
    report *r = g_new0(report, 1);
    *out = r;
    r->path = g_strdup(path);
    r->parser = json_parser_new();
    GError *ge = NULL;
    if (!json_parser_load_from_file(r->parser, path, &ge)) {
        /* a syntax error's message is "PATH:LINE:COL: Parse error: ..."; an I/O error's names the file */
        int rc = ge->domain == JSON_PARSER_ERROR ? fail("%s", ge->message) : fail("%s: %s", path, ge->message);
        g_error_free(ge);
        return rc;
    }
    JsonNode *root = json_parser_get_root(r->parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root))
        return fail("%s: not a vpbridge batch report: %s", path, root ? "not a JSON object" : "empty");
    r->root = json_node_get_object(root);
    JsonNode *file = json_object_get_member(r->root, "file"), *jobs = json_object_get_member(r->root, "jobs");
    if (!is_str(file) || !jobs || !JSON_NODE_HOLDS_ARRAY(jobs))
        return fail("%s: not a vpbridge batch report: no `file` string and `jobs` list", path);
    r->file = json_node_get_string(file);
    JsonArray *a = json_node_get_array(jobs);
    for (guint i = 0; i < json_array_get_length(a); i++) {
        const char *why = job_problem(json_array_get_element(a, i));
        if (why)
            return fail("%s: not a vpbridge batch report: job %u of `jobs` %s", path, i + 1, why);
    }
    return read_shard(r);
}

/* ---- merging ------------------------------------------------------------------------ */

/* The reports agree on the job file, the shard count and the list's size,
 * and no shard comes twice. Fills m->shards, m->present, m->missing. */
static int check_reports(merge *m)
{
    const report *r0 = g_ptr_array_index(m->reports, 0);
    const report **by_shard = NULL;
    m->shards = r0->shards;
    for (guint k = 1; k < m->reports->len; k++) {
        const report *r = g_ptr_array_index(m->reports, k);
        if (strcmp(r->file, r0->file))
            return fail("%s reports on '%s', %s on '%s': not shards of one batch", r0->path, r0->file, r->path,
                        r->file);
        if (r->shards != r0->shards || r->listed != r0->listed) {
            char a[64] = "no shard", b[64] = "no shard";
            if (r0->shards)
                snprintf(a, sizeof a, "shard %u/%u of %lld jobs", r0->shard, r0->shards, (long long)r0->listed);
            if (r->shards)
                snprintf(b, sizeof b, "shard %u/%u of %lld jobs", r->shard, r->shards, (long long)r->listed);
            return fail("%s is %s, %s is %s: not shards of one batch", r0->path, a, r->path, b);
        }
    }
    if (!m->shards)
        return 0;
    by_shard = g_new0(const report *, m->shards + 1);
    int rc = 0;
    for (guint k = 0; !rc && k < m->reports->len; k++) {
        const report *r = g_ptr_array_index(m->reports, k);
        if (by_shard[r->shard])
            rc = fail("%s and %s are both shard %u/%u", by_shard[r->shard]->path, r->path, r->shard, r->shards);
        by_shard[r->shard] = r;
    }
    for (unsigned i = 1; !rc && i <= m->shards; i++)
        g_array_append_val(by_shard[i] ? m->present : m->missing, i);
    g_free(by_shard);
    return rc;
}

static int by_index_cmp(gconstpointer a, gconstpointer b)
{
    const mjob *x = a, *y = b;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    return x->rep != y->rep ? (x->rep < y->rep ? -1 : 1) : (x->pos > y->pos) - (x->pos < y->pos);
}

static int by_report_cmp(gconstpointer a, gconstpointer b)
{
    const mjob *x = a, *y = b;
    return x->rep != y->rep ? (x->rep < y->rep ? -1 : 1) : (x->pos > y->pos) - (x->pos < y->pos);
}

static const char *rep_path(const merge *m, unsigned k)
{
    return ((const report *)g_ptr_array_index(m->reports, k))->path;
}

/* Collects every report's jobs: a name or an index seen twice is an error. */
static int collect_jobs(merge *m)
{
    GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal); /* name -> position in m->jobs + 1 */
    GHashTable *indexes = g_hash_table_new(NULL, NULL);           /* index -> the same */
    bool all_indexed = true;
    int rc = 0;
    for (guint k = 0; !rc && k < m->reports->len; k++) {
        JsonArray *a = json_object_get_array_member(((report *)g_ptr_array_index(m->reports, k))->root, "jobs");
        for (guint i = 0; !rc && i < json_array_get_length(a); i++) {
            mjob j = {.node = json_array_get_element(a, i), .rep = k, .pos = i};
            j.obj = json_node_get_object(j.node);
            j.name = json_object_get_string_member(j.obj, "name");
            j.status = json_object_get_string_member(j.obj, "status");
            j.index = json_object_has_member(j.obj, "index") ? json_object_get_int_member(j.obj, "index") : 0;
            all_indexed = all_indexed && j.index > 0;
            guint seen = GPOINTER_TO_UINT(g_hash_table_lookup(names, j.name));
            guint twin = j.index ? GPOINTER_TO_UINT(g_hash_table_lookup(indexes, GSIZE_TO_POINTER(j.index))) : 0;
            if (seen) {
                rc = fail("job '%s' is in both %s and %s", j.name,
                          rep_path(m, g_array_index(m->jobs, mjob, seen - 1).rep), rep_path(m, k));
            } else if (twin) {
                const mjob *o = &g_array_index(m->jobs, mjob, twin - 1);
                rc = fail("job %lld of the list is '%s' in %s and '%s' in %s: not shards of one batch",
                          (long long)j.index, o->name, rep_path(m, o->rep), j.name, rep_path(m, k));
            } else {
                g_array_append_val(m->jobs, j);
                g_hash_table_insert(names, (gpointer)j.name, GUINT_TO_POINTER(m->jobs->len));
                if (j.index)
                    g_hash_table_insert(indexes, GSIZE_TO_POINTER(j.index), GUINT_TO_POINTER(m->jobs->len));
            }
        }
    }
    g_hash_table_destroy(names);
    g_hash_table_destroy(indexes);
    if (!rc)
        g_array_sort(m->jobs, all_indexed ? by_index_cmp : by_report_cmp);
    return rc;
}

/* With every shard there, the merge holds the whole job list. */
static int check_count(const merge *m)
{
    const report *r0 = g_ptr_array_index(m->reports, 0);
    if (m->missing->len || r0->listed < 0 || (int64_t)m->jobs->len == r0->listed)
        return 0;
    return fail("the reports hold %u jobs, their job list %lld: not shards of one batch", m->jobs->len,
                (long long)r0->listed);
}

static void count_statuses(merge *m)
{
    for (guint i = 0; i < m->jobs->len; i++) {
        const mjob *j = &g_array_index(m->jobs, mjob, i);
        if (!strcmp(j->status, "passed"))
            m->passed++;
        else if (!strcmp(j->status, "not-run"))
            m->not_run++;
        else
            m->failed++;
    }
}

/* ---- writing ------------------------------------------------------------------------ */

/* The shortest text that reads back as `v` (0.057, not 0.057000000000000002). */
static void append_double(GString *s, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE], fmt[8];
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(fmt, sizeof fmt, "%%.%dg", digits);
        g_ascii_formatd(buf, sizeof buf, fmt, v);
        if (g_ascii_strtod(buf, NULL) == v)
            break;
    }
    g_string_append(s, buf);
}

/* A job's value on one line, members in their order, spaced as batch.c spaces them. */
static void json_value(GString *s, JsonNode *n)
{
    if (JSON_NODE_HOLDS_OBJECT(n)) {
        JsonObject *o = json_node_get_object(n);
        GList *keys = json_object_get_members(o); /* in the order read */
        g_string_append_c(s, '{');
        for (GList *k = keys; k; k = k->next) {
            vp_report_json_str(s, k->data);
            g_string_append(s, ": ");
            json_value(s, json_object_get_member(o, k->data));
            if (k->next)
                g_string_append(s, ", ");
        }
        g_string_append_c(s, '}');
        g_list_free(keys);
    } else if (JSON_NODE_HOLDS_ARRAY(n)) {
        JsonArray *a = json_node_get_array(n);
        g_string_append_c(s, '[');
        for (guint i = 0; i < json_array_get_length(a); i++) {
            if (i)
                g_string_append(s, ", ");
            json_value(s, json_array_get_element(a, i));
        }
        g_string_append_c(s, ']');
    } else if (JSON_NODE_HOLDS_NULL(n)) {
        g_string_append(s, "null");
    } else if (json_node_get_value_type(n) == G_TYPE_STRING) {
        vp_report_json_str(s, json_node_get_string(n));
    } else if (json_node_get_value_type(n) == G_TYPE_INT64) {
        g_string_append_printf(s, "%lld", (long long)json_node_get_int(n));
    } else if (json_node_get_value_type(n) == G_TYPE_BOOLEAN) {
        g_string_append(s, json_node_get_boolean(n) ? "true" : "false");
    } else {
        append_double(s, json_node_get_double(n));
    }
}

static void uint_list(GString *s, const GArray *a)
{
    g_string_append_c(s, '[');
    for (guint i = 0; i < a->len; i++)
        g_string_append_printf(s, i ? ", %u" : "%u", g_array_index(a, unsigned, i));
    g_string_append_c(s, ']');
}

/* The schema of one batch report (batch.c's write_json), without `shard`
 * (the merge is not one), with `shards` and `reports`: where it came from. */
static bool write_json(const merge *m)
{
    const report *r0 = g_ptr_array_index(m->reports, 0);
    GString *s = g_string_new("{\n  \"file\": ");
    vp_report_json_str(s, r0->file);
    if (r0->listed >= 0)
        g_string_append_printf(s, ",\n  \"jobs_listed\": %lld", (long long)r0->listed);
    g_string_append_printf(s, ",\n  \"jobs_total\": %u,\n  \"passed\": %u,\n  \"failed\": %u", m->jobs->len, m->passed,
                           m->failed);
    if (m->shards) {
        g_string_append_printf(s, ",\n  \"shards\": {\"count\": %u, \"merged\": ", m->shards);
        uint_list(s, m->present);
        g_string_append(s, ", \"missing\": ");
        uint_list(s, m->missing);
        g_string_append(s, "}");
    }
    g_string_append(s, ",\n  \"reports\": [");
    for (guint k = 0; k < m->reports->len; k++) {
        g_string_append(s, k ? ", " : "");
        vp_report_json_str(s, rep_path(m, k));
    }
    g_string_append(s, "],\n  \"jobs\": [");
    for (guint i = 0; i < m->jobs->len; i++) {
        g_string_append(s, i ? ",\n    " : "\n    ");
        json_value(s, g_array_index(m->jobs, mjob, i).node);
    }
    g_string_append(s, "\n  ]\n}\n");
    bool ok = write_out("--json ", m->json, s->str);
    g_string_free(s, TRUE);
    return ok;
}

static const char *member_str(JsonObject *o, const char *key)
{
    JsonNode *n = json_object_get_member(o, key);
    return is_str(n) ? json_node_get_string(n) : NULL;
}

static double member_num(JsonObject *o, const char *key)
{
    JsonNode *n = json_object_get_member(o, key);
    if (!n || !JSON_NODE_HOLDS_VALUE(n))
        return 0;
    GType t = json_node_get_value_type(n);
    return t == G_TYPE_DOUBLE ? json_node_get_double(n) : t == G_TYPE_INT64 ? (double)json_node_get_int(n) : 0;
}

/* One <testcase> as batch.c's write_junit writes a job's. */
static void junit_job(GString *s, const mjob *j)
{
    g_string_append(s, "    <testcase classname=\"vpbridge.batch\" name=\"");
    vp_report_xml_text(s, j->name);
    g_string_append_printf(s, "\" time=\"%.3f\">\n", member_num(j->obj, "wall_s"));
    if (!strcmp(j->status, "not-run")) {
        g_string_append(s, "      <skipped message=\"not run: the batch was stopped\"/>\n");
    } else if (strcmp(j->status, "passed")) {
        g_string_append(s, "      <failure type=\"");
        vp_report_xml_text(s, j->status);
        g_string_append(s, "\" message=\"");
        vp_report_xml_text(s, member_str(j->obj, "reason"));
        g_string_append(s, "\"/>\n");
    }
    const char *out = member_str(j->obj, "stdout"), *err = member_str(j->obj, "stderr");
    if (out) {
        g_string_append(s, "      <system-out>");
        vp_report_xml_text(s, out);
        g_string_append(s, "</system-out>\n      <system-err>");
        vp_report_xml_text(s, err);
        g_string_append(s, "</system-err>\n");
    }
    g_string_append(s, "    </testcase>\n");
}

/* batch.c's shape: one <testsuite> named after the job file, one <testcase>
 * per job; a missing shard is a <testcase> of its own ("shard I/N", a name no
 * job can have), failed, or skipped under --allow-missing. The suite's time
 * is the sum of the jobs' (the shards ran apart). */
static bool write_junit(const merge *m)
{
    const report *r0 = g_ptr_array_index(m->reports, 0);
    double total = 0;
    for (guint i = 0; i < m->jobs->len; i++)
        total += member_num(g_array_index(m->jobs, mjob, i).obj, "wall_s");
    unsigned miss = m->missing->len;
    GString *s = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"");
    vp_report_xml_text(s, r0->file);
    unsigned failures = m->failed + (m->allow_missing ? 0 : miss), skipped = m->not_run + (m->allow_missing ? miss : 0);
    g_string_append_printf(s, "\" tests=\"%u\" failures=\"%u\" skipped=\"%u\" time=\"%.3f\">\n", m->jobs->len + miss,
                           failures, skipped, total);
    for (guint i = 0; i < m->jobs->len; i++)
        junit_job(s, &g_array_index(m->jobs, mjob, i));
    for (guint i = 0; i < miss; i++) {
        unsigned sh = g_array_index(m->missing, unsigned, i);
        g_string_append_printf(s, "    <testcase classname=\"vpbridge.batch\" name=\"shard %u/%u\" time=\"0.000\">\n"
                               "      <%s message=\"no report for shard %u/%u\"/>\n    </testcase>\n",
                               sh, m->shards, m->allow_missing ? "skipped" : "failure type=\"missing-shard\"", sh,
                               m->shards);
    }
    g_string_append(s, "  </testsuite>\n</testsuites>\n");
    bool ok = write_out("--junit ", m->junit, s->str);
    g_string_free(s, TRUE);
    return ok;
}

/* ---- command line ---------------------------------------------------------------------- */

static const char k_usage[] =
    "usage: vpbridge batch-merge [--junit FILE] [--json FILE] [--allow-missing] REPORT.json...\n"
    "  merges the JSON reports of the shards of one batch (vpbridge batch --shard I/N --json)\n"
    "  --junit FILE     the merged JUnit XML report\n"
    "  --json FILE      the merged JSON report (the schema of one batch report)\n"
    "  --allow-missing  a shard without a report is reported, not a failure\n"
    "exit status: 0 every job passed and no shard is missing; 1 a job did not pass or a shard is missing;\n"
    "2 bad usage, or a report that cannot be read, merged or written. See docs/batch-slurm.md.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vpbridge: batch-merge: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", k_usage);
    return MERGE_BAD;
}

/* Fills m; the report paths go to `paths`. -1: --help was shown. */
static int parse_args(merge *m, int argc, char **argv, GPtrArray *paths)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(k_usage, stdout);
            return -1;
        }
        if (!strcmp(a, "--allow-missing")) {
            m->allow_missing = true;
        } else if (!strcmp(a, "--junit") || !strcmp(a, "--json")) {
            if (i + 1 >= argc || !*argv[i + 1])
                return usage_error("%s: missing file name", a);
            char **dst = a[3] == 'u' ? &m->junit : &m->json;
            g_free(*dst);
            *dst = g_strdup(argv[++i]);
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else {
            g_ptr_array_add(paths, (gpointer)a);
        }
    }
    if (paths->len == 0)
        return usage_error("%s", "no REPORT.json to merge");
    return 0;
}

/* Reads, checks and merges; writes the reports and the summary. */
static int run_merge(merge *m, GPtrArray *paths)
{
    int rc = 0;
    for (guint k = 0; !rc && k < paths->len; k++) {
        report *r = NULL;
        rc = report_load(g_ptr_array_index(paths, k), &r);
        g_ptr_array_add(m->reports, r);
    }
    if (!rc)
        rc = check_reports(m);
    if (!rc)
        rc = collect_jobs(m);
    if (!rc)
        rc = check_count(m);
    if (rc)
        return rc;
    count_statuses(m);
    GString *missing = g_string_new("");
    for (guint i = 0; i < m->missing->len; i++)
        g_string_append_printf(missing, i ? ", %u" : "%u", g_array_index(m->missing, unsigned, i));
    if (m->missing->len)
        fprintf(stderr, "vpbridge: batch-merge: no report for shard%s %s of %u%s\n", m->missing->len > 1 ? "s" : "",
                missing->str, m->shards, m->allow_missing ? " (--allow-missing)" : "");
    if (m->json && !write_json(m)) /* one line said why */
        rc = MERGE_BAD;
    if (m->junit && !write_junit(m))
        rc = MERGE_BAD;
    printf("batch-merge: %u jobs, %u passed, %u failed, %u not run", m->jobs->len, m->passed, m->failed, m->not_run);
    if (m->shards)
        printf("; shards: %u of %u merged%s%s\n", m->present->len, m->shards, m->missing->len ? ", missing " : "",
               missing->str);
    else
        printf("; %u report%s without shard information\n", m->reports->len, m->reports->len > 1 ? "s" : "");
    g_string_free(missing, TRUE);
    if (rc)
        return rc;
    bool all_passed = m->passed == m->jobs->len, complete = !m->missing->len || m->allow_missing;
    return all_passed && complete ? 0 : 1;
}

int vp_batch_merge_main(int argc, char **argv)
{
    merge m = {0};
    m.reports = g_ptr_array_new_with_free_func(report_free);
    m.jobs = g_array_new(FALSE, TRUE, sizeof(mjob));
    m.present = g_array_new(FALSE, FALSE, sizeof(unsigned));
    m.missing = g_array_new(FALSE, FALSE, sizeof(unsigned));
    GPtrArray *paths = g_ptr_array_new();
    int rc = parse_args(&m, argc, argv, paths);
    if (rc == 0)
        rc = run_merge(&m, paths);
    g_ptr_array_unref(paths);
    g_array_unref(m.jobs); /* before the reports: their trees hold the jobs */
    g_ptr_array_unref(m.reports);
    g_array_unref(m.present);
    g_array_unref(m.missing);
    g_free(m.junit);
    g_free(m.json);
    fflush(stdout);
    return rc < 0 ? 0 : rc;
}
