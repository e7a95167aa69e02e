/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_elf.c - the ELF loader (vp_elf_load) into a 64 KiB RAM at
 * 0x80000000 through a router, for RV32 and RV64 (the first byte of the
 * input picks; the rest is the file): headers, segments, the symbol table
 * (tohost), sizes that wrap or overrun. */
#include <string.h>

#include <vpbridge/tlmc.h>
#include <vpbridge/vp_platform.h>

#include "fuzz_target.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x10000u

static uint8_t g_ram[RAM_SIZE];

static uint32_t ram_dbg(void *opaque, tlmc_payload *p)
{
    (void)opaque;
    if (p->address >= RAM_SIZE)
        return 0;
    uint32_t n = p->length;
    if (n > RAM_SIZE - p->address)
        n = (uint32_t)(RAM_SIZE - p->address);
    if (p->command == TLMC_WRITE)
        memcpy(g_ram + p->address, p->data, n);
    else if (p->command == TLMC_READ)
        memcpy(p->data, g_ram + p->address, n);
    p->response = TLMC_OK_RESPONSE;
    return n;
}

static const tlmc_target_ops ram_ops = {.size = sizeof(tlmc_target_ops), .abi = TLMC_ABI, .transport_dbg = ram_dbg};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tlmc_router *router;
    static tlmc_target ram = {.ops = &ram_ops, .name = "ram"};
    if (!router) {
        router = tlmc_router_create("bus");
        tlmc_router_map(router, RAM_BASE, RAM_SIZE, &ram, 0, NULL);
    }
    if (size < 1)
        return 0;
    unsigned xlen = (data[0] & 1) ? 64 : 32;
    uint64_t entry = 0, tohost = 0;
    vp_error *err = NULL;
    vp_elf_load(tlmc_router_target(router), fuzz_scratch_file(".elf", data + 1, size - 1), xlen, &entry, &tohost,
                &err);
    vp_error_free(err);
    return 0;
}
