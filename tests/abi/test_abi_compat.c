/* SPDX-License-Identifier: Apache-2.0 */
/* test_abi_compat.c - today's registry loads modules built only against
 * the frozen ABI 1.0, 1.1 and 1.2 headers, creates instances through the
 * host API, drives their MMIO and irq lines, sees the fields added after
 * each module's minor as absent (1.1 state ops for 1.0, 1.2 port `first`
 * for both), saves/restores the 1.1 module's state, and reads the 1.2
 * module's port `first`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <vpbridge/vp_registry.h>

#define ABI10_MANIFEST ABI10_DIR "/abi10.modinfo.yaml"
#define ABI11_MANIFEST ABI11_DIR "/abi11.modinfo.yaml"
#define ABI12_MANIFEST ABI12_DIR "/abi12.modinfo.yaml"

typedef struct irq_sink {
    int calls;
    bool level;
} irq_sink;

static void sink_fn(void *opaque, uint32_t line, bool level)
{
    irq_sink *s = opaque;
    assert_int_equal(line, 3);
    s->calls++;
    s->level = level;
}

static vp_registry *old_registry(const char *manifest, const char *type, const vp_device_type **t)
{
    vp_registry *r = vp_registry_create();
    vp_error *err = NULL;
    if (vp_registry_add_file(r, manifest, &err))
        fail_msg("%s", err->msg);
    *t = vp_registry_resolve(r, type, "riscv32", &err);
    if (!*t)
        fail_msg("%s", err->msg);
    return r;
}

static uint32_t rd(tlmc_target *t, uint64_t addr)
{
    uint32_t v = 0;
    vp_time delay = 0;
    assert_int_equal(tlmc_read(t, addr, &v, 4, &delay), TLMC_OK_RESPONSE);
    return v;
}

static void wr(tlmc_target *t, uint64_t addr, uint32_t v)
{
    vp_time delay = 0;
    assert_int_equal(tlmc_write(t, addr, &v, 4, &delay), TLMC_OK_RESPONSE);
}

static void test_abi_compat_v10_module_runs(void **state)
{
    (void)state;
    const vp_device_type *t;
    vp_registry *r = old_registry(ABI10_MANIFEST, "abi10dev", &t);
    const vp_module_info *mi = vp_registry_find_module(r, "abi10");
    assert_true(mi->loaded);
    assert_string_equal(mi->abi, "1.0");
    assert_string_equal(t->description, "device built against ABI 1.0");
    assert_int_equal(t->default_mmio_size, 0x10);
    assert_int_equal(t->opt_count, 1);
    assert_int_equal(t->ports[0].count, 1);
    assert_int_equal(t->ports[0].first, 0); /* 1.2 field, past the 1.0 decl: zero-extended */

    vp_error *err = NULL;
    vp_opt_set *opts = vp_opt_set_create(t);
    assert_int_equal(vp_opt_set_parse(opts, "reset_value", "0xcafe", &err), 0);
    assert_int_equal(vp_opt_set_finish(opts, &err), 0);
    vp_device_host host = {.opts = opts};
    vp_device_ctx ctx = {.size = sizeof(ctx), .abi = VP_ABI, .api = vp_registry_host_api(), .host = &host,
                         .name = "old0", .base = 0x10010000, .mmio_size = 0x10, .num_harts = 1};
    tlmc_target mmio = {0};
    void *dev = NULL;
    assert_int_equal(t->create(&ctx, &dev, &mmio), 0);
    assert_non_null(dev);

    assert_int_equal(rd(&mmio, 0x8), 0xab10ab10u);
    assert_int_equal(rd(&mmio, 0x0), 0xcafe); /* option reached the 1.0 module */
    wr(&mmio, 0x0, 0x5a5a5a5a);
    assert_int_equal(rd(&mmio, 0x0), 0x5a5a5a5a);

    irq_sink sink = {0};
    tlmc_signal *irq = t->signal_out(dev, 0, 0);
    assert_non_null(irq);
    tlmc_signal_bind(irq, sink_fn, &sink, 3);
    wr(&mmio, 0x4, 1);
    assert_int_equal(sink.calls, 1);
    assert_true(sink.level);
    assert_int_equal(rd(&mmio, 0x4), 1);
    wr(&mmio, 0x4, 0);
    assert_int_equal(sink.calls, 2);
    assert_false(sink.level);

    t->destroy(dev);
    vp_opt_set_destroy(opts);
    vp_registry_destroy(r);
}

static void test_abi_compat_v10_lacks_state_ops(void **state)
{
    (void)state;
    const vp_device_type *t;
    vp_registry *r = old_registry(ABI10_MANIFEST, "abi10dev", &t);
    /* the host copy is full-size; fields past the module's 1.0 size are zero */
    assert_int_equal(t->size, sizeof(vp_device_type));
    assert_int_equal(t->state_version, 0);
    assert_null(t->save);
    assert_null(t->restore);
    vp_state_stream *s = vp_state_stream_create();
    vp_error *err = NULL;
    int dummy = 0;
    assert_int_equal(vp_device_save(t, &dummy, s, &err), VP_EUNSUPP);
    assert_non_null(err);
    assert_non_null(strstr(err->msg, "'abi10dev' does not support save/restore"));
    vp_error_free(err);
    vp_state_stream_destroy(s);
    vp_registry_destroy(r);
}

