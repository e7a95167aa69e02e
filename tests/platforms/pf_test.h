/* SPDX-License-Identifier: Apache-2.0 */
/* pf_test.h - helpers shared by the platform tests: options pointing at
 * the test module dir, a fake run host, expectations on error messages.
 */
#ifndef PF_TEST_H
#define PF_TEST_H

#include <vpbridge/vp_platform.h>

#include "clock_stub.h"

typedef struct pf_fake_host {
    int exits;        /* request_exit calls */
    int status;       /* last status */
} pf_fake_host;

/* Options with the test module dir (and the built-in dir for real boards). */
const vp_platform_options *pf_opts(void);
/* Sets pf_opts()'s hart count override (cpu_count; 0 = the board's). */
void pf_set_harts(uint32_t count);
/* Loads data/<file> and expects success. */
vp_platform *pf_load_ok(const char *file);
/* Loads + builds data/<file>; returns the platform (clock and host are test-global). */
vp_platform *pf_build_ok(const char *file, pf_fake_host *host);
/* Loads data/<file>, expects failure; checks the message contains "<data>/<file>:<pos>" and every piece. */
void pf_expect_load_fail(const char *file, const char *pos, ...);
/* Loads (must succeed), builds (must fail) with message checks like pf_expect_load_fail. */
void pf_expect_build_fail(const char *file, const char *pos, ...);
/* The irq lines of a loaded platform as `vpbridge check` prints them (malloc'ed). */
char *pf_irq_listing(vp_platform *p);
/* Fails the test unless msg contains every NULL-terminated piece. */
void pf_expect_pieces(const char *msg, ...);
clock_stub *pf_clock(void);
/* vp_platform_host.request_exit for a pf_fake_host opaque. */
void pf_fake_exit(void *opaque, int status);
/* Frees the test clock (call at the end of main). */
void pf_cleanup(void);

/* ---- generated ELF images ---- */
typedef struct seg {
    uint64_t paddr;
    uint32_t filesz, memsz;
    uint8_t fill;
} seg;

typedef struct sym {
    const char *name;
    uint64_t value;
} sym;

typedef struct elfspec {
    bool is64;
    uint16_t machine, type;
    uint64_t entry;
    const seg *segs;
    unsigned nsegs;
    const sym *syms;
    unsigned nsyms;
    size_t truncate; /* 0 = full file */
} elfspec;

/* Writes an ELF for `s` to a temp file; returns its malloc'ed path. */
char *pf_write_elf(const elfspec *s);

#endif /* PF_TEST_H */
