/* SPDX-License-Identifier: Apache-2.0 */
/* test_platform_yaml.c - platform YAML reading: a good board parses, and
 * every load-time error names file:line:col with a useful message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pf_test.h"

static void test_platform_yaml_good_parses(void **state)
{
    (void)state;
    vp_platform *p = pf_load_ok("good.yaml");
    assert_string_equal(vp_platform_name(p), "good");
    assert_int_equal(vp_platform_cpu_count(p), 2);
    assert_int_equal(vp_platform_quantum(p), 20 * VP_US);
    assert_null(vp_platform_router(p)); /* nothing built yet */
    assert_null(vp_platform_cpu(p, 0));
    vp_platform_destroy(p);
}

static void test_platform_yaml_quantum_override(void **state)
{
    (void)state;
    vp_platform_options o = *pf_opts();
    o.quantum = 3 * VP_US;
    vp_error *err = NULL;
    vp_platform *p = vp_platform_load(TP_DATA "/good.yaml", &o, &err);
    assert_non_null(p);
    assert_int_equal(vp_platform_quantum(p), 3 * VP_US);
    vp_platform_destroy(p);
}

static void test_platform_yaml_print_table(void **state)
{
    (void)state;
    vp_platform *p = pf_load_ok("good.yaml");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    vp_platform_print(p, f);
    fclose(f);
    /* sorted by address: rom < exit0 < src0 < sink0 < ram */
    const char *rom = strstr(buf, "0x00001000"), *ex = strstr(buf, "0x00100000"), *src = strstr(buf, "0x10000000"),
               *sink = strstr(buf, "0x10001000"), *ram = strstr(buf, "0x80000000");
    assert_true(rom && ex && src && sink && ram);
    assert_true(rom < ex && ex < src && src < sink && sink < ram);
    pf_expect_pieces(buf, "platform good - test board", "2 x rv32imac @ 100 MHz", "quantum 20 us", "4 KiB",
                     "1 MiB", "0x800fffff", "sink0", "tp_sink", "src0.lines[1] -> sink0.wide[11]",
                     "src0.irq      -> hart1.meip", NULL);
    free(buf);
    vp_platform_destroy(p);
}

static void test_platform_yaml_missing_file(void **state)
{
    (void)state;
    vp_error *err = NULL;
    assert_null(vp_platform_load(TP_DATA "/nothere.yaml", pf_opts(), &err));
    pf_expect_pieces(err->msg, TP_DATA "/nothere.yaml: cannot open", NULL);
    assert_int_equal(err->code, VP_ENOENT);
    vp_error_free(err);
}

static void test_platform_yaml_malformed(void **state)
{
    (void)state;
    pf_expect_load_fail("bad_yaml.yaml", "3:", "yaml:", NULL);
    pf_expect_load_fail("empty.yaml", "", "empty platform description", NULL);
}

static void test_platform_yaml_unknown_keys(void **state)
{
    (void)state;
    pf_expect_load_fail("bad_top_key.yaml", "3:1: ", "unknown key 'colour' in platform", "cpus, memory", NULL);
    pf_expect_load_fail("bad_cpu_key.yaml", "4:3: ", "unknown key 'cores' in cpus", NULL);
    pf_expect_load_fail("bad_mem_key.yaml", "4:47: ", "unknown key 'speed' in memory region", NULL);
    pf_expect_load_fail("bad_dev_key.yaml", "7:5: ", "unknown key 'irq' in device", NULL);
}

static void test_platform_yaml_missing_keys(void **state)
{
    (void)state;
    pf_expect_load_fail("missing_name.yaml", "1:1: ", "missing required key 'name'", NULL);
    pf_expect_load_fail("missing_isa.yaml", "2:7: ", "cpus: missing required key 'isa'", NULL);
    pf_expect_load_fail("missing_base.yaml", "4:5: ", "memory region: missing required key 'base'", NULL);
}

