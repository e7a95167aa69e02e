/* SPDX-License-Identifier: Apache-2.0 */
/* state.c - host-owned device state streams (ABI 1.1 save/restore) and the
 * framed vp_device_save/vp_device_restore that check type, version, length.
 */
#include <glib.h>
#include <string.h>

#include "registry_int.h"

#define STATE_MAGIC 0x54535056u /* "VPST" little-endian */

struct vp_state_stream {
    GByteArray *buf;
    size_t pos;    /* read position */
    size_t limit;  /* reads stop here (end of the current device record) */
};

vp_state_stream *vp_state_stream_create(void)
{
    vp_state_stream *s = g_new0(vp_state_stream, 1);
    s->buf = g_byte_array_new();
    s->limit = SIZE_MAX;
    return s;
}

vp_state_stream *vp_state_stream_create_from(const void *data, size_t size)
{
    vp_state_stream *s = vp_state_stream_create();
    if (size)
        g_byte_array_append(s->buf, data, (guint)size);
    return s;
}

void vp_state_stream_destroy(vp_state_stream *s)
{
    if (!s)
        return;
    g_byte_array_unref(s->buf);
    g_free(s);
}

void vp_state_stream_data(const vp_state_stream *s, const void **data, size_t *size)
{
    if (data)
        *data = s->buf->data;
    if (size)
        *size = s->buf->len;
}

void vp_state_stream_rewind(vp_state_stream *s) { s->pos = 0; }

size_t vp_state_stream_remaining(const vp_state_stream *s)
{
    size_t end = MIN(s->limit, (size_t)s->buf->len);
    return end > s->pos ? end - s->pos : 0;
}

int vp__state_write(vp_state_stream *s, const void *data, size_t size)
{
    if (!s || (size && !data) || size > G_MAXUINT - s->buf->len)
        return VP_EINVAL;
    if (size)
        g_byte_array_append(s->buf, data, (guint)size);
    return 0;
}

int vp__state_read(vp_state_stream *s, void *data, size_t size)
{
    if (!s || (size && !data))
        return VP_EINVAL;
    if (vp_state_stream_remaining(s) < size)
        return VP_EIO;
    memcpy(data, s->buf->data + s->pos, size);
    s->pos += size;
    return 0;
}

static bool has_state_ops(const vp_device_type *t)
{
    return t && t->size >= offsetof(vp_device_type, restore) + sizeof(t->restore) && t->save && t->restore;
}

static int unsupported(const vp_device_type *t, vp_error **errp)
{
    vp_error_set(errp, VP_EUNSUPP, "device type '%s' does not support save/restore",
                 t && t->name ? t->name : "(null)");
    return VP_EUNSUPP;
}

/* The error for a save or restore that returned rc != 0: its VP_E* code,
 * or VP_EINVAL for a value that is no status code (a broken module). */
static int op_failed(const vp_device_type *t, const char *op, int rc, vp_error **errp)
{
    if (!vp_status_known(rc)) {
        vp_error_set(errp, VP_EINVAL, "device type '%s': %s returned %d, which is not a status code (0 or a VP_E*)",
                     t->name, op, rc);
        return VP_EINVAL;
    }
    vp_error_set(errp, rc, "device type '%s': %s failed: %s", t->name, op, vp_strerror(rc));
    return rc;
}

/* Header: magic u32, name length u32, name bytes, state_version u32, payload length u64. */
int vp_device_save(const vp_device_type *t, void *opaque, vp_state_stream *s, vp_error **errp)
{
    if (!has_state_ops(t))
        return unsupported(t, errp);
    uint32_t magic = STATE_MAGIC, nlen = (uint32_t)strlen(t->name), ver = t->state_version;
    uint64_t len = 0;
    size_t start = s->buf->len;
    vp__state_write(s, &magic, 4);
    vp__state_write(s, &nlen, 4);
    vp__state_write(s, t->name, nlen);
    vp__state_write(s, &ver, 4);
    size_t len_at = s->buf->len;
    vp__state_write(s, &len, 8);
    int rc = t->save(opaque, s);
    if (rc) {
        g_byte_array_set_size(s->buf, (guint)start);
        return op_failed(t, "save", rc, errp);
    }
    len = s->buf->len - len_at - 8;
    memcpy(s->buf->data + len_at, &len, 8);
    return 0;
}

/* Reads and checks the record header; returns the payload length in *len. */
static int read_header(const vp_device_type *t, vp_state_stream *s, uint64_t *len, vp_error **errp)
{
    size_t start = s->pos;
    uint32_t magic = 0, nlen = 0, ver = 0;
    if (vp__state_read(s, &magic, 4) || magic != STATE_MAGIC || vp__state_read(s, &nlen, 4) ||
        nlen > vp_state_stream_remaining(s)) {
        vp_error_set(errp, VP_EINVAL, "device type '%s': restore: no device state record at offset %zu", t->name,
                     start);
        return VP_EINVAL;
    }
    char *name = g_malloc0(nlen + 1);
    vp__state_read(s, name, nlen);
    int rc = 0;
    if (strcmp(name, t->name) != 0) {
        vp_error_set(errp, VP_EINVAL, "device type '%s': restore: the state was saved by type '%s'", t->name,
                     name);
        rc = VP_EINVAL;
    } else if (vp__state_read(s, &ver, 4) || vp__state_read(s, len, 8)) {
        vp_error_set(errp, VP_EIO, "device type '%s': restore: truncated state header", t->name);
        rc = VP_EIO;
    } else if (ver != t->state_version) {
        vp_error_set(errp, VP_EINVAL, "device type '%s': restore: state version %u, the type reads version %u",
                     t->name, ver, t->state_version);
        rc = VP_EINVAL;
    } else if (*len > vp_state_stream_remaining(s)) {
        vp_error_set(errp, VP_EIO, "device type '%s': restore: state truncated (%" G_GUINT64_FORMAT
                     " bytes saved, %zu present)", t->name, *len, vp_state_stream_remaining(s));
        rc = VP_EIO;
    }
    g_free(name);
    return rc;
}

int vp_device_restore(const vp_device_type *t, void *opaque, vp_state_stream *s, vp_error **errp)
{
    if (!has_state_ops(t))
        return unsupported(t, errp);
    size_t start = s->pos;
    uint64_t len = 0;
    int rc = read_header(t, s, &len, errp);
    if (rc) {
        s->pos = start;
        return rc;
    }
    size_t old_limit = s->limit, end = s->pos + (size_t)len;
    s->limit = end;
    rc = t->restore(opaque, s);
    s->limit = old_limit;
    if (rc) {
        s->pos = start;
        return op_failed(t, "restore", rc, errp);
    }
    if (s->pos != end) {
        vp_error_set(errp, VP_EIO, "device type '%s': restore read %zu of the %" G_GUINT64_FORMAT " saved bytes",
                     t->name, s->pos - (end - (size_t)len), len);
        s->pos = start;
        return VP_EIO;
    }
    return 0;
}
