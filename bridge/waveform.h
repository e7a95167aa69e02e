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
 * takes all. VCD goes through SystemC's own trace file; FST through the
 * fstapi writer that Debian's verilator package ships (GTKWave's format,
 * compressed). A line a hart's access changes is recorded at the kernel
 * time of the hart's round (up to one quantum early); signals that SystemC
 * processes drive are exact. */
#ifndef VPBRIDGE_BRIDGE_WAVEFORM_H
#define VPBRIDGE_BRIDGE_WAVEFORM_H

#include <memory>
#include <string>
#include <systemc>
#include <vector>
#include <vpbridge/vp_platform.h>

namespace vp::sc {

class waveform : public sc_core::sc_module {
public:
    enum class format { vcd, fst };

    /* Opens FILE (a VCD whose name does not end in ".vcd" gets renamed from
     * FILE.vcd when the run ends) and taps the platform's matching irq
     * lines; the signals are collected at the start of the simulation.
     * Throws std::runtime_error with a one-line message when FILE cannot be
     * written or a pattern is empty. */
    waveform(sc_core::sc_module_name name, format fmt, const std::string &file, const std::string &patterns,
             vp_platform *p);
    ~waveform() override;
    waveform(const waveform &) = delete;
    waveform &operator=(const waveform &) = delete;

    /* Closes the file (idempotent): the run's end. */
    void close();
    std::size_t traced() const; /* signals recorded */

private:
    struct tap;
    struct sig; /* one recorded signal */
    void start_of_simulation() override;
    bool wanted(const std::string &name) const;
    void collect(sc_core::sc_object *o);
    void fst_begin();
    void fst_sample();

    format m_fmt;
    std::string m_file, m_base; /* as given; what SystemC writes (m_base + ".vcd") */
    std::vector<std::string> m_patterns;
    sc_core::sc_trace_file *m_tf = nullptr;
    void *m_fst = nullptr; /* fstapi writer */
    uint64_t m_fst_time = 0;
    std::vector<std::unique_ptr<tap>> m_taps;
    std::vector<sig> m_sigs;
};

} // namespace vp::sc

#endif /* VPBRIDGE_BRIDGE_WAVEFORM_H */
