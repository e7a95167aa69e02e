/* SPDX-License-Identifier: Apache-2.0 */
/* test_platform_scdev.c - SystemC-side devices in a platform, through the
 * vp_platform_host hooks (a C fake host stands in for the bridge): options
 * validated with file:line:col, the device's target mapped in the router,
 * its initiator given the router's target face, irq lines wired both ways
 * with C devices and harts; errors for a host without SystemC, unknown
 * types, failing creation, a target socket with no base, bad ports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <vpbridge/vp_registry.h>

#include "pf_test.h"

/* ---- fake host: "tp_sc" (two outputs "irq", one input "in", a register
 * file target), "tp_sc_fail" (create fails) ---- */
typedef struct fake_dev {
    char name[32];
    const vp_device_ctx *ctx;
    tlmc_target mmio;
    tlmc_target *bus;
    tlmc_signal out[2];
    bool in_level;
    int in_calls;
    uint32_t regs[4];
} fake_dev;

typedef struct fake_sc_host {
    fake_dev devs[4];
    int ndevs;
    int describes;
} fake_sc_host;

static void fd_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    fake_dev *d = opaque;
    *delay += d->ctx->api->opt_uint(d->ctx, "latency");
    if (p->length != 4 || p->address >= sizeof(d->regs)) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    if (p->command == TLMC_WRITE)
        memcpy(&d->regs[p->address / 4], p->data, 4);
    else
        memcpy(p->data, &d->regs[p->address / 4], 4);
    p->response = TLMC_OK_RESPONSE;
}

static const tlmc_target_ops fd_ops = {sizeof(tlmc_target_ops), TLMC_ABI, fd_b_transport, NULL, NULL};

static const vp_opt_decl sc_opts[] = {
    {sizeof(vp_opt_decl), VP_ABI, "count", VP_OPT_UINT, "1", "registers", NULL, 1, 4},
    {sizeof(vp_opt_decl), VP_ABI, "latency", VP_OPT_TIME, "0", "access latency", NULL, 0, 0},
};
static const vp_port_decl sc_ports[] = {
    {sizeof(vp_port_decl), VP_ABI, "irq", VP_PORT_OUT, 2, "outputs", 0},
    {sizeof(vp_port_decl), VP_ABI, "in", VP_PORT_IN, 1, "an input", 0},
};
static const vp_device_type sc_type = {.size = sizeof(vp_device_type), .abi = VP_ABI, .name = "tp_sc",
                                       .description = "fake SystemC device", .opts = sc_opts, .opt_count = 2,
                                       .ports = sc_ports, .port_count = 2, .default_mmio_size = 0x100};
static const vp_device_type sc_fail_type = {.size = sizeof(vp_device_type), .abi = VP_ABI, .name = "tp_sc_fail",
                                            .description = "fails to create"};

static const vp_device_type *fake_describe(void *opaque, const char *type, vp_error **errp)
{
    fake_sc_host *h = opaque;
    h->describes++;
    if (strcmp(type, "tp_sc") == 0)
        return &sc_type;
    if (strcmp(type, "tp_sc_fail") == 0)
        return &sc_fail_type;
    vp_error_set(errp, VP_ENOENT, "unknown SystemC device type '%s'", type);
    return NULL;
}

static int fake_create(void *opaque, const char *type, const vp_device_ctx *ctx, tlmc_target *bus, void **dev,
                       tlmc_target **mmio, vp_error **errp)
{
    fake_sc_host *h = opaque;
    if (strcmp(type, "tp_sc_fail") == 0) {
        vp_error_set(errp, VP_EINVAL, "device '%s' (%s): create failed: no licence", ctx->name, type);
        return VP_EINVAL;
    }
    fake_dev *d = &h->devs[h->ndevs++];
    memset(d, 0, sizeof(*d));
    snprintf(d->name, sizeof(d->name), "%s", ctx->name);
    d->ctx = ctx;
    d->bus = bus;
    d->mmio = (tlmc_target){.ops = &fd_ops, .opaque = d, .name = d->name};
    *dev = d;
    *mmio = &d->mmio;
    return 0;
}

static tlmc_signal *fake_out(void *opaque, void *dev, uint32_t port, uint32_t index)
{
    (void)opaque;
    fake_dev *d = dev;
    return port == 0 && index < 2 ? &d->out[index] : NULL;
}