static void test_platform_yaml_bad_values(void **state)
{
    (void)state;
    pf_expect_load_fail("bad_size.yaml", "4:41: ", "size 'lots' is not a size", NULL);
    pf_expect_load_fail("bad_freq.yaml", "2:34: ", "frequency 'fast' is not a frequency", NULL);
    pf_expect_load_fail("bad_time.yaml", "4:12: ", "quantum 'soon' is not a time", NULL);
    pf_expect_load_fail("bad_base.yaml", "4:23: ", "base must be a scalar, not a sequence", NULL);
    pf_expect_load_fail("bad_list.yaml", "4:3: ", "'memory' must be a list", NULL);
    pf_expect_load_fail("bad_isa_prefix.yaml", "2:13: ", "isa 'x86_64' must start with rv32 or rv64", NULL);
}

static void test_platform_yaml_unknown_device_type(void **state)
{
    (void)state;
    pf_expect_load_fail("unknown_type.yaml", "4:22: ", "unknown device type 'ns99999'", NULL);
}

static void test_platform_yaml_overlap_names_both(void **state)
{
    (void)state;
    pf_expect_load_fail("overlap.yaml", "6:5: ", "device 'sink0' [0x800ff000..0x80100fff]", "overlaps ram 'ram'",
                        "[0x80000000..0x800fffff]", "(line 4)", NULL);
    pf_expect_load_fail("dup_name.yaml", "6:5: ", "name 'ram' is already used at line 4", NULL);
}

static void test_platform_yaml_dangling_irqs(void **state)
{
    (void)state;
    pf_expect_load_fail("irq_unknown_dev.yaml", "6:5: ", "irq 'src0.irq -> plic0.src[3]': unknown device 'plic0'",
                        NULL);
    pf_expect_load_fail("irq_bad_hart.yaml", "6:5: ", "hart2 does not exist (cpus.count is 2)", NULL);
    pf_expect_load_fail("irq_syntax.yaml", "6:5: ", "is not \"device.port[index] -> device.port[index]\"", NULL);
}

/* Values that strtoull or a blank-skipping parser would have let through. */
static void test_platform_yaml_lax_numbers_rejected(void **state)
{
    (void)state;
    pf_expect_load_fail("base_sign.yaml", "4:23: ", "base '0x-10000000' is not an unsigned integer", NULL);
    pf_expect_load_fail("count_blank.yaml", "2:30: ", "count '0x 5' is not an unsigned integer", NULL);
    pf_expect_load_fail("size_blank.yaml", "4:41: ", "size ' 1MiB' is not a size", NULL);
    pf_expect_load_fail("freq_blank.yaml", "2:34: ", "frequency ' 1GHz' is not a frequency", NULL);
}

static void test_platform_yaml_one_document_named(void **state)
{
    (void)state;
    pf_expect_load_fail("two_docs.yaml", "3:1: ", "yaml: a second document", NULL);
    pf_expect_load_fail("empty_pf_name.yaml", "1:7: ", "name must not be empty or null", NULL);
    pf_expect_load_fail("null_dev_name.yaml", "4:12: ", "name must not be empty or null ('null')", NULL);
}

/* Regions and devices fit the harts' address space and never wrap. */
static void test_platform_yaml_address_space(void **state)
{
    (void)state;
    pf_expect_load_fail("rv32_ram_top.yaml", "4:5: ", "ram 'ram' [0xfffff000 + 0x8000000]",
                        "does not fit in the 32-bit address space of rv32imac harts", NULL);
    pf_expect_load_fail("rv32_dev_top.yaml", "4:5: ", "device 'sink0' [0xfffffffffffff000 + 0x1000]",
                        "does not fit in the 32-bit address space", NULL);
    pf_expect_load_fail("rv64_wrap.yaml", "4:5: ", "ram 'ram' [0xfffffffffffff000 + 0x2000] wraps around", NULL);
    vp_platform *p = pf_load_ok("rv64_high.yaml"); /* the same addresses are fine on RV64 */
    vp_platform_destroy(p);
}

/* '[*]' and 'hart*': one line per hart, '*' = the hart's number, for the
 * board's count and for an override (vpbridge --smp). */