/* A 1.1 module: its state ops work through today's host streams; its port
 * decls (shorter than 1.2's) read `first` as 0. */
static void test_abi_compat_v11_module_runs_and_saves(void **state)
{
    (void)state;
    const vp_device_type *t;
    vp_registry *r = old_registry(ABI11_MANIFEST, "abi11dev", &t);
    const vp_module_info *mi = vp_registry_find_module(r, "abi11");
    assert_true(mi->loaded);
    assert_string_equal(mi->abi, "1.1");
    assert_string_equal(t->description, "device built against ABI 1.1");
    assert_int_equal(t->port_count, 1);
    assert_string_equal(t->ports[0].name, "irq");
    assert_int_equal(t->ports[0].count, 1);
    assert_int_equal(t->ports[0].first, 0);
    assert_int_equal(t->state_version, 1);
    assert_non_null(t->save);
    assert_non_null(t->restore);

    vp_error *err = NULL;
    vp_opt_set *opts = vp_opt_set_create(t);
    assert_int_equal(vp_opt_set_finish(opts, &err), 0);
    vp_device_host host = {.opts = opts};
    vp_device_ctx ctx = {.size = sizeof(ctx), .abi = VP_ABI, .api = vp_registry_host_api(), .host = &host,
                         .name = "old1", .base = 0x10020000, .mmio_size = 0x10, .num_harts = 1};
    tlmc_target mmio = {0};
    void *dev = NULL;
    assert_int_equal(t->create(&ctx, &dev, &mmio), 0);
    assert_int_equal(rd(&mmio, 0x8), 0xab11ab11u);
    assert_int_equal(rd(&mmio, 0x0), 0x1111); /* default option value */
    irq_sink sink = {0};
    tlmc_signal_bind(t->signal_out(dev, 0, 0), sink_fn, &sink, 3);

    wr(&mmio, 0x0, 0x600dcafe);
    wr(&mmio, 0x4, 1);
    assert_int_equal(sink.calls, 1);
    vp_state_stream *s = vp_state_stream_create();
    assert_int_equal(vp_device_save(t, dev, s, &err), 0);
    wr(&mmio, 0x0, 0);
    wr(&mmio, 0x4, 0);
    assert_false(sink.level);
    vp_state_stream_rewind(s);
    assert_int_equal(vp_device_restore(t, dev, s, &err), 0);
    assert_int_equal(vp_state_stream_remaining(s), 0);
    assert_int_equal(rd(&mmio, 0x0), 0x600dcafe);
    assert_int_equal(rd(&mmio, 0x4), 1);
    assert_true(sink.level); /* restore re-derived the output */

    vp_state_stream_destroy(s);
    t->destroy(dev);
    vp_opt_set_destroy(opts);
    vp_registry_destroy(r);
}

/* A 1.2 module: its ports' `first` reaches today's host; its lines work. */
static void test_abi_compat_v12_module_runs(void **state)
{
    (void)state;
    const vp_device_type *t;
    vp_registry *r = old_registry(ABI12_MANIFEST, "abi12dev", &t);
    const vp_module_info *mi = vp_registry_find_module(r, "abi12");
    assert_true(mi->loaded);
    assert_string_equal(mi->abi, "1.2");
    assert_string_equal(t->description, "device built against ABI 1.2");
    assert_int_equal(t->port_count, 2);
    assert_int_equal(t->ports[0].first, 0);
    assert_string_equal(t->ports[1].name, "in");
    assert_int_equal(t->ports[1].count, 4);
    assert_int_equal(t->ports[1].first, 1);
    assert_null(t->save); /* 1.1 ops it leaves out read as absent */

    vp_error *err = NULL;
    vp_opt_set *opts = vp_opt_set_create(t);
    assert_int_equal(vp_opt_set_finish(opts, &err), 0);
    vp_device_host host = {.opts = opts};
    vp_device_ctx ctx = {.size = sizeof(ctx), .abi = VP_ABI, .api = vp_registry_host_api(), .host = &host,
                         .name = "old2", .base = 0x10030000, .mmio_size = 0x10, .num_harts = 1};
    tlmc_target mmio = {0};
    void *dev = NULL;
    assert_int_equal(t->create(&ctx, &dev, &mmio), 0);
    assert_int_equal(rd(&mmio, 0x8), 0xab12ab12u);
    t->signal_in(dev, 1, 2, true);
    t->signal_in(dev, 1, 3, true);
    t->signal_in(dev, 1, 3, false);
    assert_int_equal(rd(&mmio, 0x0), 1u << 2);
    irq_sink sink = {0};
    tlmc_signal_bind(t->signal_out(dev, 0, 0), sink_fn, &sink, 3);
    wr(&mmio, 0x4, 1);
    assert_int_equal(sink.calls, 1);
    assert_true(sink.level);

    t->destroy(dev);
    vp_opt_set_destroy(opts);
    vp_registry_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abi_compat_v10_module_runs),
        cmocka_unit_test(test_abi_compat_v10_lacks_state_ops),
        cmocka_unit_test(test_abi_compat_v11_module_runs_and_saves),
        cmocka_unit_test(test_abi_compat_v12_module_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
