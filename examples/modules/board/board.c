/* SPDX-License-Identifier: Apache-2.0 */
/* board.c - example out-of-tree machine module: "minivirt-rv32", a small
 * QEMU virt-compatible RV32 board described in code through the machine
 * builder (vp_machine_api), and "yamlboard", a board shipped as a platform
 * YAML next to the manifest. Run with
 *   vpbridge run minivirt-rv32 --add-machines <dir>/board.modinfo.yaml --kernel fw.elf
 * See docs/device-guide.md, "Board authors". */
#include <stddef.h>

#include <vpbridge/vp_module.h>

/* Every builder call returns 0 or VP_E*; stop at the first error (the host
 * reports it naming the machine and the call). */
#define TRY(call)                                                                                   \
    do {                                                                                            \
        int rc_ = (call);                                                                           \
        if (rc_)                                                                                    \
            return rc_;                                                                             \
    } while (0)

static int minivirt_build(const vp_machine_api *m, vp_machine_builder *b)
{
    TRY(m->set_description(b, "minimal virt-compatible RV32 board built in code"));
    TRY(m->set_cpus(b, "rv32imac", 1, "1GHz", 0x0200bff8));
    TRY(m->add_memory(b, "ram", "ram", 0x80000000u, 64u << 20));
    TRY(m->add_device(b, "test0", "sifive_test", 0x00100000, 0x1000));
    TRY(m->add_device(b, "clint0", "clint", 0x02000000, 0x10000));
    TRY(m->add_device(b, "plic0", "plic", 0x0c000000, 0x600000));
    TRY(m->set_option(b, "plic0", "num-sources", "32"));
    TRY(m->add_device(b, "uart0", "ns16550a", 0x10000000, 0x100));
    TRY(m->set_option(b, "uart0", "backend", "stdio"));
    /* one line per hart ('*' = its number), so `--smp N` gives N wired harts */
    TRY(m->connect(b, "clint0.msip[*] -> hart*.msip"));
    TRY(m->connect(b, "clint0.mtip[*] -> hart*.mtip"));
    TRY(m->connect(b, "plic0.meip[*] -> hart*.meip"));
    TRY(m->connect(b, "uart0.irq -> plic0.src[10]"));
    TRY(m->set_quantum(b, "10us"));
    return 0;
}

static const vp_machine_type machines[] = {
    {.size = sizeof(vp_machine_type), .abi = VP_ABI, .name = "minivirt-rv32",
     .description = "minimal virt-compatible RV32 board (built in code)", .build = minivirt_build},
    {.size = sizeof(vp_machine_type), .abi = VP_ABI, .name = "yamlboard",
     .description = "virt-compatible RV64 board shipped as YAML", .yaml = "yamlboard.yaml"},
};

static int board_init(const vp_host_api *api, vp_registrar *reg)
{
    /* register_machine is an ABI 1.1 registrar entry: check that it is there. */
    if (!api || (api->abi >> 16) != VP_ABI_MAJOR ||
        reg->size < offsetof(vp_registrar, register_machine) + sizeof(reg->register_machine) ||
        !reg->register_machine)
        return VP_EABI;
    for (size_t i = 0; i < sizeof(machines) / sizeof(machines[0]); i++) {
        int rc = reg->register_machine(reg, &machines[i]);
        if (rc)
            return rc;
    }
    return 0;
}

VP_MODULE_DEFINE("board", "1.0.0", board_init);
