// SPDX-License-Identifier: Apache-2.0
// waveform.cpp - the VCD recorder of `vpbridge run --vcd` (waveform.h).
#include "waveform.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fnmatch.h>
#include <stdexcept>

namespace vp::sc {

using namespace sc_core;

/* One platform irq line: the tap sits between the source and its sink. */
struct waveform::tap {
    tlmc_signal *line = nullptr;
    tlmc_signal_fn sink = nullptr;
    void *sink_opaque = nullptr;
    uint32_t sink_line = 0;
    std::unique_ptr<sc_signal<bool, SC_UNCHECKED_WRITERS>> wire;

    static void level(void *opaque, uint32_t, bool on)
    {
        tap *t = static_cast<tap *>(opaque);
        if (sc_get_status() & (SC_RUNNING | SC_PAUSED | SC_END_OF_UPDATE | SC_BEFORE_TIMESTEP))
            t->wire->write(on);
        if (t->sink)
            t->sink(t->sink_opaque, t->sink_line, on);
    }
};

namespace {

std::vector<std::string> split_patterns(const std::string &text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t comma = text.find(',', start);
        std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (item.empty())
            throw std::runtime_error("--trace-signals: empty pattern in '" + text + "'");
        out.push_back(item);
        if (comma == std::string::npos)
            return out;
        start = comma + 1;
    }
}

/* "uart0.irq[0]" -> "irq.uart0.irq_0": VCD readers take [n] for a bit index. */
std::string irq_name(const char *src)
{
    std::string s = std::string("irq.") + src;
    for (char &c : s)
        if (c == '[')
            c = '_';
    if (!s.empty() && s.back() == ']')
        s.pop_back();
    return s;
}

} // namespace

waveform::waveform(sc_module_name name, const std::string &file, const std::string &patterns, vp_platform *p)
    : sc_module(name), m_file(file), m_patterns(split_patterns(patterns.empty() ? "*" : patterns))
{
    bool has_suffix = file.size() > 4 && file.compare(file.size() - 4, 4, ".vcd") == 0;
    m_base = has_suffix ? file.substr(0, file.size() - 4) : file;
    std::string path = m_base + ".vcd";
    FILE *f = std::fopen(path.c_str(), "we"); /* a clear error now rather than SystemC's later */
    if (!f)
        throw std::runtime_error("--vcd " + file + ": " + std::strerror(errno));
    std::fclose(f);
    m_tf = sc_create_vcd_trace_file(m_base.c_str());
    if (!m_tf)
        throw std::runtime_error("--vcd " + file + ": cannot create the trace file");
    m_tf->set_time_unit(1, SC_PS);
    for (uint32_t i = 0; p && i < vp_platform_irq_count(p); i++) {
        const char *src = vp_platform_irq_source(p, i);
        tlmc_signal *line = vp_platform_irq_signal(p, i);
        if (!src || !line)
            continue;
        std::string n = irq_name(src);
        if (!wanted(n))
            continue;
        auto t = std::make_unique<tap>();
        t->line = line;
        t->sink = line->sink;
        t->sink_opaque = line->sink_opaque;
        t->sink_line = line->sink_line;
        t->wire = std::make_unique<sc_signal<bool, SC_UNCHECKED_WRITERS>>(sc_gen_unique_name("irq_tap"), line->level);
        tlmc_signal_bind(line, tap::level, t.get(), 0);
        sc_trace(m_tf, *t->wire, n);
        m_traced++;
        m_taps.push_back(std::move(t));
    }
}

waveform::~waveform()
{
    for (auto &t : m_taps) /* the platform may outlive the recorder */
        tlmc_signal_bind(t->line, t->sink, t->sink_opaque, t->sink_line);
    close();
}

void waveform::close()
{
    if (!m_tf)
        return;
    sc_close_vcd_trace_file(m_tf);
    m_tf = nullptr;
    if (m_base != m_file && std::rename((m_base + ".vcd").c_str(), m_file.c_str()) != 0)
        std::fprintf(stderr, "vpbridge: --vcd %s: cannot rename %s.vcd: %s\n", m_file.c_str(), m_base.c_str(),
                     std::strerror(errno));
}

bool waveform::wanted(const std::string &name) const
{
    for (const std::string &p : m_patterns)
        if (fnmatch(p.c_str(), name.c_str(), 0) == 0)
            return true;
    return false;
}

/* Records `o` if it is a matching 1-, 32- or 64-bit signal, then its children. */
void waveform::collect(sc_object *o)
{
    std::string n = o->name();
    if (n.rfind(name(), 0) != 0 && wanted(n)) { // not the recorder's own tap wires (traced as irq.*)
        if (auto *b = dynamic_cast<sc_signal_in_if<bool> *>(o)) {
            sc_trace(m_tf, *b, n);
            m_traced++;
        } else if (auto *w = dynamic_cast<sc_signal_in_if<uint32_t> *>(o)) {
            sc_trace(m_tf, *w, n);
            m_traced++;
        } else if (auto *d = dynamic_cast<sc_signal_in_if<uint64_t> *>(o)) {
            sc_trace(m_tf, *d, n);
            m_traced++;
        }
    }
    for (sc_object *c : o->get_child_objects())
        collect(c);
}

void waveform::start_of_simulation()
{
    for (sc_object *o : sc_get_top_level_objects())
        collect(o);
}

} // namespace vp::sc
