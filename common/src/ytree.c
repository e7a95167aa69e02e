/* SPDX-License-Identifier: Apache-2.0 */
/* ytree.c - YAML document tree with line:column marks (libyaml events) and
 * the typed schema helpers used by the manifest and platform readers.
 */
#include "ytree_int.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define YTREE_MAX_DEPTH 64

static void node_free(vp__ynode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nitems; i++)
        node_free(n->items[i]);
    g_free(n->items);
    g_free(n->str);
    g_free(n);
}

void vp__ydoc_free(vp__ydoc *doc)
{
    if (!doc)
        return;
    node_free(doc->root);
    g_free(doc->file);
    g_free(doc);
}

int vp__yerr(const vp__ydoc *doc, const vp__ynode *n, vp_error **errp, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (n)
        vp_error_set(errp, code, "%s:%u:%u: %s", doc->file, n->line, n->col, msg);
    else
        vp_error_set(errp, code, "%s: %s", doc->file, msg);
    g_free(msg);
    return code;
}

int vp__yerr_prefix(const vp__ydoc *doc, const vp__ynode *n, vp_error **errp, int code)
{
    vp_error_prefix(errp, "%s:%u:%u", doc->file, n->line, n->col);
    return code;
}

/* Appends a child to a SEQ (one item) or MAP (key or value slot). */
static void node_append(vp__ynode *parent, vp__ynode *child, size_t *slots)
{
    parent->items = g_realloc_n(parent->items, *slots + 1, sizeof(*parent->items));
    parent->items[(*slots)++] = child;
    parent->nitems = *slots;
}

typedef struct yframe {
    vp__ynode *node;
    size_t slots; /* filled entries in items[] */
} yframe;

static vp__ynode *node_new(vp__ykind kind, const yaml_mark_t *m)
{
    vp__ynode *n = g_new0(vp__ynode, 1);
    n->kind = kind;
    n->line = (unsigned)m->line + 1;
    n->col = (unsigned)m->column + 1;
    return n;
}

/* Attaches a finished node to the parent frame (or makes it the root). */
static void attach(yframe *stack, int depth, vp__ydoc *doc, vp__ynode *n)
{
    if (depth == 0) {
        doc->root = n;
        return;
    }
    yframe *f = &stack[depth - 1];
    node_append(f->node, n, &f->slots);
    if (f->node->kind == VP_Y_MAP)
        f->node->count = f->slots / 2;
    else
        f->node->count = f->slots;
}

static int parse_events(yaml_parser_t *ps, vp__ydoc *doc, vp_error **errp)
{
    yframe stack[YTREE_MAX_DEPTH];
    int depth = 0, rc = 0;
    bool done = false, doc_seen = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(ps, &ev)) {
            vp_error_set(errp, VP_EPARSE, "%s:%zu:%zu: yaml: %s%s%s", doc->file, ps->problem_mark.line + 1,
                         ps->problem_mark.column + 1, ps->problem ? ps->problem : "syntax error",
                         ps->context ? " " : "", ps->context ? ps->context : "");
            rc = VP_EPARSE;
            break;
        }
        vp__ynode *n = NULL;
        switch (ev.type) {
        case YAML_SCALAR_EVENT:
            n = node_new(VP_Y_SCALAR, &ev.start_mark);
            n->str = g_strndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
            n->quoted = ev.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                        ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
            attach(stack, depth, doc, n);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (depth >= YTREE_MAX_DEPTH) {
                vp_error_set(errp, VP_EPARSE, "%s:%zu:%zu: yaml: nesting deeper than %d levels", doc->file,
                             ev.start_mark.line + 1, ev.start_mark.column + 1, YTREE_MAX_DEPTH);
                rc = VP_EPARSE;
                break;
            }
            n = node_new(ev.type == YAML_SEQUENCE_START_EVENT ? VP_Y_SEQ : VP_Y_MAP, &ev.start_mark);
            attach(stack, depth, doc, n);
            stack[depth].node = n;
            stack[depth].slots = 0;
            depth++;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        case YAML_ALIAS_EVENT:
            vp_error_set(errp, VP_EPARSE, "%s:%zu:%zu: yaml: aliases are not supported", doc->file,
                         ev.start_mark.line + 1, ev.start_mark.column + 1);
            rc = VP_EPARSE;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (doc_seen) {
                vp_error_set(errp, VP_EPARSE, "%s:%zu:%zu: yaml: a second document: one document per file", doc->file,
                             ev.start_mark.line + 1, ev.start_mark.column + 1);
                rc = VP_EPARSE;
            }
            doc_seen = true;
            break;
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
        if (rc)
            break;
    }
    return rc;
}

