/* SPDX-License-Identifier: Apache-2.0 */
/* ytree_int.h - a small YAML document tree with line:column marks, and the
 * schema helpers (typed getters, unknown-key checks) shared by the modinfo
 * manifest reader and the platform YAML reader. Control plane only.
 */
#ifndef VPBRIDGE_YTREE_INT_H
#define VPBRIDGE_YTREE_INT_H

#include <vpbridge/vp_base.h>

typedef enum vp__ykind { VP_Y_SCALAR = 0, VP_Y_SEQ = 1, VP_Y_MAP = 2 } vp__ykind;

typedef struct vp__ynode vp__ynode;
struct vp__ynode {
    vp__ykind kind;
    unsigned line, col;  /* 1-based position of the node's start */
    char *str;           /* VP_Y_SCALAR: the value (never NULL) */
    bool quoted;         /* VP_Y_SCALAR: written in quotes (always a string) */
    size_t count;        /* SEQ: items; MAP: key/value pairs */
    vp__ynode **items;   /* SEQ: items[i]; MAP: key items[2i], value items[2i+1] */
    size_t nitems;       /* entries allocated in items[] */
};

typedef struct vp__ydoc {
    char *file;          /* path as given, for messages */
    vp__ynode *root;     /* NULL for an empty document */
} vp__ydoc;

/* Reads and parses `path` (one document; anchors/aliases are refused).
 * Errors: "path: cannot open: reason" or "path:line:col: yaml: problem". */
int vp__ydoc_load(const char *path, vp__ydoc **out, vp_error **errp);
void vp__ydoc_free(vp__ydoc *doc);

/* Sets errp to "file:line:col: <fmt>" and returns `code`. */
int vp__yerr(const vp__ydoc *doc, const vp__ynode *n, vp_error **errp, int code, const char *fmt, ...)
    VP_PRINTF(5, 6);
/* Prefixes an existing error with the node's position. Returns `code`. */
int vp__yerr_prefix(const vp__ydoc *doc, const vp__ynode *n, vp_error **errp, int code);

/* A mapping key check: n must be a map whose keys are scalars, unique and
 * listed in `allowed` (NULL-terminated); `what` names the object in messages. */
int vp__ymap_check(const vp__ydoc *doc, const vp__ynode *n, const char *what, const char *const *allowed,
                   vp_error **errp);
/* Value for `key` in a map (NULL if absent); returns the key node in *keyn if asked. */
const vp__ynode *vp__ymap_get(const vp__ynode *map, const char *key);
/* Like vp__ymap_get, but a missing key is an error at the map's position. */
int vp__ymap_need(const vp__ydoc *doc, const vp__ynode *map, const char *what, const char *key,
                  const vp__ynode **out, vp_error **errp);

/* Typed scalar readers; errors name the node's position. */
int vp__ystr(const vp__ydoc *doc, const vp__ynode *n, const char *what, const char **out, vp_error **errp);
/* A YAML null: an unquoted "", "~", "null", "Null" or "NULL". */
bool vp__ynull(const vp__ynode *n);
/* A name: a scalar that is neither empty nor a YAML null. */
int vp__yname(const vp__ydoc *doc, const vp__ynode *n, const char *what, const char **out, vp_error **errp);
int vp__yu64(const vp__ydoc *doc, const vp__ynode *n, const char *what, uint64_t *out, vp_error **errp);
int vp__ysize(const vp__ydoc *doc, const vp__ynode *n, const char *what, uint64_t *out, vp_error **errp);
int vp__ytime(const vp__ydoc *doc, const vp__ynode *n, const char *what, vp_time *out, vp_error **errp);
int vp__yfreq(const vp__ydoc *doc, const vp__ynode *n, const char *what, uint64_t *out, vp_error **errp);
/* A sequence of scalars (a single scalar is not accepted). *out is a
 * NULL-terminated array of borrowed strings; free the array with g_free. */
int vp__ystrlist(const vp__ydoc *doc, const vp__ynode *n, const char *what, const char ***out, size_t *count,
                 vp_error **errp);

/* Parses an unsigned integer: decimal, 0x hex, 0o/0 octal, 0b binary; '_'
 * separators allowed. Returns 0 or VP_EINVAL / VP_ERANGE. */
int vp__parse_u64(const char *s, uint64_t *out);
int vp__parse_i64(const char *s, int64_t *out);

#endif /* VPBRIDGE_YTREE_INT_H */
