/* SPDX-License-Identifier: Apache-2.0 */
/* vp_opt_set.h - typed option values of one device instance: set from
 * text, validated against the device type's option declarations
 * (vp_opt_decl), defaults applied, read back by name. Part of the registry
 * API (vp_registry.h includes it).
 *
 * Control plane only; not thread-safe (use from one thread).
 */
#ifndef VPBRIDGE_VP_OPT_SET_H
#define VPBRIDGE_VP_OPT_SET_H

#include <vpbridge/vp_module.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vp_opt_set vp_opt_set;

/* An empty value set for `type`'s declared options. */
VP_API vp_opt_set *vp_opt_set_create(const vp_device_type *type);
VP_API void vp_opt_set_destroy(vp_opt_set *set); /* accepts NULL */
/* Sets option `name` from text, validated against its declaration:
 * unknown option -> VP_ENOENT ("device type 'x' has no option 'y' (options: ...)"),
 * bad format -> VP_EINVAL, out of [min, max] -> VP_ERANGE. Messages carry no
 * position: callers prefix their file:line:col. */
VP_API int vp_opt_set_parse(vp_opt_set *set, const char *name, const char *text, vp_error **errp);
/* Applies defaults; a required option (def NULL) without a value is VP_ENOENT. */
VP_API int vp_opt_set_finish(vp_opt_set *set, vp_error **errp);
/* Value lookups; unknown names or wrong kind return 0 / false / NULL. */
VP_API int64_t vp_opt_set_int(const vp_opt_set *set, const char *name);
VP_API uint64_t vp_opt_set_uint(const vp_opt_set *set, const char *name);
VP_API bool vp_opt_set_bool(const vp_opt_set *set, const char *name);
VP_API const char *vp_opt_set_str(const vp_opt_set *set, const char *name);
/* Text form of a value as it was set or defaulted (NULL if none). */
VP_API const char *vp_opt_set_text(const vp_opt_set *set, const char *name);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_OPT_SET_H */