int vp__ydoc_load(const char *path, vp__ydoc **out, vp_error **errp)
{
    *out = NULL;
    /* The whole file through the one input reader (bounded size, no FIFO
     * or device, short reads, read errors: file.c), then libyaml on it. */
    vp_error *ferr = NULL;
    int frc = vp_file_check(path, VP_FILE_MAX_TEXT, NULL, &ferr);
    if (frc == VP_EINVAL || frc == VP_ERANGE) {
        vp_error_set(errp, frc, "%s", ferr->msg);
        vp_error_free(ferr);
        return frc;
    }
    if (frc) {
        size_t n = path ? strlen(path) : 0; /* "PATH: reason" -> "PATH: cannot open: reason" */
        const char *why = path && !strncmp(ferr->msg, path, n) && !strncmp(ferr->msg + n, ": ", 2) ? ferr->msg + n + 2
                                                                                                   : ferr->msg;
        vp_error_set(errp, frc, "%s: cannot open: %s", path ? path : "(null)", why);
        vp_error_free(ferr);
        return frc;
    }
    char *text = NULL;
    size_t len = 0;
    frc = vp_file_read(path, VP_FILE_MAX_TEXT, &text, &len, &ferr);
    if (frc) {
        vp_error_set(errp, frc, "%s", ferr->msg);
        vp_error_free(ferr);
        return frc;
    }
    vp__ydoc *doc = g_new0(vp__ydoc, 1);
    doc->file = g_strdup(path);
    yaml_parser_t ps;
    if (!yaml_parser_initialize(&ps)) {
        free(text);
        vp__ydoc_free(doc);
        vp_error_set(errp, VP_ENOMEM, "%s: cannot initialise the YAML parser", path);
        return VP_ENOMEM;
    }
    yaml_parser_set_input_string(&ps, (const unsigned char *)text, len);
    int rc = parse_events(&ps, doc, errp);
    yaml_parser_delete(&ps);
    free(text);
    if (rc) {
        vp__ydoc_free(doc);
        return rc;
    }
    *out = doc;
    return 0;
}

static const char *kind_name(vp__ykind k)
{
    return k == VP_Y_MAP ? "a mapping" : k == VP_Y_SEQ ? "a sequence" : "a scalar";
}

int vp__ymap_check(const vp__ydoc *doc, const vp__ynode *n, const char *what, const char *const *allowed,
                   vp_error **errp)
{
    if (!n || n->kind != VP_Y_MAP)
        return vp__yerr(doc, n, errp, VP_EPARSE, "%s must be a mapping, not %s", what,
                        n ? kind_name(n->kind) : "empty");
    for (size_t i = 0; i < n->count; i++) {
        const vp__ynode *k = n->items[2 * i];
        if (k->kind != VP_Y_SCALAR)
            return vp__yerr(doc, k, errp, VP_EPARSE, "%s: keys must be scalars", what);
        bool ok = false;
        for (const char *const *a = allowed; a && *a && !ok; a++)
            ok = strcmp(*a, k->str) == 0;
        if (!ok) {
            GString *s = g_string_new(NULL);
            for (const char *const *a = allowed; a && *a; a++)
                g_string_append_printf(s, "%s%s", s->len ? ", " : "", *a);
            vp__yerr(doc, k, errp, VP_EPARSE, "unknown key '%s' in %s (expected one of: %s)", k->str, what,
                     s->str);
            g_string_free(s, TRUE);
            return VP_EPARSE;
        }
        for (size_t j = 0; j < i; j++) {
            const vp__ynode *p = n->items[2 * j];
            if (strcmp(p->str, k->str) == 0)
                return vp__yerr(doc, k, errp, VP_EPARSE, "duplicate key '%s' in %s (first at line %u)", k->str,
                                what, p->line);
        }
    }
    return 0;
}

const vp__ynode *vp__ymap_get(const vp__ynode *map, const char *key)
{
    if (!map || map->kind != VP_Y_MAP)
        return NULL;
    for (size_t i = 0; i < map->count; i++) {
        const vp__ynode *k = map->items[2 * i];
        if (k->kind == VP_Y_SCALAR && strcmp(k->str, key) == 0)
            return map->items[2 * i + 1];
    }
    return NULL;
}

int vp__ymap_need(const vp__ydoc *doc, const vp__ynode *map, const char *what, const char *key,
                  const vp__ynode **out, vp_error **errp)
{
    *out = vp__ymap_get(map, key);
    if (!*out)
        return vp__yerr(doc, map, errp, VP_EPARSE, "%s: missing required key '%s'", what, key);
    return 0;
}

int vp__ystr(const vp__ydoc *doc, const vp__ynode *n, const char *what, const char **out, vp_error **errp)
{
    if (n->kind != VP_Y_SCALAR)
        return vp__yerr(doc, n, errp, VP_EPARSE, "%s must be a scalar, not %s", what, kind_name(n->kind));
    *out = n->str;
    return 0;
}

