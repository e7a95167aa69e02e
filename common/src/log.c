/* SPDX-License-Identifier: Apache-2.0 */
/* log.c - category-masked logging with an embedder-supplied sink. */
#include <stdio.h>
#include <string.h>

#include <vpbridge/vp_base.h>

unsigned vp_log_mask = VP_LOG_GUEST_ERROR | VP_LOG_UNIMP;

static vp_log_sink_fn sink_fn;
static void *sink_opaque;

void vp_log_set_sink(vp_log_sink_fn fn, void *opaque)
{
    sink_fn = fn;
    sink_opaque = opaque;
}

void vp_log_msgv(unsigned cat, int lvl, const char *fmt, va_list ap)
{
    char buf[1024];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    if (sink_fn) {
        sink_fn(sink_opaque, cat, lvl, buf);
        return;
    }
    size_t n = strlen(buf);
    fprintf(stderr, "%s%s", buf, (n && buf[n - 1] == '\n') ? "" : "\n");
}

void vp_log_msg(unsigned cat, int lvl, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vp_log_msgv(cat, lvl, fmt, ap);
    va_end(ap);
}

static const struct {
    const char *name;
    unsigned mask;
} log_names[] = {
    {"exec", VP_LOG_EXEC},     {"mmu", VP_LOG_MMU},       {"tb", VP_LOG_TB},
    {"guest_errors", VP_LOG_GUEST_ERROR}, {"unimp", VP_LOG_UNIMP}, {"plugin", VP_LOG_PLUGIN},
    {"int", VP_LOG_INT},       {"tlm", VP_LOG_TLM},       {"in_asm", VP_LOG_IN_ASM},
    {"out_asm", VP_LOG_OUT_ASM}, {"sync", VP_LOG_SYNC},
};

int vp_log_parse_mask(const char *list, unsigned *mask, vp_error **errp)
{
    unsigned m = 0;
    const char *p = list;
    while (p && *p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        bool found = false;
        if (len == 4 && strncmp(p, "none", 4) == 0)
            found = true;
        for (size_t i = 0; !found && i < sizeof(log_names) / sizeof(log_names[0]); i++) {
            if (strlen(log_names[i].name) == len && strncmp(p, log_names[i].name, len) == 0) {
                m |= log_names[i].mask;
                found = true;
            }
        }
        if (!found && len == 3 && strncmp(p, "all", 3) == 0) {
            m = ~0u;
            found = true;
        }
        if (!found) {
            vp_error_set(errp, VP_EINVAL,
                         "unknown trace category '%.*s' (known: exec, mmu, tb, guest_errors, unimp, plugin, int, "
                         "tlm, in_asm, out_asm, sync, all, none)",
                         (int)len, p);
            return VP_EINVAL;
        }
        p = end ? end + 1 : NULL;
    }
    *mask = m;
    return 0;
}
