/* SPDX-License-Identifier: Apache-2.0 */
/* pf_test.c - helpers shared by the platform tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pf_test.h"

static const char *const dirs[] = {TP_DIR, NULL};
static vp_platform_options opts = {sizeof(vp_platform_options), VP_PLATFORM_ABI, dirs, NULL, VP_CPU_ACCEL_INTERP, 0, NULL, 0};
static clock_stub *clock_;

const vp_platform_options *pf_opts(void) { return &opts; }

void pf_set_harts(uint32_t count) { opts.cpu_count = count; }

void pf_cleanup(void)
{
    clock_stub_destroy(clock_);
    clock_ = NULL;
}

clock_stub *pf_clock(void)
{
    if (!clock_)
        clock_ = clock_stub_create();
    return clock_;
}

static void vcheck(const char *msg, va_list ap)
{
    const char *s;
    while ((s = va_arg(ap, const char *)))
        if (!strstr(msg, s))
            fail_msg("message '%s' lacks '%s'", msg, s);
}

void pf_expect_pieces(const char *msg, ...)
{
    va_list ap;
    va_start(ap, msg);
    vcheck(msg, ap);
    va_end(ap);
}

char *pf_irq_listing(vp_platform *p)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    vp_platform_print(p, f);
    fclose(f);
    const char *at = strstr(buf, "\nirqs:\n");
    assert_non_null(at);
    char *irqs = strdup(at + 7);
    free(buf);
    return irqs;
}

vp_platform *pf_load_ok(const char *file)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", TP_DATA, file);
    vp_error *err = NULL;
    vp_platform *p = vp_platform_load(path, pf_opts(), &err);
    if (!p)
        fail_msg("load %s: %s", file, err ? err->msg : "(no error)");
    return p;
}

void pf_fake_exit(void *opaque, int status);
void pf_fake_exit(void *opaque, int status)
{
    pf_fake_host *h = opaque;
    h->exits++;
    h->status = status;
}

vp_platform *pf_build_ok(const char *file, pf_fake_host *host)
{
    vp_platform *p = pf_load_ok(file);
    vp_platform_host h = {sizeof(h), VP_PLATFORM_ABI, pf_fake_exit, host};
    vp_error *err = NULL;
    if (vp_platform_build(p, clock_stub_get(pf_clock()), &h, &err))
        fail_msg("build %s: %s", file, err->msg);
    return p;
}

static void check_err(vp_error *err, const char *file, const char *pos, va_list ap)
{
    assert_non_null(err);
    assert_true(err->code < 0);
    char want[600];
    snprintf(want, sizeof(want), "%s/%s:%s", TP_DATA, file, pos);
    if (strncmp(err->msg, want, strlen(want)) != 0)
        fail_msg("message '%s' does not start with '%s'", err->msg, want);
    vcheck(err->msg, ap);
    vp_error_free(err);
}

void pf_expect_load_fail(const char *file, const char *pos, ...)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", TP_DATA, file);
    vp_error *err = NULL;
    vp_platform *p = vp_platform_load(path, pf_opts(), &err);
    if (p)
        fail_msg("%s loaded, expected an error", file);
    va_list ap;
    va_start(ap, pos);
    check_err(err, file, pos, ap);
    va_end(ap);
}

void pf_expect_build_fail(const char *file, const char *pos, ...)
{
    vp_platform *p = pf_load_ok(file);
    vp_error *err = NULL;
    pf_fake_host fh = {0, 0};
    vp_platform_host h = {sizeof(h), VP_PLATFORM_ABI, pf_fake_exit, &fh};
    int rc = vp_platform_build(p, clock_stub_get(pf_clock()), &h, &err);
    if (!rc)
        fail_msg("%s built, expected an error", file);
    assert_int_equal(rc, err->code);
    va_list ap;
    va_start(ap, pos);
    check_err(err, file, pos, ap);
    va_end(ap);
    vp_platform_destroy(p);
}

static void put(uint8_t *b, size_t off, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        b[off + i] = (uint8_t)(v >> (8 * i));
}

/* Writes an ELF: header, phdrs, segment data, strtab, symtab, 3 shdrs (null, symtab, strtab). */
char *pf_write_elf(const elfspec *s)
{
    static int counter;
    uint8_t *b = calloc(1, 1 << 16);
    unsigned w = s->is64 ? 8 : 4, eh = s->is64 ? 64 : 52, ph = s->is64 ? 56 : 32, sh = s->is64 ? 64 : 40;
    unsigned symsz = s->is64 ? 24 : 16;
    memcpy(b, "\177ELF", 4);
    b[4] = s->is64 ? 2 : 1;
    b[5] = 1;
    b[6] = 1;
    put(b, 16, s->type ? s->type : 2, 2);
    put(b, 18, s->machine ? s->machine : 243, 2);
    put(b, 20, 1, 4);
    put(b, 24, s->entry, w);
    put(b, 24 + w, eh, w); /* phoff */
    put(b, s->is64 ? 52 : 40, eh, 2);
    put(b, s->is64 ? 54 : 42, ph, 2);
    put(b, s->is64 ? 56 : 44, s->nsegs, 2);
    size_t off = eh + (size_t)ph * s->nsegs;
    for (unsigned i = 0; i < s->nsegs; i++) {
        uint8_t *p = b + eh + i * ph;
        put(p, 0, 1, 4);
        put(p, s->is64 ? 8 : 4, off, w);
        put(p, s->is64 ? 16 : 8, s->segs[i].paddr, w);
        put(p, s->is64 ? 24 : 12, s->segs[i].paddr, w);
        put(p, s->is64 ? 32 : 16, s->segs[i].filesz, w);
        put(p, s->is64 ? 40 : 20, s->segs[i].memsz, w);
        memset(b + off, s->segs[i].fill, s->segs[i].filesz);
        off += s->segs[i].filesz;
    }
    size_t stroff = off, strsz = 1;
    uint32_t names[8];
    for (unsigned i = 0; i < s->nsyms; i++) {
        names[i] = (uint32_t)strsz;
        strcpy((char *)b + stroff + strsz, s->syms[i].name);
        strsz += strlen(s->syms[i].name) + 1;
    }
    size_t symoff = (stroff + strsz + 7) & ~(size_t)7;
    for (unsigned i = 0; i < s->nsyms; i++) {
        uint8_t *y = b + symoff + (i + 1) * symsz; /* entry 0 is the null symbol */
        put(y, 0, names[i], 4);
        put(y, s->is64 ? 8 : 4, s->syms[i].value, w);
    }
    size_t symtotal = (s->nsyms + 1) * symsz, shoff = (symoff + symtotal + 7) & ~(size_t)7;
    put(b, 24 + 2 * w, shoff, w);
    put(b, s->is64 ? 58 : 46, sh, 2);
    put(b, s->is64 ? 60 : 48, 3, 2);
    uint8_t *st = b + shoff + sh, *ss = b + shoff + 2 * sh;
    put(st, 4, 2, 4); /* SHT_SYMTAB */
    put(st, s->is64 ? 24 : 16, symoff, w);
    put(st, s->is64 ? 32 : 20, symtotal, w);
    put(st, s->is64 ? 40 : 24, 2, 4); /* sh_link -> strtab */
    put(ss, 4, 3, 4);                   /* SHT_STRTAB */
    put(ss, s->is64 ? 24 : 16, stroff, w);
    put(ss, s->is64 ? 32 : 20, strsz, w);
    size_t total = shoff + 3 * sh;
    char *path = malloc(256);
    snprintf(path, 256, "/tmp/vp_test_elf_%d_%d.elf", (int)getpid(), counter++);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(b, 1, s->truncate ? s->truncate : total, f);
    fclose(f);
    free(b);
    return path;
}

