/* SPDX-License-Identifier: Apache-2.0 */
/* waveform.h - `vpbridge run --vcd FILE [--trace-signals PATTERNS]`: one VCD
 * file in SystemC time with the platform's signals (docs/rtl.md,
 * "Waveforms"):
 *  - every sc_signal / sc_clock of 1, 32 or 64 bits in the design whose
 *    hierarchical name matches (an RTL device's clock, reset and bus pins,
 *    "crc0.psel"; a SystemC device's irq wires, "counter0__irq_0_sig");
 *  - the platform's irq lines, C devices' included, as "irq.DEV.PORT_INDEX"
 *    ("irq.uart0.irq_0"), recorded by a tap on the line's source.
 * PATTERNS: comma-separated shell globs over those names; "*" (the default)
 * takes all. A line a hart's access changes is recorded at the kernel time
 * of the hart's round (up to one quantum early); signals that SystemC
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
    /* Opens FILE (a name without ".vcd" gets renamed from FILE.vcd when the
     * run ends) and taps the platform's matching irq lines; the signals are
     * collected at the start of the simulation. Throws std::runtime_error
     * with a one-line message when FILE cannot be written or a pattern is
     * empty. */
    waveform(sc_core::sc_module_name name, const std::string &file, const std::string &patterns, vp_platform *p);
    ~waveform() override;
    waveform(const waveform &) = delete;
    waveform &operator=(const waveform &) = delete;

    /* Closes the file (idempotent): the run's end. */
    void close();
    std::size_t traced() const { return m_traced; } /* signals recorded */

private:
    struct tap;
    void start_of_simulation() override;
    bool wanted(const std::string &name) const;
    void collect(sc_core::sc_object *o);

    std::string m_file, m_base; /* as given; what SystemC writes (m_base + ".vcd") */
    std::vector<std::string> m_patterns;
    sc_core::sc_trace_file *m_tf = nullptr;
    std::vector<std::unique_ptr<tap>> m_taps;
    std::size_t m_traced = 0;
};

} // namespace vp::sc

#endif /* VPBRIDGE_BRIDGE_WAVEFORM_H */
