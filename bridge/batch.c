/* SPDX-License-Identifier: Apache-2.0 */
/* batch.c - `vpbridge batch JOBS.yaml`: runs a list of firmware jobs as
 * parallel `vpbridge run` child processes, checks each against its
 * expectations (exit status, output patterns), and writes JUnit XML and
 * JSON reports (docs/batch.md). Control plane: GLib, the project's YAML
 * tree; no SystemC (the children run it).
 *
 * A job that fails, crashes or hangs never takes the runner down: each runs
 * in its own process group with its own output files, under the child's
 * own --timeout and the runner's deadline (the budget plus a grace period,
 * then SIGKILL). SIGINT/SIGTERM stop the running jobs (SIGTERM: they flush
 * and report), and the reports still cover every job that finished. */
#include "batch.h"
#include "report_text.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "file_int.h"
#include "ytree_int.h"

#define DEFAULT_TIMEOUT_S 60.0
#define KILL_GRACE_S 5.0 /* after the job's budget, before SIGKILL */

typedef enum { J_PENDING, J_RUNNING, J_DONE } jstate;

typedef struct bjob {
    /* from the job file */
    char *name;
    char *platform, *kernel, *bios, *input, *max_time, *max_insns;
    GPtrArray *args;   /* char *: extra `vpbridge run` options */
    GPtrArray *output; /* GRegex *: must match stdout */
    GPtrArray *forbid; /* GRegex *: must not match stdout or stderr */
    GPtrArray *tags;   /* char * */
    int64_t expect_exit;
    double timeout;    /* wall seconds */
    unsigned line;     /* in the job file */
    /* run */
    jstate state;
    pid_t pid;
    double start, wall, kill_at; /* kill_at: the runner's SIGKILL deadline */
    bool killed, interrupted;
    int wstatus;
    char *out_path, *err_path, *in_path;
    /* result */
    bool passed;
    int exit_code;     /* -1: killed by a signal */
    char *status;      /* passed, failed, timeout, crashed, interrupted */
    char *reason;      /* why not passed ("" when passed) */
    uint64_t insns;
    double sim_s, mips;
    bool has_digest;   /* the run printed `vpbridge: digest` */
    uint64_t digest;
    /* --check-determinism: the job runs twice; run 2 is compared with run 1 */
    unsigned run;      /* 1 or 2 */
    char *out2_path, *err2_path;
} bjob;

typedef struct batch {
    char *file, *dir;  /* the job file and its directory */
    GPtrArray *jobs;   /* bjob * */
    unsigned jobs_n;   /* -j */
    char *junit, *json, *out_dir;
    unsigned shard_i, shard_n; /* 1-based shard of n; 0 = all */
    unsigned listed;   /* jobs in the job file, before --shard (the JSON report's jobs_listed) */
    bool check_det;    /* --check-determinism */
    /* ELFs on the command line instead of a job file: one job each */
    GPtrArray *elfs;   /* char * */
    char *cl_platform; /* --platform */
    double cl_timeout; /* --timeout, seconds (0: the default) */
    char exe[4096];
} batch;

static volatile sig_atomic_t g_stop_signal;

