/* SPDX-License-Identifier: Apache-2.0 */
/* waveform.h - `vpbridge run --vcd FILE` / `--fst FILE` [--trace-signals
 * PATTERNS]: one waveform file in SystemC time with the platform's signals
 * (docs/rtl.md, "Waveforms"):
 *  - every sc_signal / sc_clock of 1, 32 or 64 bits in the design whose
 *    hierarchical name matches (an RTL device's clock, reset and bus pins,
 *    "crc0.psel"; a SystemC device's irq wires, "counter0__irq_0_sig");
 *  - the platform's irq lines, C devices' included, as "irq.DEV.PORT_INDEX"
 *    ("irq.uart0.irq_0"), recorded by a tap on the line's source.
 * PATTERNS: comma-separated shell globs over those names; "*" (the default)
 * takes all. VCD is written here (a FILE* of our own, so a write error
 * is seen); FST through the fstapi writer that Debian's verilator package
 * ships (GTKWave's format, compressed), whose unchecked writes fst_io.c
 * watches. Both use the same scopes (the dotted name's parts)
 * and sample every recorded signal when one changes. A line a hart's access changes is recorded at the kernel
 * time of the hart's round (up to one quantum early); signals that SystemC
 * processes drive are exact. */
#ifndef VPBRIDGE_BRIDGE_WAVEFORM_H
#define VPBRIDGE_BRIDGE_WAVEFORM_H

#include <cstdio>
#include <memory>
#include <string>
#include <systemc>
#include <vector>
#include <vpbridge/vp_platform.h>

namespace vp::sc {

class waveform : public sc_core::sc_module {
public:
    enum class format { vcd, fst };

    /* Opens FILE (in place: written as given, whatever its name, a link or a
     * device included) and taps the platform's matching irq lines; the
     * signals are collected at the start of the simulation.
     * Throws std::runtime_error with a one-line message when FILE cannot be
     * written or a pattern is empty. */
    waveform(sc_core::sc_module_name name, format fmt, const std::string &file, const std::string &patterns,
             vp_platform *p);
    ~waveform() override;
    waveform(const waveform &) = delete;
    waveform &operator=(const waveform &) = delete;

    /* Closes the file (idempotent): the run's end. Returns "" or the one-line
     * error (`--vcd FILE: cannot write: No space left on device`). */
    std::string close();
    std::size_t traced() const; /* signals recorded */

private:
    struct tap;
    struct sig; /* one recorded signal */
    void start_of_simulation() override;
    bool wanted(const std::string &name) const;
    void collect(sc_core::sc_object *o);
    void begin();
    void sample();
    void vcd_value(const sig &s, uint64_t v);

    format m_fmt;
    std::string m_file; /* as given */
    std::vector<std::string> m_patterns;
    std::FILE *m_vcd = nullptr; /* VCD output */
    void *m_fst = nullptr;      /* fstapi writer */
    uint64_t m_time = 0;        /* of the last sample written */
    std::vector<std::unique_ptr<tap>> m_taps;
    std::vector<sig> m_sigs;
};

} // namespace vp::sc

#endif /* VPBRIDGE_BRIDGE_WAVEFORM_H */
