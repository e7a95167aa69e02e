/* SPDX-License-Identifier: Apache-2.0 */
/* crc32_unit.c - unit test of the crc32 module without vpbridge: dlopens
 * libcrc32.so, plays the host (API table, option values, a manual clock,
 * a state stream) and drives the device type directly: registers, the
 * known answer, DONE after `latency`, the irq line, save/restore.
 * Usage: crc32_unit path/to/libcrc32.so */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vpbridge/vp_module.h>

static int failures;
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);              \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* ---- a manual clock: events fire when the test advances time ------------- */
struct vp_event {
    vp_event_fn fn;
    void *opaque;
    bool pending;
    vp_time when;
};
static vp_time now_ps;
static struct vp_event events[4];
static int nevents;

static vp_time clk_now(void *ctx) { (void)ctx; return now_ps; }
static vp_event *clk_create(void *ctx, const char *name, vp_event_fn fn, void *opaque)
{
    (void)ctx, (void)name;
    if (nevents == 4)
        return NULL;
    events[nevents] = (struct vp_event){fn, opaque, false, 0};
    return &events[nevents++];
}
static void clk_notify(void *ctx, vp_event *ev, vp_time delay) { (void)ctx; ev->pending = true; ev->when = now_ps + delay; }
static void clk_cancel(void *ctx, vp_event *ev) { (void)ctx; ev->pending = false; }
static void clk_destroy(void *ctx, vp_event *ev) { (void)ctx; ev->pending = false; }
static const vp_clock_ops clk_ops = {sizeof(vp_clock_ops), VP_CLOCK_ABI, clk_now, clk_create, clk_notify,
                                     clk_cancel, clk_destroy};
static const vp_clock clk = {&clk_ops, NULL};

static void advance(vp_time dt)
{
    now_ps += dt;
    for (int i = 0; i < nevents; i++)
        if (events[i].pending && events[i].when <= now_ps) {
            events[i].pending = false;
            events[i].fn(events[i].opaque);
        }
}

/* ---- host API: options are the declared defaults, except `latency` ----------- */
struct vp_state_stream {
    uint8_t buf[256];
    size_t len, pos;
};
static void h_log(const vp_device_ctx *ctx, unsigned cat, int lvl, const char *fmt, ...)
{
    (void)cat;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "[%s] %d: ", ctx->name, lvl);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
static bool h_log_enabled(unsigned cat) { (void)cat; return true; }
static int64_t h_opt_int(const vp_device_ctx *ctx, const char *name) { (void)ctx, (void)name; return 0; }
static uint64_t h_opt_uint(const vp_device_ctx *ctx, const char *name)
{
    (void)ctx;
    if (!strcmp(name, "poly"))
        return 0x04C11DB7u;
    if (!strcmp(name, "init") || !strcmp(name, "xorout"))
        return 0xFFFFFFFFu;
    if (!strcmp(name, "latency"))
        return 50 * VP_NS;
    return 0;
}
static bool h_opt_bool(const vp_device_ctx *ctx, const char *name) { (void)ctx; return !strcmp(name, "reflect"); }
static const char *h_opt_str(const vp_device_ctx *ctx, const char *name) { (void)ctx, (void)name; return NULL; }
static void h_request_exit(const vp_device_ctx *ctx, int status) { (void)ctx, (void)status; }
static int h_state_write(vp_state_stream *s, const void *data, size_t size)
{
    if (s->len + size > sizeof(s->buf))
        return VP_ENOMEM;
    memcpy(s->buf + s->len, data, size);
    s->len += size;
    return 0;
}
static int h_state_read(vp_state_stream *s, void *data, size_t size)
{
    if (s->pos + size > s->len)
        return VP_EIO;
    memcpy(data, s->buf + s->pos, size);
    s->pos += size;
    return 0;
}
static const vp_host_api host = {sizeof(vp_host_api), VP_ABI, h_log, h_log_enabled, h_opt_int, h_opt_uint,
                                 h_opt_bool, h_opt_str, h_request_exit, h_state_write, h_state_read};

/* ---- registrar: keep the one type the module registers ------------------------ */
static const vp_device_type *type;
static int reg_device(vp_registrar *reg, const vp_device_type *t) { (void)reg; type = t; return 0; }

/* ---- the irq sink ---------------------------------------------------------------- */
static bool irq_level;
static int irq_edges;
static void irq_sink(void *opaque, uint32_t line, bool level)
{
    (void)opaque, (void)line;
    irq_edges += level != irq_level;
    irq_level = level;
}

