/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_platform.c - a platform YAML through everything `vpbridge check`
 * and a run's set-up do with it: load and validate (vp_platform_load),
 * build (device modules loaded and instantiated, RAM, router, harts, irq
 * wiring) and the device tree (vp_platform_dtb). Every bad input must end
 * in an error, never a crash, a leak or a hang. */
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vpbridge/vp_platform.h>

#include "clock_stub.h"
#include "fuzz_target.h"

static void no_exit(void *opaque, int status)
{
    (void)opaque, (void)status;
}

/* The device modules stay mapped for the whole run: libFuzzer keeps the
 * coverage counters of every instrumented module it saw, and reads them
 * after each input (a platform's destruction unloads its modules). */
static void keep_modules_resident(void)
{
    DIR *d = opendir(VP_MODULE_DIR);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".so") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", VP_MODULE_DIR, e->d_name);
        dlopen(path, RTLD_NOW | RTLD_NODELETE);
    }
    if (d)
        closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const dirs[] = {VP_MODULE_DIR, NULL};
    static clock_stub *clock;
    if (!clock) {
        clock = clock_stub_create();
        keep_modules_resident();
    }
    vp_platform_options opts = {.size = sizeof opts, .abi = VP_PLATFORM_ABI, .module_dirs = dirs,
                                .accel = VP_CPU_ACCEL_INTERP};
    vp_platform_host host = {sizeof host, VP_PLATFORM_ABI, no_exit, NULL};
    const char *path = fuzz_scratch_file(".yaml", data, size);
    vp_error *err = NULL;
    vp_platform *p = vp_platform_load(path, &opts, &err);
    if (p && vp_platform_build(p, clock_stub_get(clock), &host, &err) == 0) {
        void *blob = NULL;
        size_t n = 0;
        if (vp_platform_dtb(p, "console=ttyS0", &blob, &n, &err) == 0)
            free(blob);
    }
    vp_error_free(err);
    vp_platform_destroy(p);
    return 0;
}