static void on_stop(int signo)
{
    if (!g_stop_signal)
        g_stop_signal = signo;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void job_free(gpointer p)
{
    bjob *j = p;
    g_free(j->name);
    g_free(j->platform);
    g_free(j->kernel);
    g_free(j->bios);
    g_free(j->input);
    g_free(j->max_time);
    g_free(j->max_insns);
    g_ptr_array_unref(j->args);
    g_ptr_array_unref(j->output);
    g_ptr_array_unref(j->forbid);
    g_ptr_array_unref(j->tags);
    g_free(j->out_path);
    g_free(j->err_path);
    g_free(j->in_path);
    g_free(j->out2_path);
    g_free(j->err2_path);
    g_free(j->status);
    g_free(j->reason);
    g_free(j);
}

/* ---- the job file ----------------------------------------------------------- */

/* A generated job's item: `{item}` and `{stem}` in its strings (not in the
 * regular expressions, where braces are quantifiers). */
typedef struct subst {
    const char *item; /* NULL: a plain job */
    char *stem;       /* the item's file name without directory and extension */
} subst;

static char *sub(const subst *x, const char *s)
{
    if (!x || !x->item)
        return g_strdup(s);
    GString *o = g_string_new("");
    for (const char *p = s; *p;) {
        if (g_str_has_prefix(p, "{item}")) {
            g_string_append(o, x->item);
            p += 6;
        } else if (g_str_has_prefix(p, "{stem}")) {
            g_string_append(o, x->stem);
            p += 6;
        } else {
            g_string_append_c(o, *p++);
        }
    }
    return g_string_free(o, FALSE);
}

static const char *const k_job_keys[] = {"name",    "platform", "kernel",    "bios", "args", "expect", "input",
                                         "timeout", "max-time", "max-insns", "tags", "each", NULL};
static const char *const k_expect_keys[] = {"exit", "output", "forbid", NULL};

/* A path in the job file: relative to the file's directory. */
static char *resolve(const batch *b, const char *p)
{
    return g_path_is_absolute(p) ? g_strdup(p) : g_build_filename(b->dir, p, NULL);
}

/* A platform: a file (relative to the job file) or a machine name. */
static char *resolve_platform(const batch *b, const char *p)
{
    if (strchr(p, '/') || g_str_has_suffix(p, ".yaml") || g_str_has_suffix(p, ".yml"))
        return resolve(b, p);
    return g_strdup(p);
}

static int add_regexes(const vp__ydoc *doc, const vp__ynode *n, const char *what, GPtrArray *out, vp_error **errp)
{
    const char **items = NULL;
    size_t count = 0;
    int rc = vp__ystrlist(doc, n, what, &items, &count, errp);
    for (size_t i = 0; !rc && i < count; i++) {
        GError *ge = NULL;
        GRegex *re = g_regex_new(items[i], G_REGEX_MULTILINE, 0, &ge);
        if (!re) {
            rc = vp__yerr(doc, n->kind == VP_Y_SEQ ? n->items[i] : n, errp, VP_EINVAL, "%s: bad regular expression '%s': %s",
                          what, items[i], ge->message);
            g_error_free(ge);
        } else {
            g_ptr_array_add(out, re);
        }
    }
    g_free(items);
    return rc;
}

static int add_strings(const vp__ydoc *doc, const vp__ynode *n, const char *what, GPtrArray *out, const subst *x,
                       vp_error **errp)
{
    const char **items = NULL;
    size_t count = 0;
    int rc = vp__ystrlist(doc, n, what, &items, &count, errp);
    for (size_t i = 0; !rc && i < count; i++)
        g_ptr_array_add(out, sub(x, items[i]));
    g_free(items);
    return rc;
}

static int set_str(const vp__ydoc *doc, const vp__ynode *n, const char *what, char **dst, const subst *x,
                   vp_error **errp)
{
    const char *s = NULL;
    int rc = vp__ystr(doc, n, what, &s, errp);
    if (!rc) {
        g_free(*dst);
        *dst = sub(x, s);
    }
    return rc;
}

/* Applies the keys of `m` (a job or the defaults) to `j`. */
static int apply_keys(batch *b, const vp__ydoc *doc, const vp__ynode *m, bjob *j, bool is_default, const subst *x,
                      vp_error **errp)
{
    static const char *const default_keys[] = {"platform", "kernel",    "bios", "args", "expect", "input",
                                               "timeout",  "max-time", "max-insns", "tags", NULL};
    int rc = vp__ymap_check(doc, m, is_default ? "defaults" : "job", is_default ? default_keys : k_job_keys, errp);
    for (size_t i = 0; !rc && i < m->count; i++) {
        const char *key = m->items[2 * i]->str;
        const vp__ynode *v = m->items[2 * i + 1];
        if (!strcmp(key, "name")) {
            rc = set_str(doc, v, "name", &j->name, x, errp);
            if (!rc && !g_regex_match_simple("^[A-Za-z0-9][A-Za-z0-9._-]*$", j->name, 0, 0))
                rc = vp__yerr(doc, v, errp, VP_EINVAL, "job name '%s': use letters, digits, '.', '_' and '-'",
                              j->name);
        } else if (!strcmp(key, "platform") || !strcmp(key, "kernel") || !strcmp(key, "bios")) {
            const char *raw = NULL;
            rc = vp__yname(doc, v, key, &raw, errp);
            if (!rc) {
                char *s = sub(x, raw);
                char **dst = key[0] == 'p' ? &j->platform : key[0] == 'k' ? &j->kernel : &j->bios;
                g_free(*dst);
                *dst = key[0] == 'p' ? resolve_platform(b, s) : !strcmp(s, "none") ? g_strdup(s) : resolve(b, s);
                g_free(s);
            }
        } else if (!strcmp(key, "args")) {
            g_ptr_array_set_size(j->args, 0);
            rc = add_strings(doc, v, "args", j->args, x, errp);
        } else if (!strcmp(key, "tags")) {
            g_ptr_array_set_size(j->tags, 0);
            rc = add_strings(doc, v, "tags", j->tags, x, errp);
        } else if (!strcmp(key, "input")) {
            rc = set_str(doc, v, "input", &j->input, x, errp);
        } else if (!strcmp(key, "max-time") || !strcmp(key, "max-insns")) {
            rc = set_str(doc, v, key, key[4] == 't' ? &j->max_time : &j->max_insns, x, errp);
        } else if (!strcmp(key, "timeout")) {
            vp_time t = 0;
            rc = vp__ytime(doc, v, "timeout", &t, errp);
            if (!rc && t == 0)
                rc = vp__yerr(doc, v, errp, VP_EINVAL, "timeout must be greater than zero");
            j->timeout = (double)t / (double)VP_SEC;
        } else if (!strcmp(key, "expect")) {
            rc = vp__ymap_check(doc, v, "expect", k_expect_keys, errp);
            for (size_t k = 0; !rc && k < v->count; k++) {
                const char *ek = v->items[2 * k]->str;
                const vp__ynode *ev = v->items[2 * k + 1];
                if (!strcmp(ek, "exit")) {
                    uint64_t e = 0;
                    rc = vp__yu64(doc, ev, "expect.exit", &e, errp);
                    if (!rc && e > 255)
                        rc = vp__yerr(doc, ev, errp, VP_ERANGE, "expect.exit %llu: an exit status is 0..255",
                                      (unsigned long long)e);
                    j->expect_exit = (int64_t)e;
                } else {
                    GPtrArray *dst = !strcmp(ek, "output") ? j->output : j->forbid;
                    g_ptr_array_set_size(dst, 0);
                    rc = add_regexes(doc, ev, !strcmp(ek, "output") ? "expect.output" : "expect.forbid", dst, errp);
                }
            }
        }
    }
    return rc;
}

static bjob *job_new(void)
{
    bjob *j = g_new0(bjob, 1);
    j->args = g_ptr_array_new_with_free_func(g_free);
    j->tags = g_ptr_array_new_with_free_func(g_free);
    j->output = g_ptr_array_new_with_free_func((GDestroyNotify)g_regex_unref);
    j->forbid = g_ptr_array_new_with_free_func((GDestroyNotify)g_regex_unref);
    j->timeout = DEFAULT_TIMEOUT_S;
    return j;
}

/* One job from `jn` (and the defaults), with `x` substituted. */
static int add_job(batch *b, const vp__ydoc *doc, const vp__ynode *defs, const vp__ynode *jn, const subst *x,
                   GHashTable *names, vp_error **errp)
{
    bjob *j = job_new();
    j->line = jn->line;
    g_ptr_array_add(b->jobs, j);
    int rc = jn->kind == VP_Y_MAP ? 0 : vp__yerr(doc, jn, errp, VP_EINVAL, "a job must be a map");
    if (!rc && defs)
        rc = apply_keys(b, doc, defs, j, true, x, errp);
    if (!rc)
        rc = apply_keys(b, doc, jn, j, false, x, errp);
    if (!rc && !j->name)
        rc = vp__yerr(doc, jn, errp, VP_EINVAL, "job: missing `name`");
    if (!rc && !j->platform)
        rc = vp__yerr(doc, jn, errp, VP_EINVAL, "job '%s': no `platform` (in the job or in `defaults`)", j->name);
    if (!rc && !j->kernel && (!j->bios || !strcmp(j->bios, "none")))
        rc = vp__yerr(doc, jn, errp, VP_EINVAL, "job '%s': no `kernel` (or `bios`)", j->name);
    if (!rc && g_hash_table_contains(names, j->name))
        rc = vp__yerr(doc, jn, errp, VP_EEXIST, "job '%s': the name is already used%s", j->name,
                      x ? " (put {stem} or {item} in a generated job's name)" : "");
    if (!rc)
        g_hash_table_add(names, j->name);
    return rc;
}

static int by_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* `each`: a list of items, or a glob (relative to the job file) whose
 * matches, sorted, are the items. Neither may be empty. */
static int each_items(const batch *b, const vp__ydoc *doc, const vp__ynode *jn, const vp__ynode *each,
                      GPtrArray **out, vp_error **errp)
{
    GPtrArray *items = g_ptr_array_new_with_free_func(g_free);
    *out = items;
    const vp__ynode *name = vp__ymap_get(jn, "name");
    if (name && name->kind == VP_Y_SCALAR && !strstr(name->str, "{stem}") && !strstr(name->str, "{item}"))
        return vp__yerr(doc, name, errp, VP_EINVAL, "job '%s' has `each`: its name needs {stem} or {item}", name->str);
    if (each->kind == VP_Y_SEQ) {
        int rc = add_strings(doc, each, "each", items, NULL, errp);
        if (!rc && items->len == 0)
            rc = vp__yerr(doc, each, errp, VP_EINVAL, "each: the list is empty");
        return rc;
    }
    const char *pattern = NULL;
    int rc = vp__ystr(doc, each, "each (a list or a glob)", &pattern, errp);
    if (rc)
        return rc;
    char *full = g_path_is_absolute(pattern) ? g_strdup(pattern) : g_build_filename(b->dir, pattern, NULL);
    glob_t g;
    int grc = glob(full, 0, NULL, &g);
    if (grc == 0)
        for (size_t i = 0; i < g.gl_pathc; i++)
            g_ptr_array_add(items, g_strdup(g.gl_pathv[i]));
    if (grc == 0)
        globfree(&g);
    g_ptr_array_sort(items, by_name_cmp);
    if (items->len == 0)
        rc = vp__yerr(doc, each, errp, VP_ENOENT, "each: '%s' matches no file", full);
    g_free(full);
    return rc;
}

/* `vpbridge batch --platform P ELF...`: a job per ELF, named after its file
 * (its stem; "-2", "-3", ... when two ELFs share one), expecting exit 0.
 * Relative paths are relative to the working directory. */
static int elf_jobs(batch *b, vp_error **errp)
{
    GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < b->elfs->len; i++) {
        const char *elf = g_ptr_array_index(b->elfs, i);
        if (!g_file_test(elf, G_FILE_TEST_IS_REGULAR)) {
            vp_error_set(errp, VP_ENOENT, "batch: %s: no such file", elf);
            g_hash_table_destroy(names);
            return VP_ENOENT;
        }
        char *base = g_path_get_basename(elf), *dot = strrchr(base, '.');
        if (dot && dot != base)
            *dot = 0;
        for (char *c = base; *c; c++)
            if (!g_ascii_isalnum(*c) && *c != '.' && *c != '_' && *c != '-')
                *c = '_';
        char *name = g_strdup(base);
        for (unsigned k = 2; g_hash_table_contains(names, name); k++) {
            g_free(name);
            name = g_strdup_printf("%s-%u", base, k);
        }
        g_free(base);
        g_hash_table_add(names, g_strdup(name));
        bjob *j = job_new();
        j->name = name;
        j->platform = resolve_platform(b, b->cl_platform);
        j->kernel = resolve(b, elf);
        if (b->cl_timeout > 0)
            j->timeout = b->cl_timeout;
        g_ptr_array_add(b->jobs, j);
    }
    g_hash_table_destroy(names);
    return 0;
}

