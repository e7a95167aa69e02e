/* SPDX-License-Identifier: Apache-2.0 */
/* vp_state_stream.h - device state streams (ABI 1.1 save/restore): the
 * host's vp_state_stream, and saving/restoring one device instance through
 * its type's save/restore ops. Part of the registry API (vp_registry.h
 * includes it).
 *
 * Control plane only; not thread-safe (use from one thread).
 */
#ifndef VPBRIDGE_VP_STATE_STREAM_H
#define VPBRIDGE_VP_STATE_STREAM_H

#include <vpbridge/vp_module.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An empty stream for saving. */
VP_API vp_state_stream *vp_state_stream_create(void);
/* A stream for restoring, over a copy of `size` bytes at `data`. */
VP_API vp_state_stream *vp_state_stream_create_from(const void *data, size_t size);
VP_API void vp_state_stream_destroy(vp_state_stream *s); /* accepts NULL */
/* The bytes written so far (borrowed until the next write or destroy). */
VP_API void vp_state_stream_data(const vp_state_stream *s, const void **data, size_t *size);
/* Moves the read position back to the start. */
VP_API void vp_state_stream_rewind(vp_state_stream *s);
/* Bytes not yet read. */
VP_API size_t vp_state_stream_remaining(const vp_state_stream *s);

/* Saves a device instance: a header (type name, state_version, length)
 * then what t->save writes. A type without save/restore is VP_EUNSUPP. */
VP_API int vp_device_save(const vp_device_type *t, void *opaque, vp_state_stream *s, vp_error **errp);
/* Restores from the stream's read position: the header must name the same
 * type and state_version (else VP_EINVAL), and t->restore must consume
 * exactly the saved length (else VP_EIO; it can never read past it). */
VP_API int vp_device_restore(const vp_device_type *t, void *opaque, vp_state_stream *s, vp_error **errp);

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_STATE_STREAM_H */
