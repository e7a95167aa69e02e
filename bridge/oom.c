/* SPDX-License-Identifier: Apache-2.0 */
/* oom.c - one line and exit status 125 when bookkeeping memory runs out
 * (oom.h). GLib reports a failed g_malloc as a fatal error of its log
 * domain "GLib" (`...: failed to allocate N bytes`) and aborts when the
 * handler returns: the handler below never returns for that message. */
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "oom.h"

static const char *oom_prog = "vpbridge";
static void (*oom_flush)(void);

static void say(const char *s)
{
    size_t n = strlen(s);
    while (n) {
        ssize_t w = write(2, s, n);
        if (w <= 0)
            return;
        s += w, n -= (size_t)w;
    }
}

void vp_oom_exit(const char *what)
{
    say(oom_prog);
    say(": out of memory: ");
    say(what);
    say("\n");
    void (*flush)(void) = oom_flush;
    oom_flush = NULL; /* running out again inside the flush does not flush again */
    if (flush)
        flush();
    _exit(125);
}

static void on_glib_error(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    (void)data;
    const char *what = msg ? strstr(msg, "failed to allocate") : NULL;
    if (what) /* without GLib's source location in front */
        vp_oom_exit(what);
    g_log_default_handler(domain, level, msg, NULL); /* any other fatal error: GLib's way */
}

void vp_oom_install(const char *prog, void (*flush)(void))
{
    oom_prog = prog;
    oom_flush = flush;
    g_log_set_handler("GLib", G_LOG_LEVEL_ERROR | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION, on_glib_error, NULL);
}