static void fake_in(void *opaque, void *dev, uint32_t port, uint32_t index, bool level)
{
    (void)opaque;
    fake_dev *d = dev;
    assert_int_equal(port, 1);
    assert_int_equal(index, 0);
    d->in_level = level;
    d->in_calls++;
}


/* Builds data/<file> with the fake SystemC host; *errp set on failure. */
static vp_platform *build_sc(const char *file, fake_sc_host *h, vp_error **errp)
{
    vp_platform *p = pf_load_ok(file);
    pf_fake_host fh = {0, 0};
    vp_platform_host host = {sizeof(host), VP_PLATFORM_ABI, pf_fake_exit, &fh};
    vp_platform_sc_host sch = {sizeof(sch), VP_PLATFORM_ABI, h, fake_describe, fake_create, fake_out, fake_in};
    assert_int_equal(vp_platform_set_sc_host(p, &sch, errp), 0);
    if (vp_platform_build(p, clock_stub_get(pf_clock()), &host, errp) != 0) {
        vp_platform_destroy(p);
        return NULL;
    }
    return p;
}

static void expect_sc_fail(const char *file, const char *pos, const char *piece)
{
    fake_sc_host h;
    memset(&h, 0, sizeof(h));
    vp_error *err = NULL;
    vp_platform *p = build_sc(file, &h, &err);
    assert_null(p);
    assert_non_null(err);
    char want[600];
    snprintf(want, sizeof(want), "%s/%s:%s", TP_DATA, file, pos);
    if (strncmp(err->msg, want, strlen(want)) != 0 || !strstr(err->msg, piece))
        fail_msg("message '%s' does not start with '%s' or lacks '%s'", err->msg, want, piece);
    vp_error_free(err);
}

static void test_platform_scdev_build_and_map(void **state)
{
    (void)state;
    fake_sc_host h;
    memset(&h, 0, sizeof(h));
    vp_error *err = NULL;
    vp_platform *p = build_sc("sc_good.yaml", &h, &err);
    if (!p)
        fail_msg("%s", err->msg);
    assert_int_equal(h.ndevs, 2);
    fake_dev *a = &h.devs[0], *b = &h.devs[1];
    assert_string_equal(a->name, "scdev");
    /* validated options and the base/size reach the host through ctx */
    assert_int_equal(a->ctx->api->opt_uint(a->ctx, "count"), 3);
    assert_int_equal(a->ctx->api->opt_uint(a->ctx, "latency"), 20 * VP_NS);
    assert_int_equal(a->ctx->base, 0x20000000);
    assert_int_equal(a->ctx->mmio_size, 0x100); /* the described default size */
    assert_int_equal(b->ctx->mmio_size, 0x1000);
    assert_int_equal(b->ctx->api->opt_uint(b->ctx, "count"), 1); /* default */
    /* the initiator side gets the whole address space */
    assert_ptr_equal(a->bus, tlmc_router_target(vp_platform_router(p)));
    /* the target is mapped at the base; the delay it annotates comes back */
    tlmc_target *bus = tlmc_router_target(vp_platform_router(p));
    uint32_t v = 0x1234, r = 0;
    vp_time d = 0;
    assert_int_equal(tlmc_write(bus, 0x20000004, &v, 4, &d), TLMC_OK_RESPONSE);
    assert_int_equal(tlmc_read(bus, 0x20000004, &r, 4, &d), TLMC_OK_RESPONSE);
    assert_int_equal(r, 0x1234);
    assert_int_equal(d, 40 * VP_NS);
    assert_int_equal(a->regs[1], 0x1234);
    assert_int_equal(tlmc_read(bus, 0x20000100, &r, 4, &d), TLMC_ADDRESS_ERROR_RESPONSE); /* past 0x100 */
    /* SystemC output -> SystemC input */
    tlmc_signal_set(&a->out[1], true);
    assert_true(b->in_level);
    /* SystemC output -> C device input (sink0.in[2] reads at register 2) */
    tlmc_signal_set(&b->out[1], true);
    d = 0;
    assert_int_equal(tlmc_read(bus, 0x10001000 + 8, &r, 4, &d), TLMC_OK_RESPONSE);
    assert_int_equal(r, 1);
    /* C output -> SystemC input */
    v = 1;
    assert_int_equal(tlmc_write(bus, 0x10000000, &v, 4, &d), TLMC_OK_RESPONSE);
    assert_true(a->in_level);
    /* SystemC output -> hart input (through the platform's line check) */
    assert_non_null(a->out[0].sink);
    uint64_t mip = 0;
    tlmc_signal_set(&a->out[0], true);
    assert_true(vp_cpu_get_csr(vp_platform_cpu(p, 0), 0x344, &mip));
    assert_true(mip & (1u << 11)); /* meip */
    /* check output marks SystemC devices */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    vp_platform_print(p, f);
    fclose(f);
    pf_expect_pieces(buf, "scdev   tp_sc [systemc]", "sink0   tp_sink\n", "scdev.irq[1]  -> scdev2.in", NULL);
    free(buf);
    vp_platform_destroy(p);
}