static int load_jobs(batch *b, vp_error **errp)
{
    if (b->elfs->len)
        return elf_jobs(b, errp);
    vp__ydoc *doc = NULL;
    int rc = vp__ydoc_load(b->file, &doc, errp);
    if (rc)
        return rc;
    static const char *const top_keys[] = {"defaults", "jobs", NULL};
    const vp__ynode *root = doc->root, *defs = NULL, *list = NULL;
    if (!root)
        vp_error_set(errp, rc = VP_EINVAL, "%s: empty job file: it needs `jobs:`", b->file);
    if (!rc)
        rc = vp__ymap_check(doc, root, "job file", top_keys, errp);
    if (!rc)
        rc = vp__ymap_need(doc, root, "job file", "jobs", &list, errp);
    if (!rc && list->kind != VP_Y_SEQ)
        rc = vp__yerr(doc, list, errp, VP_EINVAL, "jobs must be a list");
    if (!rc && list->count == 0)
        rc = vp__yerr(doc, list, errp, VP_EINVAL, "jobs: the list is empty");
    defs = rc ? NULL : vp__ymap_get(root, "defaults");
    GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; !rc && i < list->count; i++) {
        const vp__ynode *jn = list->items[i], *each = jn->kind == VP_Y_MAP ? vp__ymap_get(jn, "each") : NULL;
        if (!each) {
            rc = add_job(b, doc, defs, jn, NULL, names, errp);
            continue;
        }
        GPtrArray *items = NULL;
        rc = each_items(b, doc, jn, each, &items, errp);
        for (guint k = 0; !rc && k < items->len; k++) {
            const char *it = g_ptr_array_index(items, k);
            char *base = g_path_get_basename(it), *dot = strrchr(base, '.');
            if (dot && dot != base)
                *dot = 0;
            subst x = {it, base};
            rc = add_job(b, doc, defs, jn, &x, names, errp);
            g_free(base);
        }
        if (items)
            g_ptr_array_unref(items);
    }
    g_hash_table_destroy(names);
    vp__ydoc_free(doc);
    return rc;
}

