/* SPDX-License-Identifier: Apache-2.0 */
/* jit_cache.c - the JIT's code cache and runtime glue (generic; the host
 * emitter is chosen in vp__jit_host): a W^X dual mapping of one memfd (a
 * writable view for the code generator and for chaining patches, an
 * executable view that runs), the emitter's entry trampoline and shared
 * epilogue at its start, block execution, chaining patches, Capstone listings for --trace out_asm, and the
 * JIT's entry in the backend table. Capstone is loaded (GModule) the first time a listing is asked for:
 * its 77000 relocations cost every other run's start-up about 2 ms. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <capstone/capstone.h>
#include <glib.h>
#include <gmodule.h>

#include "jit_int.h"
#include "jit_host.h"
#include "../exec/backend.h"

#define JIT_CACHE_SIZE ((size_t)32 << 20)

const vp_jit_host_ops *vp__jit_host(void)
{
#if defined(__x86_64__)
    return &vp__jit_host_x86_64;
#else
    return NULL;
#endif
}

bool vp__jit_available(void)
{
#if defined(__linux__)
    return vp__jit_host() != NULL;
#else
    return false;
#endif
}

/* The trampoline and the shared epilogue at the start of the cache. */
static void emit_trampoline(vp_jit *j)
{
    vp_jit_buf b = {.start = j->rw, .p = j->rw, .end = j->rw + j->size};
    j->epilogue = vp__jit_host()->trampoline(&b);
    j->code_start = vp__jit_align(vp__jit_pos(&b));
    j->used = j->code_start;
    const void *entry = j->rx;
    memcpy(&j->enter, &entry, sizeof(entry));
}

/* The code cache's memfd, close-on-exec and never fd 0-2: with a closed
 * stdout or stderr the memfd would take its number, and output written to
 * that stream would land in executable code. */
static int code_fd(void)
{
    int fd = memfd_create("vpbridge-jit", MFD_CLOEXEC);
    if (fd < 0 || fd > 2)
        return fd;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return high;
}

bool vp__jit_init(vp_cpu *cpu)
{
    if (!vp__jit_available())
        return false;
    vp_jit *j = g_new0(vp_jit, 1);
    j->size = JIT_CACHE_SIZE;
    const char *step = "create";
    j->fd = code_fd();
    if (j->fd < 0 || (step = "size", ftruncate(j->fd, (off_t)j->size) < 0))
        goto fail;
    step = "map";
    j->rw = mmap(NULL, j->size, PROT_READ | PROT_WRITE, MAP_SHARED, j->fd, 0);
    if (j->rw == MAP_FAILED) {
        j->rw = NULL;
        goto fail;
    }
    j->rx = mmap(NULL, j->size, PROT_READ | PROT_EXEC, MAP_SHARED, j->fd, 0);
    if (j->rx == MAP_FAILED) {
        j->rx = NULL;
        goto fail;
    }
    emit_trampoline(j);
    cpu->ex.jit = j;
    return true;
fail:
    /* the caller turns this into the error (out of address space, a
     * memory limit, no memfd): one line, no log of its own */
    snprintf(cpu->ex.backend_why, sizeof cpu->ex.backend_why, "cannot %s its %zu MiB code cache: %s", step,
             j->size >> 20, strerror(errno));
    cpu->ex.jit = j;
    vp__jit_fini(cpu);
    return false;
}

void vp__jit_fini(vp_cpu *cpu)
{
    vp_jit *j = cpu->ex.jit;
    if (!j)
        return;
    if (j->rw)
        munmap(j->rw, j->size);
    if (j->rx)
        munmap(j->rx, j->size);
    if (j->fd >= 0)
        close(j->fd);
    g_free(j);
    cpu->ex.jit = NULL;
}

void vp__jit_reset(vp_cpu *cpu)
{
    vp_jit *j = cpu->ex.jit;
    if (j)
        j->used = j->code_start;
}

int vp__jit_exec(vp_cpu *cpu, vp_tb *tb, vp_tb **last)
{
    vp_jit *j = cpu->ex.jit;
    cpu->ex.jit_stop = 0;
    /* Chained and looked-up blocks do not update cur_tb: it is the block
     * entered here (their flags are its flags, vp__tb_link and
     * the LOOKUP_TB probe check it), and "a JIT block is running" for tb.c. */
    cpu->ex.cur_tb = tb;
    uint64_t r = j->enter(cpu, tb->host);
    cpu->cur_insn = 0;
    cpu->ex.cur_tb = NULL;
    cpu->ex.jit_stop = 0;
    if (!(r & 7)) {
        *last = NULL;
        return -1;
    }
    *last = (vp_tb *)(uintptr_t)(r & ~(uint64_t)7);
    return (int)(r & 7) - 1;
}