/* A hart count override reaches a SystemC-side device as num_harts, and its
 * per-hart lines follow up to the lines its description declares. */
static void test_platform_scdev_per_hart(void **state)
{
    (void)state;
    fake_sc_host h;
    memset(&h, 0, sizeof(h));
    vp_error *err = NULL;
    vp_platform *p = build_sc("sc_per_hart.yaml", &h, &err);
    if (!p)
        fail_msg("%s", err->msg);
    assert_int_equal(h.devs[0].ctx->num_harts, 2);
    uint64_t mip = 0;
    tlmc_signal_set(&h.devs[0].out[1], true); /* irq[1] -> hart1.meip */
    assert_true(vp_cpu_get_csr(vp_platform_cpu(p, 1), 0x344, &mip));
    assert_true(mip & (1u << 11));
    assert_true(vp_cpu_get_csr(vp_platform_cpu(p, 0), 0x344, &mip));
    assert_false(mip & (1u << 11));
    vp_platform_destroy(p);
    pf_set_harts(1);
    memset(&h, 0, sizeof(h));
    p = build_sc("sc_per_hart.yaml", &h, &err);
    if (!p)
        fail_msg("%s", err->msg);
    assert_int_equal(h.devs[0].ctx->num_harts, 1);
    assert_null(h.devs[0].out[1].sink); /* no hart1 */
    vp_platform_destroy(p);
    pf_set_harts(3);
    expect_sc_fail("sc_per_hart.yaml", "7:5: ",
                   "irq 'scdev.irq[2] -> hart2.meip' (hart 2 of 'scdev.irq[*] -> hart*.meip'): index 2 is out of "
                   "range for 'scdev.irq' (2 lines)");
    pf_set_harts(0);
}

static void test_platform_scdev_needs_bridge(void **state)
{
    (void)state;
    /* a host without the SystemC hooks (the C-only host of the other tests) */
    vp_error *err = NULL;
    vp_platform *p = pf_load_ok("sc_good.yaml");
    vp_platform_sc_host small = {8, VP_PLATFORM_ABI, NULL, NULL, NULL, NULL, NULL};
    assert_int_equal(vp_platform_set_sc_host(p, &small, &err), VP_EABI);
    vp_error_free(err);
    vp_platform_destroy(p);
    pf_expect_build_fail("sc_good.yaml", "8:25:", "device 'scdev' (tp_sc) is a SystemC-side device",
                         "needs the SystemC bridge", NULL);
}

static void test_platform_scdev_option_errors(void **state)
{
    (void)state;
    expect_sc_fail("sc_opt_range.yaml", "7:", "count");
    expect_sc_fail("sc_opt_unknown.yaml", "6:", "colour");
}

static void test_platform_scdev_create_errors(void **state)
{
    (void)state;
    expect_sc_fail("sc_fail.yaml", "6:", "device 'bad' (tp_sc_fail): create failed: no licence");
    expect_sc_fail("sc_unknown.yaml", "6:", "unknown SystemC device type 'tp_sc_ghost'");
    expect_sc_fail("sc_nobase.yaml", "6:", "device 'scdev' (tp_sc) has a target socket that nothing maps");
    expect_sc_fail("sc_port_unknown.yaml", "8:", "index 2 is out of range for 'scdev.irq' (2 lines)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_platform_scdev_build_and_map),
        cmocka_unit_test(test_platform_scdev_per_hart),
        cmocka_unit_test(test_platform_scdev_needs_bridge),
        cmocka_unit_test(test_platform_scdev_option_errors),
        cmocka_unit_test(test_platform_scdev_create_errors),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pf_cleanup();
    return rc;
}
