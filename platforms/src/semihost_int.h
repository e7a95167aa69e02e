/* SPDX-License-Identifier: Apache-2.0 */
/* semihost_int.h - semihost.c: the platform's semihosting service (the
 * harts' vp_cpu_config.semihost hook) and the confinement of guest file
 * names to one host directory. */
#ifndef VPBRIDGE_SEMIHOST_INT_H
#define VPBRIDGE_SEMIHOST_INT_H

#include "model_int.h"

/* A service for `p` with the settings of `sh` (copied): opens sh->root
 * (close-on-exec). NULL with "semihosting root 'DIR': <reason>" when it is
 * not a directory that can be opened. */
pf_semihost *vp__semihost_create(vp_platform *p, const vp_platform_semihost *sh, vp_error **errp);
/* Closes every file the guest left open and the root (accepts NULL). */
void vp__semihost_destroy(pf_semihost *s);
/* The vp_cpu_config.semihost hook (opaque = the pf_semihost): serves the
 * call in a0/a1 of `cpu`, answers in a0, always true. */
bool vp__semihost_call(void *opaque, vp_cpu *cpu, vp_time local_offset);

/* Confinement. `name` is relative to the directory `rootfd`: an absolute
 * name, a ".." above the root, a name that is the root itself and any
 * symbolic link on the way (the last component included) are refused
 * with -EACCES; "." and empty components are skipped and ".." is resolved
 * by name. rootfd < 0 refuses everything (-EACCES). */
/* The directory that holds the last component, as a new close-on-exec
 * descriptor, and that component in *last (g_free); or -errno. */
int vp__semihost_parent(int rootfd, const char *name, char **last);
/* Opens `name` with open(2) `flags` (O_CREAT files get mode 0666 less the
 * umask) and returns the close-on-exec descriptor of a regular file, or
 * -errno (-EISDIR for a directory, -EACCES for another kind of file). */
int vp__semihost_open(int rootfd, const char *name, int flags);

#endif /* VPBRIDGE_SEMIHOST_INT_H */