static void test_platform_yaml_per_hart_irqs(void **state)
{
    (void)state;
    vp_platform *p = pf_load_ok("per_hart.yaml");
    char *irqs = pf_irq_listing(p);
    assert_string_equal(irqs, "  src0.lines[0] -> hart0.meip\n"
                              "  src0.lines[1] -> hart1.meip\n"
                              "  src1.lines[0] -> sink0.in[0]\n"
                              "  src1.lines[1] -> sink0.in[1]\n"
                              "  src0.irq      -> sink0.in[7]\n");
    free(irqs);
    vp_platform_destroy(p);
    pf_fake_host host = {0, 0};
    pf_set_harts(4);
    p = pf_build_ok("per_hart.yaml", &host);
    assert_int_equal(vp_platform_cpu_count(p), 4);
    assert_non_null(vp_platform_cpu(p, 3));
    irqs = pf_irq_listing(p);
    pf_expect_pieces(irqs, "src0.lines[3] -> hart3.meip\n", "src1.lines[3] -> sink0.in[3]\n", NULL);
    assert_null(strstr(irqs, "[4]"));
    free(irqs);
    vp_platform_destroy(p);
    /* src0 has 4 lines: a fifth hart has none, said at the '*' line */
    pf_set_harts(5);
    pf_expect_build_fail("per_hart.yaml", "9:5: ",
                         "irq 'src0.lines[4] -> hart4.meip' (hart 4 of 'src0.lines[*] -> hart*.meip'): "
                         "index 4 is out of range for 'src0.lines' (4 lines)",
                         NULL);
    pf_set_harts(0);
}

static void test_platform_yaml_per_hart_malformed(void **state)
{
    (void)state;
    pf_expect_load_fail("irq_star_one_end.yaml", "6:5: ", "irq 'src0.lines[*] -> hart0.meip': '*' in one end only",
                        NULL);
    pf_expect_load_fail("irq_star_place.yaml", "6:5: ", "irq 'src0.lines[1*] -> hart*.meip': '*' stands only for",
                        "a whole index ('[*]') or for a hart's number ('hart*')", NULL);
    pf_expect_load_fail("irq_star_hart_index.yaml", "6:5: ", "a hart's input has one line", NULL);
}

/* A board wiring its harts one by one takes only its own count. */
static void test_platform_yaml_override_needs_per_hart(void **state)
{
    (void)state;
    pf_set_harts(3);
    pf_expect_load_fail("good.yaml", "20:5: ", "irq 'src0.irq -> hart1.meip' wires hart1 alone: ",
                        "board 'good' has 2 harts (cpus.count) and cannot be given 3", "'clint0.msip[*] -> hart*.msip'",
                        NULL);
    pf_set_harts(2); /* its own count */
    vp_platform *p = pf_load_ok("good.yaml");
    assert_int_equal(vp_platform_cpu_count(p), 2);
    vp_platform_destroy(p);
    pf_set_harts(VP_PLATFORM_MAX_HARTS + 1);
    pf_expect_load_fail("per_hart.yaml", " ", "1025 harts asked for; the most is 1024", NULL);
    pf_set_harts(0);
}

int main(void)
{
    setenv("VPBRIDGE_MODULE_DIR", "/nonexistent-vp-module-dir", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_platform_yaml_good_parses),
        cmocka_unit_test(test_platform_yaml_quantum_override),
        cmocka_unit_test(test_platform_yaml_print_table),
        cmocka_unit_test(test_platform_yaml_missing_file),
        cmocka_unit_test(test_platform_yaml_malformed),
        cmocka_unit_test(test_platform_yaml_unknown_keys),
        cmocka_unit_test(test_platform_yaml_missing_keys),
        cmocka_unit_test(test_platform_yaml_bad_values),
        cmocka_unit_test(test_platform_yaml_unknown_device_type),
        cmocka_unit_test(test_platform_yaml_overlap_names_both),
        cmocka_unit_test(test_platform_yaml_dangling_irqs),
        cmocka_unit_test(test_platform_yaml_lax_numbers_rejected),
        cmocka_unit_test(test_platform_yaml_one_document_named),
        cmocka_unit_test(test_platform_yaml_address_space),
        cmocka_unit_test(test_platform_yaml_per_hart_irqs),
        cmocka_unit_test(test_platform_yaml_per_hart_malformed),
        cmocka_unit_test(test_platform_yaml_override_needs_per_hart),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pf_cleanup();
    return rc;
}
