// SPDX-License-Identifier: Apache-2.0
// elf_load.cpp - ELF loading for riscv_cluster without a second ELF parser:
// a throwaway one-hart platform (vp_platform) whose router has `bus` mapped
// over the whole address space runs vp_platform_load_elf, so the segments go
// through debug transport into `bus`; the entry is read back from its hart.
// To be replaced by a bus-level entry point of the platform's loader once
// one exists (see docs/integrator.md).
#include "elf_load.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include <vpbridge/vp_platform.h>

#include "sc_clock.h"

namespace vp::sc {
namespace {

// Forwards debug transport only: loading must not touch timing or DMI, and
// the router's binding must not overwrite the hart's own invalidate hook.
uint32_t fwd_dbg(void *opaque, tlmc_payload *p) { return tlmc_transport_dbg(static_cast<tlmc_target *>(opaque), p); }

const tlmc_target_ops k_fwd_ops = {sizeof(tlmc_target_ops), TLMC_ABI, nullptr, fwd_dbg, nullptr};

void no_exit(void *, int) {}

// A platform description with one hart of `isa` and nothing else.
bool write_yaml(const char *isa, std::string *path, vp_error **errp)
{
    char tmpl[] = "/tmp/vpbridge-elf-XXXXXX.yaml";
    int fd = mkstemps(tmpl, 5);
    if (fd < 0) {
        vp_error_set(errp, VP_EIO, "cannot create a temporary file in /tmp");
        return false;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmpl);
        vp_error_set(errp, VP_EIO, "cannot write a temporary file in /tmp");
        return false;
    }
    std::fprintf(f, "name: elf-loader\ncpus:\n  isa: \"%s\"\n  count: 1\n", isa);
    bool ok = std::fclose(f) == 0;
    *path = tmpl;
    if (!ok) {
        unlink(tmpl);
        vp_error_set(errp, VP_EIO, "cannot write a temporary file in /tmp");
    }
    return ok;
}

} // namespace

int elf_load_into(tlmc_target *bus, const char *isa, const char *path, uint64_t *entry, vp_error **errp)
{
    std::string yaml;
    if (!write_yaml(isa, &yaml, errp))
        return VP_EIO;
    vp_platform_options opts{};
    opts.size = sizeof(opts);
    opts.abi = 1;
    vp_platform *p = vp_platform_load(yaml.c_str(), &opts, errp);
    unlink(yaml.c_str());
    if (!p)
        return VP_EINVAL;
    tlmc_target fwd{};
    fwd.ops = &k_fwd_ops;
    fwd.opaque = bus;
    fwd.name = "riscv_cluster bus";
    vp_platform_host host{sizeof(vp_platform_host), 1, no_exit, nullptr};
    int rc = vp_platform_build(p, kernel_clock(), &host, errp);
    if (!rc)
        rc = tlmc_router_map(vp_platform_router(p), 0, UINT64_MAX, &fwd, INT_MAX / 2, errp);
    if (!rc)
        rc = vp_platform_load_elf(p, path, errp);
    if (!rc)
        *entry = vp_cpu_get_pc(vp_platform_cpu(p, 0));
    vp_platform_destroy(p);
    return rc;
}

} // namespace vp::sc