/* ---- running ------------------------------------------------------------------- */

/* In place (file_int.h); a failure is one line on stderr naming the file
 * and the reason, after `what` (e.g. "--junit "). */
static bool write_file(const char *what, const char *path, const char *text)
{
    vp_error *err = NULL;
    if (vp_file_write(path, text, strlen(text), &err) == 0)
        return true;
    fprintf(stderr, "vpbridge: batch: %s%s\n", what, err->msg);
    vp_error_free(err);
    return false;
}

static void job_launch(batch *b, bjob *j)
{
    const char *out_path, *err_path;
    if (j->run == 2) { /* --check-determinism's second run */
        out_path = j->out2_path = g_strdup_printf("%s/%s.run2.out", b->out_dir, j->name);
        err_path = j->err2_path = g_strdup_printf("%s/%s.run2.err", b->out_dir, j->name);
    } else {
        j->run = 1;
        out_path = j->out_path = g_strdup_printf("%s/%s.out", b->out_dir, j->name);
        err_path = j->err_path = g_strdup_printf("%s/%s.err", b->out_dir, j->name);
    }
    if (j->input && !j->in_path) {
        j->in_path = g_strdup_printf("%s/%s.in", b->out_dir, j->name);
        write_file("job input: ", j->in_path, j->input); /* if it fails, the job's run says so too */
    }
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup("vpbridge"));
    g_ptr_array_add(argv, g_strdup("run"));
    g_ptr_array_add(argv, g_strdup(j->platform));
    if (j->kernel) {
        g_ptr_array_add(argv, g_strdup("--kernel"));
        g_ptr_array_add(argv, g_strdup(j->kernel));
    }
    if (j->bios) {
        g_ptr_array_add(argv, g_strdup("--bios"));
        g_ptr_array_add(argv, g_strdup(j->bios));
    }
    g_ptr_array_add(argv, g_strdup("--stats"));
    g_ptr_array_add(argv, g_strdup("--digest"));
    g_ptr_array_add(argv, g_strdup("--timeout"));
    g_ptr_array_add(argv, g_strdup_printf("%.3f", j->timeout));
    if (j->max_time) {
        g_ptr_array_add(argv, g_strdup("--max-time"));
        g_ptr_array_add(argv, g_strdup(j->max_time));
    }
    if (j->max_insns) {
        g_ptr_array_add(argv, g_strdup("--max-insns"));
        g_ptr_array_add(argv, g_strdup(j->max_insns));
    }
    for (guint i = 0; i < j->args->len; i++)
        g_ptr_array_add(argv, g_strdup(g_ptr_array_index(j->args, i)));
    g_ptr_array_add(argv, NULL);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL); /* the runner blocks SIGCHLD (run_all) */
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        int in = open(j->in_path ? j->in_path : "/dev/null", O_RDONLY);
        int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || err < 0)
            _exit(127);
        dup2(in, 0), dup2(out, 1), dup2(err, 2);
        close(in), close(out), close(err);
        execv(b->exe, (char **)argv->pdata);
        dprintf(2, "vpbridge batch: cannot run %s: %s\n", b->exe, strerror(errno));
        _exit(127);
    }
    g_ptr_array_unref(argv);
    if (j->run == 1)
        j->start = now_s();
    if (pid < 0 && j->run == 2) {
        j->state = J_DONE;
        j->passed = false;
        g_free(j->status);
        j->status = g_strdup("failed");
        g_free(j->reason);
        j->reason = g_strdup_printf("cannot start the second run: %s", strerror(errno));
        return;
    }
    if (pid < 0) {
        j->state = J_DONE;
        j->status = g_strdup("crashed");
        j->reason = g_strdup_printf("cannot start: %s", strerror(errno));
        j->exit_code = -1;
        return;
    }
    setpgid(pid, pid);
    j->pid = pid;
    j->kill_at = now_s() + j->timeout + KILL_GRACE_S;
    j->state = J_RUNNING;
}

/* The digest `vpbridge run --digest` printed in `err`. */
static bool parse_digest(const char *err, uint64_t *d)
{
    const char *p = strstr(err, "vpbridge: digest ");
    if (!p)
        return false;
    char *end = NULL;
    *d = g_ascii_strtoull(p + strlen("vpbridge: digest "), &end, 16);
    return end && end != p + strlen("vpbridge: digest ");
}

/* --check-determinism: run 2 against run 1 (already judged): the console
 * output byte for byte, the exit status, the execution digest. A
 * difference fails the job as "nondeterministic", saying what differed. */
