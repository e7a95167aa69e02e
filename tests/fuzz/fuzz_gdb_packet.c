/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_gdb_packet.c - the GDB server's packet handler (bridge/gdb_server.c,
 * vp_gdb_handle_packet): an input is a sequence of packet payloads split
 * at '\n', handled in order by one server on two harts (RV32 with F, on a
 * 64 KiB RAM at 0x80000000), so that state carries from one packet to the
 * next (H, Z, writes). Memory, the harts' state and the server start
 * afresh per input. */
#include <stdlib.h>
#include <string.h>

#include <vpbridge/tlmc.h>
#include <vpbridge/vp_cpu.h>

#include "fuzz_target.h"
#include "gdb_server.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x10000u
#define N_HARTS 2

static uint8_t g_ram[RAM_SIZE];

static void ram_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    (void)opaque, (void)delay;
    if (p->address + p->length > RAM_SIZE || p->address + p->length < p->address) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    if (p->command == TLMC_READ)
        memcpy(p->data, g_ram + p->address, p->length);
    else if (p->command == TLMC_WRITE)
        memcpy(g_ram + p->address, p->data, p->length);
    p->response = TLMC_OK_RESPONSE;
}

static uint32_t ram_dbg(void *opaque, tlmc_payload *p)
{
    ram_b_transport(opaque, p, NULL);
    return tlmc_payload_ok(p) ? p->length : 0;
}

static const tlmc_target_ops ram_ops = {
    .size = sizeof(tlmc_target_ops), .abi = TLMC_ABI, .b_transport = ram_b_transport, .transport_dbg = ram_dbg,
};

static bool monitor(void *opaque, const char *cmd, GString *out)
{
    (void)opaque;
    if (strcmp(cmd, "stats") != 0)
        return false;
    g_string_append(out, "hart 0: ...\n");
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tlmc_router *router;
    static tlmc_target ram = {.ops = &ram_ops, .name = "ram"};
    if (!router) {
        router = tlmc_router_create("bus");
        if (tlmc_router_map(router, RAM_BASE, RAM_SIZE, &ram, 0, NULL) < 0)
            abort();
    }
    static vp_cpu *harts[N_HARTS];
    for (unsigned i = 0; i < N_HARTS; i++) {
        if (!harts[i]) {
            vp_cpu_config cfg = {.size = sizeof cfg, .abi = VP_CPU_ABI, .isa = "rv32imafc", .hartid = i,
                                 .reset_pc = RAM_BASE, .bus = tlmc_router_target(router), .insn_period = VP_NS,
                                 .accel = VP_CPU_ACCEL_INTERP};
            harts[i] = vp_cpu_create(&cfg, NULL);
            if (!harts[i])
                abort();
        }
        vp_cpu_debug_clear(harts[i]); /* each input starts from the same state */
        vp_cpu_reset(harts[i]);
    }
    memset(g_ram, 0, sizeof g_ram);
    vp_gdb_host host = {NULL, monitor, "monitor stats\n"};
    vp_gdb *g = vp_gdb_new_unconnected(harts, N_HARTS, &host);
    GString *reply = g_string_new(NULL);
    const char *p = (const char *)data, *end = p + size;
    while (p <= end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        vp_gdb_action a;
        vp_gdb_handle_packet(g, p, (size_t)(stop - p), reply, &a);
        p = stop + 1;
    }
    g_string_free(reply, TRUE);
    vp_gdb_free(g);
    return 0;
}
