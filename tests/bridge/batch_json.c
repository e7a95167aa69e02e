/* SPDX-License-Identifier: Apache-2.0 */
/* batch_json.c - reading batch JSON reports in tests (batch_json.h). */
#include "batch_json.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <json-glib/json-glib.h>

static JsonParser *load(const char *path, JsonObject **root)
{
    JsonParser *p = json_parser_new();
    GError *ge = NULL;
    if (!json_parser_load_from_file(p, path, &ge))
        fail_msg("%s: %s", path, ge->message);
    JsonNode *n = json_parser_get_root(p);
    if (!n || !JSON_NODE_HOLDS_OBJECT(n))
        fail_msg("%s: not a JSON object", path);
    *root = json_node_get_object(n);
    return p;
}

char *batch_json_jobs(const char *path)
{
    JsonObject *root = NULL;
    JsonParser *p = load(path, &root);
    JsonArray *jobs = json_object_has_member(root, "jobs") ? json_object_get_array_member(root, "jobs") : NULL;
    if (!jobs)
        fail_msg("%s: no `jobs` list", path);
    GString *s = g_string_new("");
    for (guint i = 0; i < json_array_get_length(jobs); i++) {
        JsonObject *j = json_array_get_object_element(jobs, i);
        g_string_append_printf(s, "%s%s=%s", i ? " " : "", json_object_get_string_member(j, "name"),
                               json_object_get_string_member(j, "status"));
    }
    g_object_unref(p);
    return g_string_free(s, FALSE);
}

long long batch_json_int(const char *path, const char *key)
{
    JsonObject *root = NULL;
    JsonParser *p = load(path, &root);
    long long v = json_object_has_member(root, key) ? json_object_get_int_member(root, key) : -1;
    g_object_unref(p);
    return v;
}

char *batch_json_list(const char *path, const char *obj, const char *key)
{
    JsonObject *root = NULL;
    JsonParser *p = load(path, &root);
    GString *s = g_string_new("");
    JsonObject *o = json_object_has_member(root, obj) ? json_object_get_object_member(root, obj) : NULL;
    JsonArray *a = o && json_object_has_member(o, key) ? json_object_get_array_member(o, key) : NULL;
    for (guint i = 0; a && i < json_array_get_length(a); i++)
        g_string_append_printf(s, "%s%lld", i ? "," : "", (long long)json_array_get_int_element(a, i));
    g_object_unref(p);
    return g_string_free(s, FALSE);
}