static void job_compare_runs(bjob *j, int wstatus2)
{
    char *o1 = NULL, *o2 = NULL, *e2 = NULL;
    gsize n1 = 0, n2 = 0;
    g_file_get_contents(j->out_path, &o1, &n1, NULL);
    g_file_get_contents(j->out2_path, &o2, &n2, NULL);
    g_file_get_contents(j->err2_path, &e2, NULL, NULL);
    GString *why = g_string_new("");
    if (!WIFEXITED(wstatus2)) {
        g_string_append_printf(why, "run 2 killed by signal %d", WTERMSIG(wstatus2));
    } else {
        if (WEXITSTATUS(wstatus2) != j->exit_code)
            g_string_append_printf(why, "exit %d in run 1, %d in run 2", j->exit_code, WEXITSTATUS(wstatus2));
        gsize k = 0;
        while (k < n1 && k < n2 && o1[k] == o2[k])
            k++;
        if (k < n1 || k < n2)
            g_string_append_printf(why, "%sconsole output differs from byte %zu (%zu vs %zu bytes)",
                                   why->len ? "; " : "", (size_t)k, (size_t)n1, (size_t)n2);
        uint64_t d2 = 0;
        bool has2 = e2 && parse_digest(e2, &d2);
        if (!j->has_digest || !has2)
            g_string_append_printf(why, "%sno digest from run %d", why->len ? "; " : "", j->has_digest ? 2 : 1);
        else if (d2 != j->digest)
            g_string_append_printf(why, "%sdigest %016llx in run 1, %016llx in run 2", why->len ? "; " : "",
                                   (unsigned long long)j->digest, (unsigned long long)d2);
    }
    if (why->len) {
        j->passed = false;
        g_free(j->status);
        j->status = g_strdup("nondeterministic");
        char *r = g_strdup_printf("%s%s%s", why->str, j->reason && *j->reason ? "; run 1: " : "",
                                  j->reason ? j->reason : "");
        g_free(j->reason);
        j->reason = r;
    }
    g_string_free(why, TRUE);
    g_free(o1);
    g_free(o2);
    g_free(e2);
}

/* The number after `key` in `text` (0 when absent). */
static double number_after(const char *text, const char *key)
{
    const char *p = strstr(text, key);
    return p ? g_ascii_strtod(p + strlen(key), NULL) : 0;
}

/* "simulated time 1.234 ms" -> seconds. */
static double sim_seconds(const char *err)
{
    const char *p = strstr(err, "simulated time ");
    if (!p)
        return 0;
    char *end = NULL;
    double v = g_ascii_strtod(p + strlen("simulated time "), &end);
    while (end && *end == ' ')
        end++;
    static const struct { const char *u; double f; } units[] = {{"ps", 1e-12}, {"ns", 1e-9}, {"us", 1e-6},
                                                               {"ms", 1e-3}, {"s", 1}};
    for (size_t i = 0; end && i < sizeof units / sizeof units[0]; i++)
        if (g_str_has_prefix(end, units[i].u))
            return v * units[i].f;
    return v;
}

static void job_judge(bjob *j)
{
    char *out = NULL, *err = NULL;
    g_file_get_contents(j->out_path, &out, NULL, NULL);
    g_file_get_contents(j->err_path, &err, NULL, NULL);
    if (!out)
        out = g_strdup("");
    if (!err)
        err = g_strdup("");
    for (const char *p = err; (p = strstr(p, "vpbridge: stats: hart ")) != NULL; p++)
        j->insns += (uint64_t)number_after(p, "insns ");
    j->sim_s = sim_seconds(err);
    j->has_digest = parse_digest(err, &j->digest);
    double run_wall = number_after(err, "wall time "); /* the simulation's own, without start-up */
    j->mips = run_wall > 0 ? (double)j->insns / run_wall / 1e6 : 0;
    GString *why = g_string_new("");
    const char *status = "failed";
    if (j->interrupted) {
        status = "interrupted";
        g_string_append(why, "stopped by the runner's signal");
    } else if (j->killed) {
        status = "timeout";
        g_string_append_printf(why, "no exit within the %.3g s budget: killed", j->timeout);
    } else if (WIFSIGNALED(j->wstatus)) {
        status = "crashed";
        j->exit_code = -1;
        g_string_append_printf(why, "killed by signal %d (%s)", WTERMSIG(j->wstatus), strsignal(WTERMSIG(j->wstatus)));
    } else {
        j->exit_code = WEXITSTATUS(j->wstatus);
        if (j->exit_code != j->expect_exit) {
            if (j->exit_code == 124 && strstr(err, "wall-clock"))
                status = "timeout";
            /* vpbridge's own last stderr line says why (a limit, a dead-lock, a bad image) */
            const char *last = NULL;
            for (const char *p = err; (p = strstr(p, "vpbridge: ")) != NULL; p++)
                if (!g_str_has_prefix(p, "vpbridge: stats:") && !g_str_has_prefix(p, "vpbridge: digest "))
                    last = p;
            char *line = last ? g_strndup(last, strcspn(last, "\n")) : NULL;
            g_string_append_printf(why, "exit %d, expected %d%s%s", j->exit_code, (int)j->expect_exit,
                                   line ? ": " : "", line ? line : "");
            g_free(line);
        }
        for (guint i = 0; i < j->output->len; i++) {
            GRegex *re = g_ptr_array_index(j->output, i);
            if (!g_regex_match(re, out, 0, NULL))
                g_string_append_printf(why, "%soutput lacks /%s/", why->len ? "; " : "", g_regex_get_pattern(re));
        }
        for (guint i = 0; i < j->forbid->len; i++) {
            GRegex *re = g_ptr_array_index(j->forbid, i);
            if (g_regex_match(re, out, 0, NULL) || g_regex_match(re, err, 0, NULL))
                g_string_append_printf(why, "%sforbidden /%s/ appears", why->len ? "; " : "", g_regex_get_pattern(re));
        }
        if (why->len == 0)
            status = "passed";
    }
    j->passed = !strcmp(status, "passed");
    j->status = g_strdup(status);
    j->reason = g_string_free(why, FALSE);
    g_free(out);
    g_free(err);
}

static void stop_job(bjob *j, int signo)
{
    if (j->state == J_RUNNING && j->pid > 0)
        kill(-j->pid, signo);
}

