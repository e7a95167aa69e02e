/* SPDX-License-Identifier: Apache-2.0 */
/* crc_model.h - the register file of examples/rtl/crc_core.v as plain C, for
 * bench/rtl's C and SystemC models of the same function (crc_c.c,
 * crc_sc.cpp). Same offsets and bits; a DATA word is folded in at once
 * (never busy), so the models never stall. */
#ifndef VP_BENCH_CRC_MODEL_H
#define VP_BENCH_CRC_MODEL_H

#include <stdbool.h>
#include <stdint.h>

enum { CRCM_CTRL = 0x00, CRCM_STATUS = 0x04, CRCM_DATA = 0x08, CRCM_RESULT = 0x0C, CRCM_INIT = 0x10,
       CRCM_COUNT = 0x14 };

typedef struct crc_model {
    uint32_t crc, count;
    bool done, irq_en;
} crc_model;

static inline void crcm_reset(crc_model *m)
{
    m->crc = 0xFFFFFFFFu;
    m->count = 0;
    m->done = m->irq_en = false;
}

static inline bool crcm_irq(const crc_model *m) { return m->done && m->irq_en; }

/* false: not a register (the RTL answers PSLVERR). */
static inline bool crcm_read(const crc_model *m, uint32_t off, uint32_t *v)
{
    switch (off) {
    case CRCM_CTRL: *v = m->irq_en; return true;
    case CRCM_STATUS: *v = m->done ? 2u : 0u; return true;
    case CRCM_DATA: case CRCM_INIT: *v = 0; return true;
    case CRCM_RESULT: *v = m->crc; return true;
    case CRCM_COUNT: *v = m->count; return true;
    default: return false;
    }
}

static inline bool crcm_write(crc_model *m, uint32_t off, uint32_t v)
{
    switch (off) {
    case CRCM_CTRL: m->irq_en = v & 1u; return true;
    case CRCM_STATUS: if (v & 2u) m->done = false; return true;
    case CRCM_DATA:
        for (int i = 0; i < 32; i++) /* the word's bits, LSB first (reflected CRC-32) */
            m->crc = (m->crc >> 1) ^ (0xEDB88320u & -((m->crc ^ (v >> i)) & 1u));
        m->count++;
        m->done = true;
        return true;
    case CRCM_INIT: m->crc = v; return true;
    case CRCM_RESULT: case CRCM_COUNT: return true;
    default: return false;
    }
}

#endif /* VP_BENCH_CRC_MODEL_H */
