/* SPDX-License-Identifier: Apache-2.0 */
/* test_vp_device.c - the device-authoring header <vpbridge/vp_device.h>:
 * option/port/type macros fill every field and count the tables, and the
 * entry point of VP_DEV_MODULE checks the host table before registering
 * its types in order. Built with nothing but the public headers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <vpbridge/vp_device.h>

static int dev_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    (void)ctx, (void)opaque, (void)mmio;
    return 0;
}

static void dev_destroy(void *opaque) { (void)opaque; }

static uint32_t dev_port_lines(void *opaque, uint32_t port)
{
    (void)opaque;
    return port + 1;
}

static const vp_opt_decl opts[] = {
    VP_DEV_OPT("latency", VP_OPT_TIME, "100ns", "time to DONE"),
    VP_DEV_OPT_RANGE("sources", VP_OPT_UINT, "96", "sources 1..N", 1, 1023),
    VP_DEV_OPT_ENUM("backend", "stdio", "where output goes", "stdio|file|none"),
};

static const vp_port_decl ports[] = {
    VP_DEV_PORT_OUT("irq", 1, "done"),
    VP_DEV_PORT_IN("reset", 2, "reset lines"),
    VP_DEV_PORT("src", VP_PORT_IN, 0, "sources 1..N", 1),
};

VP_DEV_TYPE(full_type, "full", "every table", VP_DEV_OPTS(opts), VP_DEV_PORTS(ports),
            .default_mmio_size = 0x1000, .create = dev_create, .destroy = dev_destroy,
            .port_lines = dev_port_lines, .state_version = 3);
VP_DEV_TYPE(bare_type, "bare", "no options, no ports", .create = dev_create, .destroy = dev_destroy);

VP_DEV_MODULE("vpdev_test", "2.3.4", &full_type, &bare_type);

static void test_vp_device_opt_fields(void **state)
{
    (void)state;
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(opts[i].size, sizeof(vp_opt_decl));
        assert_int_equal(opts[i].abi, VP_ABI);
    }
    assert_string_equal(opts[0].name, "latency");
    assert_int_equal(opts[0].type, VP_OPT_TIME);
    assert_string_equal(opts[0].def, "100ns");
    assert_string_equal(opts[0].help, "time to DONE");
    assert_null(opts[0].choices);
    assert_true(opts[0].min == 0 && opts[0].max == 0);
    assert_int_equal(opts[1].type, VP_OPT_UINT);
    assert_true(opts[1].min == 1 && opts[1].max == 1023);
    assert_int_equal(opts[2].type, VP_OPT_ENUM);
    assert_string_equal(opts[2].def, "stdio");
    assert_string_equal(opts[2].help, "where output goes");
    assert_string_equal(opts[2].choices, "stdio|file|none");
}

static void test_vp_device_port_fields(void **state)
{
    (void)state;
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(ports[i].size, sizeof(vp_port_decl));
        assert_int_equal(ports[i].abi, VP_ABI);
    }
    assert_string_equal(ports[0].name, "irq");
    assert_int_equal(ports[0].dir, VP_PORT_OUT);
    assert_int_equal(ports[0].count, 1);
    assert_string_equal(ports[0].help, "done");
    assert_int_equal(ports[0].first, 0);
    assert_int_equal(ports[1].dir, VP_PORT_IN);
    assert_int_equal(ports[1].count, 2);
    assert_int_equal(ports[1].first, 0);
    assert_string_equal(ports[2].name, "src");
    assert_int_equal(ports[2].dir, VP_PORT_IN);
    assert_int_equal(ports[2].count, 0);
    assert_int_equal(ports[2].first, 1);
}

static void test_vp_device_type_counts(void **state)
{
    (void)state;
    assert_int_equal(full_type.size, sizeof(vp_device_type));
    assert_int_equal(full_type.abi, VP_ABI);
    assert_string_equal(full_type.name, "full");
    assert_string_equal(full_type.description, "every table");
    assert_ptr_equal(full_type.opts, opts);
    assert_int_equal(full_type.opt_count, 3);
    assert_ptr_equal(full_type.ports, ports);
    assert_int_equal(full_type.port_count, 3);
    assert_int_equal(full_type.default_mmio_size, 0x1000);
    assert_ptr_equal(full_type.create, dev_create);
    assert_ptr_equal(full_type.destroy, dev_destroy);
    assert_ptr_equal(full_type.port_lines, dev_port_lines);
    assert_int_equal(full_type.state_version, 3);
    /* Ops not named stay NULL (unsupported). */
    assert_null(full_type.realize);
    assert_null(full_type.reset);
    assert_null(full_type.signal_out);
    assert_null(full_type.save);
    assert_null(bare_type.opts);
    assert_int_equal(bare_type.opt_count, 0);
    assert_null(bare_type.ports);
    assert_int_equal(bare_type.port_count, 0);
}

