/* SPDX-License-Identifier: Apache-2.0 */
/* test_elf.c - the one ELF reader (common/src/elf.c) on ELF32 and ELF64
 * images built in memory: header fields, program and section headers,
 * sections and symbols by name, and every bounds check with its message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "elf_int.h"

#define F "img.elf"

static uint8_t img[1024];

static void wr(size_t off, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        img[off + i] = (uint8_t)(v >> (8 * i));
}

/* Layout: header, one PT_LOAD at 0x100, section data from 0x100, sections
 * (null, .shstrtab, .symtab, .strtab, .vp_modinfo, .bss) at 0x200. */
enum { PH = 0x80, SHSTR = 0x100, STR = 0x140, SYM = 0x160, INFO = 0x1c0, SH = 0x200 };
static const char shstr[] = "\0.shstrtab\0.symtab\0.strtab\0.vp_modinfo\0.bss";
static const char str[] = "\0tohost\0fromhost\0";

static void section(bool is64, unsigned i, uint32_t name, uint32_t type, uint64_t off, uint64_t size, uint32_t link)
{
    unsigned w = is64 ? 8 : 4;
    size_t sh = SH + i * (is64 ? 64u : 40u);
    wr(sh, name, 4);
    wr(sh + 4, type, 4);
    wr(sh + (is64 ? 24 : 16), off, w);
    wr(sh + (is64 ? 32 : 20), size, w);
    wr(sh + (is64 ? 40 : 24), link, 4);
}

static void symbol(bool is64, unsigned i, uint32_t name, uint64_t value)
{
    size_t s = SYM + i * (is64 ? 24u : 16u);
    wr(s, name, 4);
    wr(s + (is64 ? 8 : 4), value, is64 ? 8 : 4);
}

static size_t build(bool is64)
{
    unsigned w = is64 ? 8 : 4, h = is64 ? 54 : 42;
    memset(img, 0, sizeof img);
    memcpy(img, "\177ELF", 4);
    img[4] = is64 ? 2 : 1;
    img[5] = 1;
    wr(16, 2, 2);
    wr(18, 243, 2);
    wr(24, 0x80000000, w);
    wr(24 + w, PH, w);
    wr(24 + 2 * w, SH, w);
    wr(h, is64 ? 56 : 32, 2);
    wr(h + 2, 1, 2);
    wr(h + 4, is64 ? 64 : 40, 2);
    wr(h + 6, 6, 2);
    wr(h + 8, 1, 2);
    wr(PH, VP_ELF_PT_LOAD, 4);
    wr(PH + (is64 ? 8 : 4), 0x100, w);
    wr(PH + (is64 ? 24 : 12), 0x80000000, w);
    wr(PH + (is64 ? 32 : 16), 0x100, w);
    wr(PH + (is64 ? 40 : 20), 0x180, w);
    memcpy(img + SHSTR, shstr, sizeof shstr);
    memcpy(img + STR, str, sizeof str);
    symbol(is64, 1, 1, 0x80001000);  /* tohost */
    symbol(is64, 2, 8, 0x80001008);  /* fromhost */
    symbol(is64, 3, 1, 0x80002000);  /* tohost again: the last one wins */
    memcpy(img + INFO, "name=x", 7);
    section(is64, 1, 1, 3, SHSTR, sizeof shstr, 0);
    section(is64, 2, 11, VP_ELF_SHT_SYMTAB, SYM, 4 * (is64 ? 24u : 16u), 3);
    section(is64, 3, 19, 3, STR, sizeof str, 0);
    section(is64, 4, 27, 1, INFO, 7, 0);
    section(is64, 5, 39, VP_ELF_SHT_NOBITS, 0x300, 0x1000, 0);
    return SH + 6 * (is64 ? 64u : 40u);
}

