/* SPDX-License-Identifier: Apache-2.0 */
/* testmod.c - a tiny device module for registry tests, compiled once per
 * variant with TM_* definitions (good, no descriptor, wrong magic, ABI
 * mismatches, unlisted or missing type registration, forged .vp_modinfo
 * sections, machines, SystemC-side types, registrations from the wrong side).
 */
#include <stdlib.h>
#include <vpbridge/vp_module.h>

#ifndef TM_NAME
#error "TM_NAME must be defined"
#endif
#ifndef TM_TYPE
#define TM_TYPE TM_NAME "_dev"
#endif
#ifndef TM_MAGIC
#define TM_MAGIC VP_MODULE_MAGIC
#endif
#ifndef TM_MAJOR
#define TM_MAJOR VP_ABI_MAJOR
#endif
#ifndef TM_MINOR
#define TM_MINOR VP_ABI_MINOR
#endif

/* A .vp_modinfo section written by hand so tests can forge its fields. */
#ifndef TM_NO_SECTION
#ifndef TM_SEC_NAME
#define TM_SEC_NAME TM_NAME
#endif
#ifndef TM_SEC_ABI
#define TM_SEC_ABI VP_STR(VP_ABI_MAJOR) "." VP_STR(VP_ABI_MINOR)
#endif
#ifndef TM_SEC_VERMAGIC
#define TM_SEC_VERMAGIC VP_VERMAGIC
#endif
__attribute__((used, section(".vp_modinfo"))) static const char tm_modinfo[] =
    "name=" TM_SEC_NAME "\0abi=" TM_SEC_ABI "\0vermagic=" TM_SEC_VERMAGIC "\0";
#endif

/* Marks that module code ran (the loader must refuse forged modules before). */
__attribute__((constructor)) static void tm_ctor(void) { setenv("TM_RAN_" TM_NAME, "1", 1); }

#ifndef TM_DESCRIPTION
#define TM_DESCRIPTION "registry test device " TM_NAME
#endif

typedef struct tm_dev {
    const vp_device_ctx *ctx;
    tlmc_signal out[2];
    int in_level[4];
} tm_dev;

static int tm_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    tm_dev *d = calloc(1, sizeof(*d));
    if (!d)
        return VP_ENOMEM;
    d->ctx = ctx;
    *opaque = d;
    mmio->ops = NULL;
    return 0;
}

static void tm_destroy(void *opaque) { free(opaque); }

static const vp_opt_decl tm_opts[] = {
    {sizeof(vp_opt_decl), VP_ABI, "count", VP_OPT_INT, "3", "a signed number", NULL, -5, 10},
    {sizeof(vp_opt_decl), VP_ABI, "mode", VP_OPT_ENUM, "fast", "speed", "fast|slow", 0, 0},
};

/* TM_FIRST: the irq port's first line (ABI 1.2); 2 = beyond its 2 lines. */
#ifndef TM_FIRST
#define TM_FIRST 0
#endif
static const vp_port_decl tm_ports[] = {
    {sizeof(vp_port_decl), VP_ABI, "irq", VP_PORT_OUT, 2, "two outputs", TM_FIRST},
    {sizeof(vp_port_decl), VP_ABI, "in", VP_PORT_IN, 4, "four inputs", 0},
};

static const vp_device_type tm_type = {
    .size = sizeof(vp_device_type),
    .abi = VP_ABI,
    .name = TM_TYPE,
    .description = TM_DESCRIPTION,
    .opts = tm_opts,
    .opt_count = 2,
    .ports = tm_ports,
    .port_count = 2,
    .create = tm_create,
    .destroy = tm_destroy,
};

#ifdef TM_EXTRA_TYPE
static const vp_device_type tm_extra = {
    .size = sizeof(vp_device_type),
    .abi = VP_ABI,
    .name = TM_EXTRA_TYPE,
    .create = tm_create,
    .destroy = tm_destroy,
};
#endif

#if defined(TM_MACHINE) || defined(TM_MACHINE_FROM_EMU)
static const vp_machine_type tm_machine = {
    .size = sizeof(vp_machine_type),
    .abi = VP_ABI,
    .name = TM_NAME "_board",
    .description = "registry test machine",
    .yaml = "boards/tm.yaml",
};
#endif

#ifdef TM_SC
/* Stands in for vp::sc::sc_device_type: only its common head matters here. */
typedef struct tm_sc_type {
    uint32_t size, abi;
    const char *name;
    const char *description;
    void *(*make)(const char *name);
} tm_sc_type;
static const tm_sc_type tm_sc = {sizeof(tm_sc_type), VP_ABI, TM_NAME "_sc", "registry test SystemC type", NULL};
#endif

static int tm_init(const vp_host_api *api, vp_registrar *reg)
{
    (void)api;
#ifdef TM_MACHINE_FROM_EMU
    int mrc = reg->register_machine(reg, &tm_machine);
    if (mrc)
        return mrc;
#endif
#ifdef TM_MACHINE
    (void)tm_type;
    return reg->register_machine(reg, &tm_machine);
#endif
#ifdef TM_SC
    (void)tm_type;
    return reg->register_sc_device(reg, &tm_sc);
#endif
#ifdef TM_EXTRA_TYPE
    int rc = reg->register_device(reg, &tm_extra);
    if (rc)
        return rc;
#endif
#ifdef TM_REGISTER_NOTHING
    (void)reg;
    (void)tm_type;
    return 0;
#else
    return reg->register_device(reg, &tm_type);
#endif
}

#ifndef TM_NO_DESC
__attribute__((visibility("default"))) const vp_module_desc vp_module_descriptor = {
    sizeof(vp_module_desc), TM_MAGIC, TM_MAJOR, TM_MINOR, TM_NAME, "0.0.1", tm_init};
#else
__attribute__((visibility("default"))) const vp_module_desc vp_module_descriptor_misspelt = {
    sizeof(vp_module_desc), TM_MAGIC, TM_MAJOR, TM_MINOR, TM_NAME, "0.0.1", tm_init};
#endif
