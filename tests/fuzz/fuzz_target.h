/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_target.h - what every fuzz target in tests/fuzz defines: libFuzzer's
 * entry point. The same source links into the libFuzzer binary (the clang
 * build of tools/fuzz.sh) and into the corpus replay test that every build
 * runs (replay_main.c), so each input in tests/fuzz/corpus/TARGET/ is a
 * regression test in the normal and the sanitizer build. */
#ifndef VP_FUZZ_TARGET_H
#define VP_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes data to this process's scratch file for the target (created on
 * first use, rewritten each time) and returns its path; `suffix` ends the
 * name (".yaml", ".modinfo.yaml", ".elf"). For loaders that take a path. */
const char *fuzz_scratch_file(const char *suffix, const uint8_t *data, size_t size);

#endif