/* vp__elf_parse fails with `code` and exactly `msg`. */
static void expect_parse_fail(size_t size, int code, const char *msg)
{
    vp__elf e;
    vp_error *err = NULL;
    assert_int_equal(vp__elf_parse(&e, F, img, size, &err), code);
    assert_non_null(err);
    assert_string_equal(err->msg, msg);
    vp_error_free(err);
}

static void test_elf_header_both_classes(void **state)
{
    (void)state;
    for (int is64 = 0; is64 <= 1; is64++) {
        size_t size = build(is64);
        vp__elf e;
        assert_int_equal(vp__elf_parse(&e, F, img, size, NULL), 0);
        assert_int_equal(e.is64, is64);
        assert_int_equal(e.type, VP_ELF_ET_EXEC);
        assert_int_equal(e.machine, 243);
        assert_int_equal(e.entry, 0x80000000);
        assert_int_equal(e.phnum, 1);
        assert_int_equal(e.shnum, 6);
        assert_int_equal(e.shstrndx, 1);
        assert_int_equal(vp__elf_check_phdrs(&e, NULL), 0);
        assert_int_equal(vp__elf_check_shdrs(&e, NULL), 0);
        vp__elf_phdr ph;
        vp__elf_phdr_get(&e, 0, &ph);
        assert_int_equal(ph.type, VP_ELF_PT_LOAD);
        assert_int_equal(ph.offset, 0x100);
        assert_int_equal(ph.paddr, 0x80000000);
        assert_int_equal(ph.filesz, 0x100);
        assert_int_equal(ph.memsz, 0x180);
    }
}

static void test_elf_header_errors(void **state)
{
    (void)state;
    build(true);
    expect_parse_fail(15, VP_EINVAL, F ": not an ELF file (bad magic)");
    img[4] = 3;
    expect_parse_fail(64, VP_EINVAL, F ": bad ELF class 3");
    img[4] = 2;
    img[5] = 2;
    expect_parse_fail(64, VP_EUNSUPP, F ": not little-endian (EI_DATA 2)");
    img[5] = 1;
    expect_parse_fail(63, VP_EINVAL, F ": truncated ELF header (63 bytes)");
    build(false);
    expect_parse_fail(51, VP_EINVAL, F ": truncated ELF header (51 bytes)");
    img[0] = 0x7e;
    expect_parse_fail(64, VP_EINVAL, F ": not an ELF file (bad magic)");
}

static void test_elf_table_bounds(void **state)
{
    (void)state;
    size_t size = build(true);
    vp__elf e;
    vp_error *err = NULL;
    /* the section table runs past the end of the file */
    assert_int_equal(vp__elf_parse(&e, F, img, size - 1, NULL), 0);
    assert_int_equal(vp__elf_check_phdrs(&e, NULL), 0);
    assert_int_equal(vp__elf_check_shdrs(&e, &err), VP_EINVAL);
    assert_string_equal(err->msg, F ": truncated or bad section header table (6 entries at 0x200)");
    vp_error_free(err);
    err = NULL;
    /* program header entries smaller than the standard size */
    wr(54, 40, 2);
    assert_int_equal(vp__elf_parse(&e, F, img, size, NULL), 0);
    assert_int_equal(vp__elf_check_phdrs(&e, &err), VP_EINVAL);
    assert_string_equal(err->msg, F ": truncated or bad program header table (1 entries at 0x80)");
    vp_error_free(err);
    /* a table offset near 2^64 does not wrap around the bounds check */
    size = build(false);
    wr(28, 0xffffffff, 4);
    assert_int_equal(vp__elf_parse(&e, F, img, size, NULL), 0);
    assert_int_equal(vp__elf_check_phdrs(&e, NULL), VP_EINVAL);
    /* an empty table always passes */
    wr(44, 0, 2);
    assert_int_equal(vp__elf_parse(&e, F, img, size, NULL), 0);
    assert_int_equal(vp__elf_check_phdrs(&e, NULL), 0);
}