/* One line per finished job; on a terminal a progress line under them. */
static void report_progress(const batch *b, const bjob *j, unsigned done, unsigned failed, unsigned running,
                            double t0, bool tty)
{
    if (tty)
        fputs("\r\033[K", stdout);
    if (j) {
        printf("%s %s (%.2f s)%s%s\n", j->passed ? "PASS" : "FAIL", j->name, j->wall, j->passed ? "" : ": ",
               j->passed ? "" : j->reason);
    }
    if (tty) {
        double el = now_s() - t0, rate = el > 0 ? done / el * 60.0 : 0;
        unsigned total = b->jobs->len, left = total - done;
        printf("[%u/%u] failed %u, running %u, %.0f jobs/min, ETA %.0f s", done, total, failed, running, rate,
               done ? el / done * left : 0.0);
    }
    fflush(stdout);
}

static void run_all(batch *b)
{
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    unsigned next = 0, running = 0, done = 0, failed = 0;
    bool tty = isatty(1), stopping = false;
    double t0 = now_s(), drawn = 0;
    while (done < b->jobs->len) {
        if (g_stop_signal && !stopping) {
            stopping = true;
            for (guint i = 0; i < b->jobs->len; i++) {
                bjob *j = g_ptr_array_index(b->jobs, i);
                if (j->state == J_RUNNING) {
                    j->interrupted = true;
                    stop_job(j, SIGTERM);
                    j->kill_at = now_s() + KILL_GRACE_S; /* SIGKILL if it does not go */
                }
            }
        }
        while (!stopping && running < b->jobs_n && next < b->jobs->len) {
            bjob *j = g_ptr_array_index(b->jobs, next++);
            job_launch(b, j);
            if (j->state == J_RUNNING) {
                running++;
            } else {
                done++, failed++;
                report_progress(b, j, done, failed, running, t0, tty);
            }
        }
        if (stopping && running == 0)
            break;
        int ws = 0;
        pid_t pid = waitpid(-1, &ws, WNOHANG);
        if (pid > 0) {
            for (guint i = 0; i < b->jobs->len; i++) {
                bjob *j = g_ptr_array_index(b->jobs, i);
                if (j->state == J_RUNNING && j->pid == pid) {
                    j->state = J_DONE;
                    j->wall = now_s() - j->start;
                    if (j->run == 2 && j->interrupted) {
                        j->passed = false;
                        g_free(j->status);
                        j->status = g_strdup("interrupted");
                        g_free(j->reason);
                        j->reason = g_strdup("stopped by the runner's signal in the second run");
                    } else if (j->run == 2) {
                        job_compare_runs(j, ws);
                    } else {
                        j->wstatus = ws;
                        job_judge(j);
                        /* a run that ended by itself runs again, in the same slot */
                        if (b->check_det && !stopping && !j->killed && !j->interrupted && WIFEXITED(ws)) {
                            j->run = 2;
                            job_launch(b, j);
                            if (j->state == J_RUNNING)
                                continue;
                        }
                    }
                    running--, done++;
                    failed += !j->passed;
                    report_progress(b, j, done, failed, running, t0, tty);
                }
            }
            continue;
        }
        double t = now_s();
        for (guint i = 0; i < b->jobs->len; i++) { /* past the budget and the grace: kill */
            bjob *j = g_ptr_array_index(b->jobs, i);
            if (j->state == J_RUNNING && !j->killed && t > j->kill_at) {
                j->killed = !j->interrupted;
                stop_job(j, SIGKILL);
            }
        }
        /* Until a job ends (SIGCHLD, blocked, so none is lost between
         * waitpid and here), a signal to stop, or 10 ms for the deadlines. */
        struct timespec tick = {0, 10 * 1000 * 1000};
        sigtimedwait(&chld, NULL, &tick);
        if (tty && now_s() - drawn >= 0.2) { /* the progress line, five times a second */
            report_progress(b, NULL, done, failed, running, t0, tty);
            drawn = now_s();
        }
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (tty)
        fputs("\r\033[K", stdout);
}

/* ---- reports ------------------------------------------------------------------------ */

static bool write_junit(const batch *b, unsigned failed, double total)
{
    GString *s = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    unsigned finished = 0;
    for (guint i = 0; i < b->jobs->len; i++)
        finished += ((bjob *)g_ptr_array_index(b->jobs, i))->state == J_DONE;
    g_string_append(s, "  <testsuite name=\"");
    vp_report_xml_text(s, b->file);
    g_string_append_printf(s, "\" tests=\"%u\" failures=\"%u\" skipped=\"%u\" time=\"%.3f\">\n", b->jobs->len, failed,
                           b->jobs->len - finished, total);
    for (guint i = 0; i < b->jobs->len; i++) {
        const bjob *j = g_ptr_array_index(b->jobs, i);
        g_string_append(s, "    <testcase classname=\"vpbridge.batch\" name=\"");
        vp_report_xml_text(s, j->name);
        g_string_append_printf(s, "\" time=\"%.3f\">\n", j->wall);
        if (j->state != J_DONE) {
            g_string_append(s, "      <skipped message=\"not run: the batch was stopped\"/>\n");
        } else if (!j->passed) {
            g_string_append(s, "      <failure type=\"");
            vp_report_xml_text(s, j->status);
            g_string_append(s, "\" message=\"");
            vp_report_xml_text(s, j->reason);
            g_string_append(s, "\"/>\n");
        }
        if (j->out_path) {
            g_string_append(s, "      <system-out>");
            vp_report_xml_text(s, j->out_path);
            g_string_append(s, "</system-out>\n      <system-err>");
            vp_report_xml_text(s, j->err_path);
            g_string_append(s, "</system-err>\n");
        }
        g_string_append(s, "    </testcase>\n");
    }
    g_string_append(s, "  </testsuite>\n</testsuites>\n");
    bool ok = write_file("--junit ", b->junit, s->str);
    g_string_free(s, TRUE);
    return ok;
}

static bool write_json(const batch *b, unsigned passed, unsigned failed)
{
    GString *s = g_string_new("{\n  \"file\": ");
    vp_report_json_str(s, b->file);
    /* shard and index (1-based, in the whole job list) let batch-merge put shards back together */
    g_string_append_printf(s, ",\n  \"shard\": {\"index\": %u, \"count\": %u},\n  \"jobs_listed\": %u",
                           b->shard_n ? b->shard_i : 1, b->shard_n ? b->shard_n : 1, b->listed);
    g_string_append_printf(s, ",\n  \"jobs_total\": %u,\n  \"passed\": %u,\n  \"failed\": %u,\n  \"jobs\": [", b->jobs->len,
                           passed, failed);
    for (guint i = 0; i < b->jobs->len; i++) {
        const bjob *j = g_ptr_array_index(b->jobs, i);
        g_string_append(s, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
        vp_report_json_str(s, j->name);
        g_string_append(s, ", \"status\": ");
        vp_report_json_str(s, j->state == J_DONE ? j->status : "not-run");
        if (j->state == J_DONE) {
            g_string_append(s, ", \"exit\": ");
            if (j->exit_code >= 0 && !j->killed && !j->interrupted)
                g_string_append_printf(s, "%d", j->exit_code);
            else
                g_string_append(s, "null");
            g_string_append(s, ", \"reason\": ");
            vp_report_json_str(s, j->reason);
            g_string_append_printf(s, ", \"insns\": %llu, \"sim_time_s\": %.9g, \"wall_s\": %.3f, \"mips\": %.2f",
                                   (unsigned long long)j->insns, j->sim_s, j->wall, j->mips);
            if (j->has_digest)
                g_string_append_printf(s, ", \"digest\": \"%016llx\"", (unsigned long long)j->digest);
            else
                g_string_append(s, ", \"digest\": null");
            g_string_append(s, ", \"stdout\": ");
            vp_report_json_str(s, j->out_path);
            g_string_append(s, ", \"stderr\": ");
            vp_report_json_str(s, j->err_path);
        }
        g_string_append(s, ", \"tags\": [");
        for (guint t = 0; t < j->tags->len; t++) {
            if (t)
                g_string_append(s, ", ");
            vp_report_json_str(s, g_ptr_array_index(j->tags, t));
        }
        g_string_append_printf(s, "], \"index\": %u}", b->shard_n ? i * b->shard_n + b->shard_i : i + 1);
    }
    g_string_append(s, "\n  ]\n}\n");
    bool ok = write_file("--json ", b->json, s->str);
    g_string_free(s, TRUE);
    return ok;
}

/* ---- command line ---------------------------------------------------------------------- */

static const char k_usage[] =
    "usage: vpbridge batch JOBS.yaml [-j N] [--junit FILE] [--json FILE] [--out DIR] [--shard I/N]\n"
    "                      [--check-determinism]\n"
    "       vpbridge batch --platform P [--timeout T] [OPTIONS] ELF...\n"
    "  --platform P  with ELFs instead of a job file: one job per ELF on platform P (a file or a\n"
    "                machine), named after the ELF, passing on exit status 0\n"
    "  --timeout T   with ELFs: each job's wall-clock budget, e.g. 30s (default 60s)\n"
    "  -j N          jobs at once (default: the number of cores)\n"
    "  --junit FILE  JUnit XML report\n"
    "  --json FILE   JSON report (status, exit, reason, instructions, times, logs per job)\n"
    "  --out DIR     the jobs' output files, DIR/NAME.out and .err (default vpbridge-batch)\n"
    "  --shard I/N   run the I-th of N slices of the job list (jobs I, I+N, ...; 1-based)\n"
    "  --check-determinism  run each job twice; a different console output, exit status or\n"
    "                execution digest fails it (status nondeterministic)\n"
    "exit status: 0 every job passed; 1 a job failed; 2 bad usage; 125 bad job file;\n"
    "128+signal stopped by SIGINT/SIGTERM (the reports cover the finished jobs). See docs/batch.md.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vpbridge: batch: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see vpbridge batch --help)\n");
    return 2;
}