bool vp__ynull(const vp__ynode *n)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    return n->kind == VP_Y_SCALAR && !n->quoted && g_strv_contains(nulls, n->str);
}

int vp__yname(const vp__ydoc *doc, const vp__ynode *n, const char *what, const char **out, vp_error **errp)
{
    int rc = vp__ystr(doc, n, what, out, errp);
    if (!rc && (vp__ynull(n) || !**out))
        rc = vp__yerr(doc, n, errp, VP_EPARSE, "%s must not be empty or null%s%s%s", what, **out ? " ('" : "",
                      *out, **out ? "')" : "");
    return rc;
}

int vp__parse_u64(const char *s, uint64_t *out)
{
    char buf[80];
    size_t j = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '_')
            continue;
        if (j + 1 >= sizeof(buf))
            return VP_ERANGE;
        buf[j++] = s[i];
    }
    buf[j] = 0;
    if (j == 0)
        return VP_EINVAL;
    int base = 10;
    const char *p = buf;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        base = 16, p += 2;
    else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
        base = 2, p += 2;
    else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
        base = 8, p += 2;
    int d = g_ascii_xdigit_value(*p); /* strtoull would take blanks and a sign here */
    if (d < 0 || d >= base)
        return VP_EINVAL;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(p, &end, base);
    if (*end)
        return VP_EINVAL;
    if (errno == ERANGE)
        return VP_ERANGE;
    *out = v;
    return 0;
}

int vp__parse_i64(const char *s, int64_t *out)
{
    bool neg = s[0] == '-';
    uint64_t v;
    int rc = vp__parse_u64(s + (neg || s[0] == '+'), &v);
    if (rc)
        return rc;
    if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
        return VP_ERANGE;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

int vp__yu64(const vp__ydoc *doc, const vp__ynode *n, const char *what, uint64_t *out, vp_error **errp)
{
    const char *s = NULL;
    int rc = vp__ystr(doc, n, what, &s, errp);
    if (rc)
        return rc;
    rc = vp__parse_u64(s, out);
    if (rc == VP_ERANGE)
        return vp__yerr(doc, n, errp, VP_EPARSE, "%s '%s' does not fit in 64 bits", what, s);
    if (rc)
        return vp__yerr(doc, n, errp, VP_EPARSE, "%s '%s' is not an unsigned integer", what, s);
    return 0;
}

int vp__ysize(const vp__ydoc *doc, const vp__ynode *n, const char *what, uint64_t *out, vp_error **errp)
{
    const char *s = NULL;
    int rc = vp__ystr(doc, n, what, &s, errp);
    if (rc)
        return rc;
    if (vp__parse_u64(s, out) == 0 || vp_size_parse(s, out) == 0)
        return 0;
    return vp__yerr(doc, n, errp, VP_EPARSE, "%s '%s' is not a size (e.g. 4096, 0x1000, 64KiB, 128MiB)", what, s);
}

int vp__ytime(const vp__ydoc *doc, const vp__ynode *n, const char *what, vp_time *out, vp_error **errp)
{
    const char *s = NULL;
    int rc = vp__ystr(doc, n, what, &s, errp);
    if (rc)
        return rc;
    if (vp_time_parse(s, out) == 0)
        return 0;
    return vp__yerr(doc, n, errp, VP_EPARSE, "%s '%s' is not a time (e.g. 10us, 1ms, 100ns)", what, s);
}

int vp__yfreq(const vp__ydoc *doc, const vp__ynode *n, const char *what, uint64_t *out, vp_error **errp)
{
    const char *s = NULL;
    int rc = vp__ystr(doc, n, what, &s, errp);
    if (rc)
        return rc;
    if (vp_freq_parse(s, out) == 0 && *out > 0)
        return 0;
    return vp__yerr(doc, n, errp, VP_EPARSE, "%s '%s' is not a frequency (e.g. 100MHz, 1GHz)", what, s);
}

int vp__ystrlist(const vp__ydoc *doc, const vp__ynode *n, const char *what, const char ***out, size_t *count,
                 vp_error **errp)
{
    if (n->kind == VP_Y_SCALAR && n->str[0] == 0 && !n->quoted) {
        *out = g_new0(const char *, 1); /* `key:` with no value = empty list */
        *count = 0;
        return 0;
    }
    if (n->kind != VP_Y_SEQ)
        return vp__yerr(doc, n, errp, VP_EPARSE, "%s must be a list, not %s", what, kind_name(n->kind));
    const char **v = g_new0(const char *, n->count + 1);
    for (size_t i = 0; i < n->count; i++) {
        int rc = vp__ystr(doc, n->items[i], what, &v[i], errp);
        if (rc) {
            g_free(v);
            return rc;
        }
    }
    *out = v;
    *count = n->count;
    return 0;
}