/* VP_DEV_LIST: the same pairs in a positional initialiser (the form C++
 * SystemC-side types use), counted from the arrays. */
static void test_vp_device_positional_lists(void **state)
{
    (void)state;
    static const vp_device_type positional = {
        sizeof(vp_device_type), VP_ABI, "positional", "field order", VP_DEV_LIST(opts), VP_DEV_LIST(ports), 0x100,
        dev_create, NULL, NULL, dev_destroy, dev_port_lines, NULL, NULL, 0, NULL, NULL,
    };
    assert_ptr_equal(positional.opts, opts);
    assert_int_equal(positional.opt_count, 3);
    assert_ptr_equal(positional.ports, ports);
    assert_int_equal(positional.port_count, 3);
}

/* ---- the entry point ----------------------------------------------------- */

static void h_log(const vp_device_ctx *ctx, unsigned cat, int lvl, const char *fmt, ...)
{
    (void)ctx, (void)cat, (void)lvl, (void)fmt;
}
static bool h_log_enabled(unsigned cat) { return (void)cat, false; }
static int64_t h_opt_int(const vp_device_ctx *ctx, const char *name) { return (void)ctx, (void)name, 0; }
static uint64_t h_opt_uint(const vp_device_ctx *ctx, const char *name) { return (void)ctx, (void)name, 0; }
static bool h_opt_bool(const vp_device_ctx *ctx, const char *name) { return (void)ctx, (void)name, false; }
static const char *h_opt_str(const vp_device_ctx *ctx, const char *name) { return (void)ctx, (void)name, NULL; }
static void h_request_exit(const vp_device_ctx *ctx, int status) { (void)ctx, (void)status; }
static int h_state_write(vp_state_stream *s, const void *data, size_t size) { return (void)s, (void)data, (int)size; }
static int h_state_read(vp_state_stream *s, void *data, size_t size) { return (void)s, (void)data, (int)size; }

static const vp_host_api good_api = {sizeof(vp_host_api), VP_ABI,     h_log,         h_log_enabled,
                                     h_opt_int,           h_opt_uint, h_opt_bool,    h_opt_str,
                                     h_request_exit,      h_state_write, h_state_read};

typedef struct reg_log {
    const vp_device_type *types[4];
    int count;
    int fail_at; /* register_device call that fails with VP_EEXIST (-1: none) */
} reg_log;

static int r_register(vp_registrar *reg, const vp_device_type *type)
{
    reg_log *log = reg->host;
    if (log->count == log->fail_at)
        return VP_EEXIST;
    log->types[log->count++] = type;
    return 0;
}

static int run_init(const vp_host_api *api, reg_log *log)
{
    vp_registrar reg = {sizeof(vp_registrar), VP_ABI, log, r_register, NULL, NULL};
    return vp_module_descriptor.init(api, &reg);
}

static void test_vp_device_module_registers_types(void **state)
{
    (void)state;
    assert_int_equal(vp_module_descriptor.size, sizeof(vp_module_desc));
    assert_int_equal(vp_module_descriptor.magic, VP_MODULE_MAGIC);
    assert_int_equal(vp_module_descriptor.abi_major, VP_ABI_MAJOR);
    assert_int_equal(vp_module_descriptor.abi_minor, VP_ABI_MINOR);
    assert_string_equal(vp_module_descriptor.name, "vpdev_test");
    assert_string_equal(vp_module_descriptor.version, "2.3.4");
    reg_log log = {.fail_at = -1};
    assert_int_equal(run_init(&good_api, &log), 0);
    assert_int_equal(log.count, 2);
    assert_ptr_equal(log.types[0], &full_type);
    assert_ptr_equal(log.types[1], &bare_type);
    /* A 1.0 host (table without the state calls) is good enough to register. */
    vp_host_api v10 = good_api;
    v10.size = offsetof(vp_host_api, request_exit) + sizeof(v10.request_exit);
    log = (reg_log){.fail_at = -1};
    assert_int_equal(run_init(&v10, &log), 0);
    assert_int_equal(log.count, 2);
}

