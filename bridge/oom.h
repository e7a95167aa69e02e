/* SPDX-License-Identifier: Apache-2.0 */
/* oom.h - what the vpbridge commands do when an allocation that cannot be
 * unwound fails (GLib's bookkeeping: GLib ends the process then). */
#ifndef VPBRIDGE_OOM_H
#define VPBRIDGE_OOM_H

#ifdef __cplusplus
extern "C" {
#endif

/* From now on such a failure prints one line on stderr, `PROG: out of
 * memory: ` and GLib's words (`failed to allocate N bytes`), calls `flush`
 * (may be NULL: the command's outputs, as far as that can be done then) and
 * exits with status 125, instead of GLib's abort (SIGABRT, a core file). */
void vp_oom_install(const char *prog, void (*flush)(void));

/* The same end, for a failure the command itself detects (C++ new). */
__attribute__((noreturn)) void vp_oom_exit(const char *what);

#ifdef __cplusplus
}
#endif

#endif