/* True if `path` starts like an ELF file. */
static bool is_elf(const char *path)
{
    char magic[4] = {0};
    FILE *f = fopen(path, "rb");
    bool elf = f && fread(magic, 1, 4, f) == 4 && !memcmp(magic, "\177ELF", 4);
    if (f)
        fclose(f);
    return elf;
}

static int parse_args(batch *b, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(k_usage, stdout);
            return -1;
        }
        bool has_value = !strcmp(a, "-j") || !strcmp(a, "--junit") || !strcmp(a, "--json") || !strcmp(a, "--out") ||
                         !strcmp(a, "--shard") || !strcmp(a, "--platform") || !strcmp(a, "--timeout");
        if (has_value && i + 1 >= argc)
            return usage_error("%s: missing value", a);
        const char *v = has_value ? argv[++i] : NULL;
        if (!strcmp(a, "-j")) {
            char *end = NULL;
            unsigned long n = strtoul(v, &end, 10);
            if (!*v || *end || n == 0 || n > 4096)
                return usage_error("-j: '%s' is not a count of 1..4096", v);
            b->jobs_n = (unsigned)n;
        } else if (!strcmp(a, "--junit") || !strcmp(a, "--json") || !strcmp(a, "--out")) {
            if (!*v)
                return usage_error("%s: empty file name", a);
            char **dst = a[2] == 'o' ? &b->out_dir : a[3] == 'u' ? &b->junit : &b->json;
            g_free(*dst);
            *dst = g_strdup(v);
        } else if (!strcmp(a, "--check-determinism")) {
            b->check_det = true;
        } else if (!strcmp(a, "--platform")) {
            if (!*v)
                return usage_error("%s: empty platform", a);
            g_free(b->cl_platform);
            b->cl_platform = g_strdup(v);
        } else if (!strcmp(a, "--timeout")) {
            vp_time t = 0;
            if (vp_time_parse(v, &t) != 0 || t == 0)
                return usage_error("--timeout: '%s' is not a time greater than zero (e.g. 30s)", v);
            b->cl_timeout = (double)t / (double)VP_SEC;
        } else if (!strcmp(a, "--shard")) {
            unsigned si = 0, sn = 0;
            char extra;
            if (sscanf(v, "%u/%u%c", &si, &sn, &extra) != 2 || sn == 0 || si == 0 || si > sn)
                return usage_error("--shard: '%s' is not I/N with 1 <= I <= N", v);
            b->shard_i = si, b->shard_n = sn;
        } else if (a[0] == '-') {
            return usage_error("unknown option '%s'", a);
        } else if (g_str_has_suffix(a, ".yaml") || g_str_has_suffix(a, ".yml")) {
            if (b->file)
                return usage_error("unexpected argument '%s': one job file", a);
            b->file = g_strdup(a);
        } else {
            g_ptr_array_add(b->elfs, g_strdup(a));
        }
    }
    if (!b->file && b->elfs->len == 1 && !b->cl_platform && !is_elf(g_ptr_array_index(b->elfs, 0)))
        b->file = g_ptr_array_steal_index(b->elfs, 0); /* a job file named otherwise */
    if (b->file && b->elfs->len)
        return usage_error("'%s': a job file or ELFs, not both", (const char *)g_ptr_array_index(b->elfs, 0));
    if (b->elfs->len && !b->cl_platform)
        return usage_error("%s", "ELFs on the command line need --platform");
    if (b->file && (b->cl_platform || b->cl_timeout > 0))
        return usage_error("%s", "--platform and --timeout go with ELFs; a job file has `platform` and `timeout`");
    if (!b->file && !b->elfs->len)
        return usage_error("%s", "missing JOBS.yaml (or --platform P and ELFs)");
    if (!b->file) /* the reports' name for the list */
        b->file = g_strdup("command-line");
    return 0;
}

