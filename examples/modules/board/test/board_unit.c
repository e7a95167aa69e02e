/* SPDX-License-Identifier: Apache-2.0 */
/* board_unit.c - host-less test of the board machine module: dlopens
 * libboard.so, collects the machines its init registers, runs the code-built
 * one against a recording vp_machine_api and checks the YAML-shipped one
 * names an existing file next to the manifest.
 * Usage: board_unit path/to/libboard.so */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <vpbridge/vp_module.h>

static const vp_machine_type *machines[4];
static int nmachines, ndevices, nwires, failures;
static char cpus[64];

#define CHECK(c) \
    do { if (!(c)) { fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static int reg_machine(vp_registrar *r, const vp_machine_type *m)
{
    (void)r;
    if (nmachines == 4)
        return VP_ENOMEM;
    machines[nmachines++] = m;
    return 0;
}
static int set_description(vp_machine_builder *b, const char *t) { (void)b; return t && *t ? 0 : VP_EINVAL; }
static int set_cpus(vp_machine_builder *b, const char *isa, uint32_t count, const char *freq, uint64_t mtime)
{
    (void)b, (void)mtime;
    snprintf(cpus, sizeof(cpus), "%s x%u @%s", isa, count, freq);
    return 0;
}
static int add_memory(vp_machine_builder *b, const char *n, const char *k, uint64_t base, uint64_t size)
{
    (void)b, (void)n;
    return !strcmp(k, "ram") && base == 0x80000000u && size ? 0 : VP_EINVAL;
}
static int add_device(vp_machine_builder *b, const char *n, const char *t, uint64_t base, uint64_t size)
{
    (void)b, (void)n, (void)t, (void)base, (void)size;
    ndevices++;
    return 0;
}
static int set_option(vp_machine_builder *b, const char *d, const char *o, const char *v)
{
    (void)b;
    return d && o && v ? 0 : VP_EINVAL;
}
static int connect_(vp_machine_builder *b, const char *w)
{
    (void)b;
    nwires++;
    return strstr(w, " -> ") ? 0 : VP_EINVAL;
}
static int set_quantum(vp_machine_builder *b, const char *t) { (void)b; return t ? 0 : VP_EINVAL; }

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    void *so = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!so) {
        fprintf(stderr, "%s\n", dlerror());
        return 1;
    }
    const vp_module_desc *d = dlsym(so, VP_MODULE_SYMBOL);
    CHECK(d && d->magic == VP_MODULE_MAGIC && !strcmp(d->name, "board"));
    vp_host_api api = {.size = sizeof(api), .abi = VP_ABI};
    vp_registrar reg = {.size = sizeof(reg), .abi = VP_ABI, .register_machine = reg_machine};
    CHECK(d && d->init(&api, &reg) == 0);
    CHECK(nmachines == 2);
    vp_machine_api mapi = {sizeof(mapi), VP_ABI, set_description, set_cpus, add_memory, add_device,
                           set_option, connect_, set_quantum};
    for (int i = 0; i < nmachines; i++) {
        const vp_machine_type *m = machines[i];
        CHECK(m->size >= sizeof(vp_machine_type) && (m->yaml == NULL) != (m->build == NULL));
        if (!strcmp(m->name, "minivirt-rv32")) {
            CHECK(m->build && m->build(&mapi, NULL) == 0);
            CHECK(!strcmp(cpus, "rv32imac x1 @1GHz") && ndevices == 4 && nwires == 4);
        } else {
            CHECK(!strcmp(m->name, "yamlboard") && m->yaml);
            char path[4096];
            snprintf(path, sizeof(path), "%s", argv[1]);
            char *slash = strrchr(path, '/');
            snprintf(slash ? slash + 1 : path, sizeof(path) - (size_t)(slash ? slash + 1 - path : 0), "%s", m->yaml);
            CHECK(access(path, R_OK) == 0);
        }
    }
    dlclose(so);
    if (!failures)
        printf("board unit test passed\n");
    return failures ? 1 : 0;
}