static void test_vp_device_module_refuses_bad_host(void **state)
{
    (void)state;
    vp_host_api bad[5];
    for (int i = 0; i < 5; i++)
        bad[i] = good_api;
    bad[0].abi = ((VP_ABI_MAJOR + 1) << 16) | VP_ABI_MINOR;                     /* other major */
    bad[1].size = offsetof(vp_host_api, request_exit);                          /* short table */
    bad[2].opt_str = NULL;                                                      /* missing entry */
    bad[3].request_exit = NULL;
    bad[4].log_enabled = NULL;
    reg_log log = {.fail_at = -1};
    assert_int_equal(run_init(NULL, &log), VP_EABI);
    for (int i = 0; i < 5; i++)
        assert_int_equal(run_init(&bad[i], &log), VP_EABI);
    assert_int_equal(log.count, 0); /* nothing registered */
}

static void test_vp_device_module_stops_at_error(void **state)
{
    (void)state;
    reg_log log = {.fail_at = 1};
    assert_int_equal(run_init(&good_api, &log), VP_EEXIST);
    assert_int_equal(log.count, 1);
    assert_ptr_equal(log.types[0], &full_type);
}

static void test_vp_device_state_needs_11_host(void **state)
{
    (void)state;
    vp_dev_state st;
    vp_host_api v10 = good_api;
    v10.size = offsetof(vp_host_api, state_write);
    assert_true(vp_dev_api_has_state(&good_api));
    assert_false(vp_dev_api_has_state(&v10));
    assert_int_equal(vp_dev_state_init(&st, &v10, (vp_state_stream *)&st), VP_EUNSUPP);
    assert_int_equal(vp_dev_state_init(&st, &good_api, NULL), VP_EINVAL);
}

/* vp_dev_publish: the MMIO target serves `dev` through `ops` under the
 * instance's name, *opaque is `dev`, and it returns 0. */
static void test_vp_device_publish(void **state)
{
    (void)state;
    static const tlmc_target_ops ops = {.size = sizeof(tlmc_target_ops), .abi = TLMC_ABI};
    vp_device_ctx ctx = {.size = sizeof(vp_device_ctx), .abi = VP_ABI, .name = "uart9"};
    tlmc_target mmio = {0};
    int dev = 0;
    void *opaque = NULL;
    assert_int_equal(vp_dev_publish(&ctx, &mmio, &ops, &dev, &opaque), 0);
    assert_ptr_equal(mmio.ops, &ops);
    assert_ptr_equal(mmio.opaque, &dev);
    assert_string_equal(mmio.name, "uart9");
    assert_ptr_equal(opaque, &dev);
}

static void test_vp_device_le_and_check(void **state)
{
    (void)state;
    uint8_t b[10];
    memset(b, 0xee, sizeof(b));
    vp_dev_put_le(b, 10, 0x0807060504030201ull);
    assert_int_equal(b[0], 1);
    assert_int_equal(b[7], 8);
    assert_int_equal(b[8], 0);
    assert_int_equal(b[9], 0);
    assert_int_equal(vp_dev_get_le(b, 3), 0x030201);
    assert_true(vp_dev_get_le(b, 10) == 0x0807060504030201ull);

    uint8_t data[8] = {0};
    tlmc_payload p = {.command = TLMC_READ, .address = 4, .data = data, .length = 4};
    assert_int_equal(vp_dev_check(&p, 4, 8), TLMC_OK_RESPONSE);
    p.address = 2;
    assert_int_equal(vp_dev_check(&p, 4, 8), TLMC_ADDRESS_ERROR_RESPONSE);
    p.address = 0;
    p.length = 3;
    assert_int_equal(vp_dev_check(&p, 1, 8), TLMC_ADDRESS_ERROR_RESPONSE);
    p.length = 4;
    p.command = TLMC_IGNORE;
    assert_int_equal(vp_dev_check(&p, 4, 8), TLMC_COMMAND_ERROR_RESPONSE);
    assert_string_equal(vp_dev_cmd_str(&p), "ignore");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vp_device_opt_fields),
        cmocka_unit_test(test_vp_device_port_fields),
        cmocka_unit_test(test_vp_device_type_counts),
        cmocka_unit_test(test_vp_device_positional_lists),
        cmocka_unit_test(test_vp_device_module_registers_types),
        cmocka_unit_test(test_vp_device_module_refuses_bad_host),
        cmocka_unit_test(test_vp_device_module_stops_at_error),
        cmocka_unit_test(test_vp_device_state_needs_11_host),
        cmocka_unit_test(test_vp_device_publish),
        cmocka_unit_test(test_vp_device_le_and_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