static void test_elf_sections_by_name(void **state)
{
    (void)state;
    for (int is64 = 0; is64 <= 1; is64++) {
        size_t size = build(is64);
        vp__elf e;
        vp__elf_shdr sh;
        assert_int_equal(vp__elf_parse(&e, F, img, size, NULL), 0);
        assert_int_equal(vp__elf_section_by_name(&e, ".vp_modinfo", &sh, NULL), 1);
        assert_string_equal((const char *)vp__elf_section_data(&e, &sh), "name=x");
        assert_int_equal(vp__elf_section_by_name(&e, ".vp_modinf", &sh, NULL), 0);
        assert_int_equal(vp__elf_section_by_name(&e, ".data", &sh, NULL), 0);
        /* SHT_NOBITS has no bytes in the file; neither has a section past its end */
        assert_int_equal(vp__elf_section_by_name(&e, ".bss", &sh, NULL), 1);
        assert_null(vp__elf_section_data(&e, &sh));
        sh.type = 1;
        assert_null(vp__elf_section_data(&e, &sh));
        assert_null(vp__elf_bytes(&e, UINT64_MAX, 2));
        assert_non_null(vp__elf_bytes(&e, size, 0));
    }
    size_t size = build(true);
    vp__elf e;
    vp__elf_shdr sh;
    vp_error *err = NULL;
    /* no section name table (index past the table, or its data outside the file) */
    wr(62, 6, 2);
    assert_int_equal(vp__elf_parse(&e, F, img, size, NULL), 0);
    assert_int_equal(vp__elf_section_by_name(&e, ".vp_modinfo", &sh, &err), VP_EINVAL);
    assert_string_equal(err->msg, F ": malformed ELF section headers");
    vp_error_free(err);
    wr(62, 1, 2);
    section(true, 1, 1, 3, SHSTR, 0x1000, 0);
    assert_int_equal(vp__elf_parse(&e, F, img, size, NULL), 0);
    assert_true(vp__elf_section_by_name(&e, ".vp_modinfo", &sh, NULL) < 0);
    /* a name offset past the name table, and a name not terminated in it */
    section(true, 1, 1, 3, SHSTR, 38, 0);
    assert_int_equal(vp__elf_parse(&e, F, img, size, NULL), 0);
    assert_int_equal(vp__elf_section_by_name(&e, ".vp_modinfo", &sh, NULL), 0);
}

static void test_elf_symbols(void **state)
{
    (void)state;
    for (int is64 = 0; is64 <= 1; is64++) {
        size_t size = build(is64);
        vp__elf e;
        uint64_t v = 0;
        assert_int_equal(vp__elf_parse(&e, F, img, size, NULL), 0);
        assert_true(vp__elf_symbol(&e, "tohost", &v));
        assert_int_equal(v, 0x80002000);
        assert_true(vp__elf_symbol(&e, "fromhost", &v));
        assert_int_equal(v, 0x80001008);
        assert_false(vp__elf_symbol(&e, "host", &v));
        assert_false(vp__elf_symbol(&e, "tohos", &v));
        /* a string table cut inside "fromhost": not a match */
        section(is64, 3, 19, 3, STR, 16, 0);
        assert_false(vp__elf_symbol(&e, "fromhost", &v));
        assert_true(vp__elf_symbol(&e, "tohost", &v));
        /* a symbol table outside the file, or linked to no section: passed over */
        section(is64, 2, 11, VP_ELF_SHT_SYMTAB, SYM, 0x1000, 3);
        assert_false(vp__elf_symbol(&e, "tohost", &v));
        section(is64, 2, 11, VP_ELF_SHT_SYMTAB, SYM, 4 * (is64 ? 24u : 16u), 6);
        assert_false(vp__elf_symbol(&e, "tohost", &v));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elf_header_both_classes),
        cmocka_unit_test(test_elf_header_errors),
        cmocka_unit_test(test_elf_table_bounds),
        cmocka_unit_test(test_elf_sections_by_name),
        cmocka_unit_test(test_elf_symbols),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
