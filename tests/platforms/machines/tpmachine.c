/* SPDX-License-Identifier: Apache-2.0 */
/* tpmachine.c - test machine module: a code-built twin of virt-rv32, a
 * YAML-shipped board, and machines whose build() fails or makes bad calls
 * (overlap, unknown device type, unknown option, a failed call ignored,
 * an irq to PLIC source 0). */
#include <stddef.h>

#include <vpbridge/vp_module.h>

#define TRY(call)                                                                                   \
    do {                                                                                            \
        int rc_ = (call);                                                                           \
        if (rc_)                                                                                    \
            return rc_;                                                                             \
    } while (0)

/* virt-rv32.yaml, described in code. */
static int virt32_build(const vp_machine_api *m, vp_machine_builder *b)
{
    TRY(m->set_description(b, "virt-rv32 built in code"));
    TRY(m->set_cpus(b, "rv32imac", 1, "1GHz", 0x0200bff8));
    TRY(m->add_memory(b, "ram", "ram", 0x80000000u, 128u << 20));
    TRY(m->add_device(b, "test0", "sifive_test", 0x00100000, 0x1000));
    TRY(m->add_device(b, "clint0", "clint", 0x02000000, 0x10000));
    TRY(m->add_device(b, "plic0", "plic", 0x0c000000, 0x600000));
    TRY(m->set_option(b, "plic0", "num-sources", "96"));
    TRY(m->add_device(b, "uart0", "ns16550a", 0x10000000, 0x100));
    TRY(m->set_option(b, "uart0", "backend", "stdio"));
    TRY(m->connect(b, "clint0.msip[0] -> hart0.msip"));
    TRY(m->connect(b, "clint0.mtip[0] -> hart0.mtip"));
    TRY(m->connect(b, "plic0.meip[0] -> hart0.meip"));
    TRY(m->connect(b, "uart0.irq -> plic0.src[10]"));
    TRY(m->set_quantum(b, "10us"));
    return 0;
}

static int fail_build(const vp_machine_api *m, vp_machine_builder *b)
{
    TRY(m->set_cpus(b, "rv32imac", 1, "1GHz", 0));
    return VP_EIO; /* fails on its own, no bad call */
}

/* Returns a value that is no status code (a broken module). */
static int garbage_build(const vp_machine_api *m, vp_machine_builder *b)
{
    TRY(m->set_cpus(b, "rv32imac", 1, "1GHz", 0));
    return -12345;
}

static int overlap_build(const vp_machine_api *m, vp_machine_builder *b)
{
    TRY(m->set_cpus(b, "rv32imac", 1, "1GHz", 0));
    TRY(m->add_memory(b, "ram", "ram", 0x80000000u, 1u << 20));
    TRY(m->add_device(b, "uart0", "ns16550a", 0x80001000u, 0x100));
    return 0;
}

static int badtype_build(const vp_machine_api *m, vp_machine_builder *b)
{
    TRY(m->set_cpus(b, "rv32imac", 1, "1GHz", 0));
    TRY(m->add_memory(b, "ram", "ram", 0x80000000u, 1u << 20));
    TRY(m->add_device(b, "dev0", "nosuchdev", 0x10000000, 0x100));
    return 0;
}

static int badopt_build(const vp_machine_api *m, vp_machine_builder *b)
{
    TRY(m->set_cpus(b, "rv32imac", 1, "1GHz", 0));
    TRY(m->add_memory(b, "ram", "ram", 0x80000000u, 1u << 20));
    TRY(m->add_device(b, "uart0", "ns16550a", 0x10000000, 0x100));
    TRY(m->set_option(b, "uart0", "colour", "blue"));
    return 0;
}

/* Wires the UART to PLIC source 0, which does not exist: the build fails. */
static int src0_build(const vp_machine_api *m, vp_machine_builder *b)
{
    TRY(m->set_cpus(b, "rv32imac", 1, "1GHz", 0));
    TRY(m->add_memory(b, "ram", "ram", 0x80000000u, 1u << 20));
    TRY(m->add_device(b, "plic0", "plic", 0x0c000000, 0x600000));
    TRY(m->add_device(b, "uart0", "ns16550a", 0x10000000, 0x100));
    TRY(m->connect(b, "uart0.irq -> plic0.src[0]"));
    return 0;
}

/* Ignores a failed call (bad frequency) and returns 0: still a failure. */
static int ignore_build(const vp_machine_api *m, vp_machine_builder *b)
{
    (void)m->set_cpus(b, "rv32imac", 1, "fast", 0);
    (void)m->add_memory(b, "ram", "ram", 0x80000000u, 1u << 20);
    return 0;
}

#define MACHINE(n, d, fn) {.size = sizeof(vp_machine_type), .abi = VP_ABI, .name = n, .description = d, .build = fn}
static const vp_machine_type machines[] = {
    MACHINE("tp-virt32", "virt-rv32 twin built in code", virt32_build),
    {.size = sizeof(vp_machine_type), .abi = VP_ABI, .name = "tp-yaml", .description = "board shipped as YAML",
     .yaml = "tp-yaml.yaml"},
    MACHINE("tp-fail", "build() fails", fail_build),
    MACHINE("tp-overlap", "uart inside ram", overlap_build),
    MACHINE("tp-badtype", "unknown device type", badtype_build),
    MACHINE("tp-badopt", "unknown option", badopt_build),
    MACHINE("tp-ignore", "ignores a failed call", ignore_build),
    MACHINE("tp-src0", "irq to PLIC source 0", src0_build),
    MACHINE("tp-garbage", "build() returns -12345", garbage_build),
};

static int tpm_init(const vp_host_api *api, vp_registrar *reg)
{
    if (!api || reg->size < offsetof(vp_registrar, register_machine) + sizeof(reg->register_machine) ||
        !reg->register_machine)
        return VP_EABI;
    for (size_t i = 0; i < sizeof(machines) / sizeof(machines[0]); i++)
        TRY(reg->register_machine(reg, &machines[i]));
    return 0;
}

VP_MODULE_DEFINE("tpmachine", "1.0", tpm_init);
