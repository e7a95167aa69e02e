/* SPDX-License-Identifier: Apache-2.0 */
/* profile.h - `vpbridge run --profile FILE` (docs/debugging.md): the harts'
 * samples (vp_cpu_set_profile) named after the ELFs' function symbols, a
 * top-N table per hart in FILE and folded stacks (flame-graph input) in
 * FILE.folded. Control plane (GLib); the harts call vp_profile_sample. */
#ifndef VPBRIDGE_BRIDGE_PROFILE_H
#define VPBRIDGE_BRIDGE_PROFILE_H

#include <vpbridge/vp_cpu.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vp_profile vp_profile;

/* A profile of `harts` harts sampled every `period` instructions. */
vp_profile *vp_profile_new(unsigned harts, uint64_t period);
void vp_profile_free(vp_profile *p);
/* Adds the function symbols of the ELF at `path`. Returns 0; a file that
 * is not an ELF adds nothing and returns 0 (a raw firmware image has no
 * symbols: the table says so); an unreadable one sets *errp. */
int vp_profile_add_symbols(vp_profile *p, const char *path, vp_error **errp);
/* Turns the profiler on for hart `index` (its samples go to that hart's table). */
void vp_profile_attach(vp_profile *p, unsigned index, vp_cpu *cpu);
/* Writes FILE and FILE.folded; false with *errp set when one cannot be written. */
bool vp_profile_write(vp_profile *p, const char *path, vp_error **errp);

#ifdef __cplusplus
}
#endif

#endif /* VPBRIDGE_BRIDGE_PROFILE_H */