static tlmc_response access32(tlmc_target *t, tlmc_command cmd, uint64_t off, uint32_t *v, uint32_t len)
{
    uint8_t b[4] = {(uint8_t)*v, (uint8_t)(*v >> 8), (uint8_t)(*v >> 16), (uint8_t)(*v >> 24)};
    tlmc_payload p;
    tlmc_payload_init(&p, cmd, off, b, len);
    vp_time delay = 0;
    t->ops->b_transport(t->opaque, &p, &delay);
    if (cmd == TLMC_READ)
        *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return p.response;
}
static uint32_t rd(tlmc_target *t, uint64_t off)
{
    uint32_t v = 0;
    CHECK(access32(t, TLMC_READ, off, &v, 4) == TLMC_OK_RESPONSE);
    return v;
}
static void wr(tlmc_target *t, uint64_t off, uint32_t v, uint32_t len)
{
    CHECK(access32(t, TLMC_WRITE, off, &v, len) == TLMC_OK_RESPONSE);
}

static void *make(const vp_device_ctx *ctx, tlmc_target *mmio)
{
    void *dev = NULL;
    memset(mmio, 0, sizeof(*mmio));
    CHECK(type->create(ctx, &dev, mmio) == 0);
    tlmc_signal *irq = type->signal_out(dev, 0, 0);
    CHECK(irq != NULL);
    tlmc_signal_bind(irq, irq_sink, NULL, 0);
    if (type->realize)
        CHECK(type->realize(dev) == 0);
    return dev;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s libcrc32.so\n", argv[0]);
        return 2;
    }
    void *so = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!so) {
        fprintf(stderr, "%s\n", dlerror());
        return 1;
    }
    const vp_module_desc *desc = dlsym(so, VP_MODULE_SYMBOL);
    CHECK(desc && desc->magic == VP_MODULE_MAGIC && desc->abi_major == VP_ABI_MAJOR);
    CHECK(desc && !strcmp(desc->name, "crc32"));
    vp_registrar reg = {sizeof(vp_registrar), VP_ABI, NULL, reg_device, NULL, NULL};
    CHECK(desc && desc->init(&host, &reg) == 0);
    if (!type)
        return 1;
    CHECK(!strcmp(type->name, "crc32") && type->save && type->restore);

    vp_device_ctx ctx = {sizeof(vp_device_ctx), VP_ABI, &host, NULL, "crc0", &clk, 0x10001000, 0x1000, 1};
    tlmc_target mmio;
    void *dev = make(&ctx, &mmio);
    CHECK(rd(&mmio, 0x1c) == 0x43524333u);
    CHECK(rd(&mmio, 0x18) == 0x04C11DB7u);

    /* "123456789" as word + half + 3 bytes, irq enabled, job of 9 bytes. */
    wr(&mmio, 0x08, 9, 4);
    wr(&mmio, 0x00, 3, 4);
    wr(&mmio, 0x10, 0x34333231u, 4);
    wr(&mmio, 0x10, 0x3635u, 2);
    wr(&mmio, 0x10, '7', 1);
    wr(&mmio, 0x10, '8', 1);
    CHECK(rd(&mmio, 0x0c) == 8);
    CHECK((rd(&mmio, 0x04) & 1) == 0);
    wr(&mmio, 0x10, '9', 1);
    CHECK(rd(&mmio, 0x14) == 0xCBF43926u);
    /* DONE and the irq come `latency` (50 ns) after the last byte. */
    advance(49 * VP_NS);
    CHECK(!irq_level && (rd(&mmio, 0x04) & 1) == 0);

    /* Save with the completion pending, restore into a fresh instance. */
    vp_state_stream st = {.len = 0};
    CHECK(type->save(dev, &st) == 0);
    advance(1 * VP_NS);
    CHECK(irq_level && rd(&mmio, 0x04) == 3);
    wr(&mmio, 0x04, 1, 4); /* clear */
    CHECK(!irq_level && rd(&mmio, 0x04) == 0);
    type->destroy(dev);

    nevents = 0;
    irq_level = false;
    dev = make(&ctx, &mmio);
    CHECK(type->restore(dev, &st) == 0);
    CHECK(rd(&mmio, 0x0c) == 9 && rd(&mmio, 0x14) == 0xCBF43926u && !irq_level);
    advance(1 * VP_NS); /* the restored completion was 1 ns away */
    CHECK(irq_level);
    /* A truncated stream is refused. */
    vp_state_stream bad = {.len = 3};
    CHECK(type->restore(dev, &bad) != 0);

    /* Invalid accesses answer an address error. */
    uint32_t v = 0;
    CHECK(access32(&mmio, TLMC_READ, 0x14, &v, 2) == TLMC_ADDRESS_ERROR_RESPONSE);
    CHECK(access32(&mmio, TLMC_WRITE, 0x40, &v, 4) == TLMC_ADDRESS_ERROR_RESPONSE);
    type->destroy(dev);
    dlclose(so);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    else
        printf("crc32 unit test passed\n");
    return failures ? 1 : 0;
}