void vp__jit_patch(vp_cpu *cpu, vp_tb *from, unsigned slot, vp_tb *to)
{
    vp_jit *j = cpu->ex.jit;
    if (!j || slot >= VP_TB_SLOTS || from->kind != VP_TB_JIT || !from->jmp_at[slot])
        return;
    uint8_t *at = from->jmp_at[slot];
    uint8_t *target = to ? to->host : from->jmp_reset[slot];
    vp__jit_host()->patch_jump(j->rw + (at - j->rx), at, target);
}

/* The running block checks ex.jit_stop at its next instruction start
 * (after a call or memory op) and leaves through its stop stub. */
void vp__jit_stop_after_current(vp_cpu *cpu, vp_tb *tb)
{
    (void)tb;
    cpu->ex.jit_stop = 1;
}

/* The Capstone functions --trace out_asm uses, from the library loaded on first use. */
typedef struct capstone_fns {
    bool tried, ok;
    cs_err (*open)(cs_arch, cs_mode, csh *);
    size_t (*disasm)(csh, const uint8_t *, size_t, uint64_t, size_t, cs_insn **);
    void (*free)(cs_insn *, size_t);
    cs_err (*close)(csh *);
} capstone_fns;

#define CAPSTONE_SONAME "libcapstone.so." G_STRINGIFY(CS_API_MAJOR)

static const capstone_fns *capstone(void)
{
    static capstone_fns cs;
    static GMutex lock;
    g_mutex_lock(&lock);
    if (!cs.tried) {
        cs.tried = true;
        GModule *m = g_module_open(CAPSTONE_SONAME, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
        cs.ok = m && g_module_symbol(m, "cs_open", (gpointer *)&cs.open) &&
                g_module_symbol(m, "cs_disasm", (gpointer *)&cs.disasm) &&
                g_module_symbol(m, "cs_free", (gpointer *)&cs.free) &&
                g_module_symbol(m, "cs_close", (gpointer *)&cs.close);
        if (!cs.ok)
            vp_log(VP_LOG_OUT_ASM, VP_LVL_WARN,
                   "out_asm: cannot load %s (%s; Debian package libcapstone4): host code is not listed",
                   CAPSTONE_SONAME, g_module_error());
        /* kept loaded for the process's life */
    }
    g_mutex_unlock(&lock);
    return cs.ok ? &cs : NULL;
}

void vp__jit_disas(vp_cpu *cpu, vp_tb *tb)
{
    vp_jit *j = cpu->ex.jit;
    csh h;
    cs_insn *insn;
    const vp_jit_host_ops *host = vp__jit_host();
    const capstone_fns *cs = j && tb->kind == VP_TB_JIT ? capstone() : NULL;
    if (!cs || cs->open((cs_arch)host->cs_arch, (cs_mode)host->cs_mode, &h) != CS_ERR_OK)
        return;
    const uint8_t *code = j->rw + (tb->host - j->rx);
    size_t n = cs->disasm(h, code, tb->code_bytes, (uint64_t)(uintptr_t)tb->host, 0, &insn);
    vp_log_msg(VP_LOG_OUT_ASM, VP_LVL_INFO, "OUT: block 0x%llx, %zu bytes of host code", (unsigned long long)tb->pc,
               tb->code_bytes);
    for (size_t i = 0; i < n; i++)
        vp_log_msg(VP_LOG_OUT_ASM, VP_LVL_INFO, "  0x%llx:  %s %s", (unsigned long long)insn[i].address,
                   insn[i].mnemonic, insn[i].op_str);
    if (n)
        cs->free(insn, n);
    cs->close(&h);
}

/* Host code (vp__jit_host), with the interpreter as the fallback for blocks it refuses. */
const vp_backend_ops vp__jit_backend = {
    .name = "jit",
    .init = vp__jit_init,
    .fini = vp__jit_fini,
    .reset = vp__jit_reset,
    .compile = vp__jit_compile,
    .exec = vp__jit_exec,
    .patch = vp__jit_patch,
    .stop_after_current = vp__jit_stop_after_current,
    .disas = vp__jit_disas,
};