int vp_batch_read_jobs(const char *path, unsigned *count, vp_error **errp)
{
    batch b = {0};
    b.jobs = g_ptr_array_new_with_free_func(job_free);
    b.elfs = g_ptr_array_new_with_free_func(g_free);
    b.file = g_strdup(path);
    b.dir = g_path_get_dirname(path);
    int rc = load_jobs(&b, errp);
    if (count)
        *count = rc ? 0 : b.jobs->len;
    g_ptr_array_unref(b.jobs);
    g_ptr_array_unref(b.elfs);
    g_free(b.file);
    g_free(b.dir);
    return rc;
}

int vp_batch_main(int argc, char **argv)
{
    batch b = {0};
    b.jobs = g_ptr_array_new_with_free_func(job_free);
    b.elfs = g_ptr_array_new_with_free_func(g_free);
    b.jobs_n = g_get_num_processors();
    b.out_dir = g_strdup("vpbridge-batch");
    int rc = parse_args(&b, argc, argv);
    vp_error *err = NULL;
    if (rc == 0) {
        char *d = g_path_get_dirname(b.file);
        b.dir = d;
        ssize_t n = readlink("/proc/self/exe", b.exe, sizeof b.exe - 1);
        if (n <= 0) {
            fprintf(stderr, "vpbridge: batch: cannot find its own executable: %s\n", strerror(errno));
            rc = 125;
        } else {
            b.exe[n] = 0;
        }
    }
    if (rc == 0 && load_jobs(&b, &err) != 0) {
        fprintf(stderr, "vpbridge: %s\n", err && err->msg ? err->msg : "cannot read the job file");
        vp_error_free(err);
        rc = 125;
    }
    b.listed = b.jobs->len;
    if (rc == 0 && b.shard_n) { /* jobs i with i % N == I - 1, in file order */
        GPtrArray *keep = g_ptr_array_new_with_free_func(job_free);
        for (guint i = 0; i < b.jobs->len; i++) {
            bjob *j = g_ptr_array_index(b.jobs, i);
            if (i % b.shard_n == b.shard_i - 1)
                g_ptr_array_add(keep, j);
            else
                job_free(j);
        }
        g_ptr_array_set_free_func(b.jobs, NULL);
        g_ptr_array_unref(b.jobs);
        b.jobs = keep;
    }
    if (rc == 0 && g_mkdir_with_parents(b.out_dir, 0755) != 0) {
        fprintf(stderr, "vpbridge: batch: --out %s: %s\n", b.out_dir, strerror(errno));
        rc = 125;
    }
    if (rc == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_stop;
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        double t0 = now_s();
        run_all(&b);
        unsigned passed = 0, failed = 0;
        for (guint i = 0; i < b.jobs->len; i++) {
            bjob *j = g_ptr_array_index(b.jobs, i);
            passed += j->state == J_DONE && j->passed;
            failed += j->state == J_DONE && !j->passed;
        }
        printf("batch: %u jobs, %u passed, %u failed%s, %.2f s\n", b.jobs->len, passed, failed,
               g_stop_signal ? ", stopped by a signal" : "", now_s() - t0);
        if (b.junit && !write_junit(&b, failed, now_s() - t0)) /* one line said why */
            rc = 125;
        if (b.json && !write_json(&b, passed, failed))
            rc = 125;
        if (!rc)
            rc = g_stop_signal ? 128 + g_stop_signal : passed == b.jobs->len ? 0 : 1;
    }
    g_ptr_array_unref(b.jobs);
    g_free(b.file);
    g_free(b.dir);
    g_free(b.junit);
    g_free(b.json);
    g_free(b.cl_platform);
    g_ptr_array_unref(b.elfs);
    g_free(b.out_dir);
    fflush(stdout);
    return rc < 0 ? 0 : rc;
}
