// SPDX-License-Identifier: Apache-2.0
// waveform.cpp - the waveform recorder of `vpbridge run --vcd/--fst` (waveform.h).
#ifndef SC_INCLUDE_DYNAMIC_PROCESSES
#define SC_INCLUDE_DYNAMIC_PROCESSES
#endif
#include "waveform.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fnmatch.h>
#include <stdexcept>
#include <vpbridge/tlmc_sc.h>

#include "fstapi.h"

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

/* One recorded signal: exactly one of the three interfaces is set. */
struct waveform::sig {
    std::string name;
    const sc_signal_in_if<bool> *b = nullptr;
    const sc_signal_in_if<uint32_t> *w = nullptr;
    const sc_signal_in_if<uint64_t> *d = nullptr;
    fstHandle handle = 0;
    uint64_t last = 0;

    unsigned width() const { return b ? 1 : w ? 32 : 64; }
    uint64_t value() const { return b ? (uint64_t)b->read() : w ? (uint64_t)w->read() : d->read(); }
    const sc_event &changed() const
    {
        return b ? b->value_changed_event() : w ? w->value_changed_event() : d->value_changed_event();
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

std::vector<std::string> split_name(const std::string &n)
{
    std::vector<std::string> parts;
    std::size_t start = 0, dot;
    while ((dot = n.find('.', start)) != std::string::npos) {
        parts.push_back(n.substr(start, dot - start));
        start = dot + 1;
    }
    parts.push_back(n.substr(start));
    return parts;
}

} // namespace

waveform::waveform(sc_module_name name, format fmt, const std::string &file, const std::string &patterns,
                   vp_platform *p)
    : sc_module(name), m_fmt(fmt), m_file(file), m_patterns(split_patterns(patterns.empty() ? "*" : patterns))
{
    const char *opt = fmt == format::vcd ? "--vcd " : "--fst ";
    bool has_suffix = file.size() > 4 && file.compare(file.size() - 4, 4, ".vcd") == 0;
    m_base = fmt == format::vcd && has_suffix ? file.substr(0, file.size() - 4) : file;
    std::string path = fmt == format::vcd ? m_base + ".vcd" : file;
    FILE *f = std::fopen(path.c_str(), "we"); /* a clear error now rather than a library's later */
    if (!f)
        throw std::runtime_error(opt + file + ": " + std::strerror(errno));
    std::fclose(f);
    if (fmt == format::vcd) {
        m_tf = sc_create_vcd_trace_file(m_base.c_str());
        if (m_tf)
            m_tf->set_time_unit(1, SC_PS);
    } else {
        m_fst = fstWriterCreate(file.c_str(), 1);
        if (m_fst)
            fstWriterSetTimescale(m_fst, -12); /* ps */
    }
    if (!m_tf && !m_fst)
        throw std::runtime_error(opt + file + ": cannot create the waveform file");
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
        sig s;
        s.name = n;
        s.b = t->wire.get();
        m_sigs.push_back(s);
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
    if (m_fst) {
        fstWriterClose(m_fst);
        m_fst = nullptr;
    }
    if (!m_tf)
        return;
    sc_close_vcd_trace_file(m_tf);
    m_tf = nullptr;
    if (m_base != m_file && std::rename((m_base + ".vcd").c_str(), m_file.c_str()) != 0)
        std::fprintf(stderr, "vpbridge: --vcd %s: cannot rename %s.vcd: %s\n", m_file.c_str(), m_base.c_str(),
                     std::strerror(errno));
}

std::size_t waveform::traced() const { return m_sigs.size(); }

bool waveform::wanted(const std::string &name) const
{
    for (const std::string &p : m_patterns)
        if (fnmatch(p.c_str(), name.c_str(), 0) == 0)
            return true;
    return false;
}

/* Adds `o` if it is a matching 1-, 32- or 64-bit signal, then its children. */
void waveform::collect(sc_object *o)
{
    std::string n = o->name();
    if (o->get_parent_object() != this && wanted(n)) { // not the recorder's own tap wires (recorded as irq.*)
        sig s;
        s.name = n;
        if ((s.b = dynamic_cast<sc_signal_in_if<bool> *>(o)) || (s.w = dynamic_cast<sc_signal_in_if<uint32_t> *>(o)) ||
            (s.d = dynamic_cast<sc_signal_in_if<uint64_t> *>(o)))
            m_sigs.push_back(s);
    }
    for (sc_object *c : o->get_child_objects())
        collect(c);
}

void waveform::start_of_simulation()
{
    for (sc_object *o : sc_get_top_level_objects())
        collect(o);
    if (m_tf) {
        for (const sig &s : m_sigs) {
            if (s.b)
                sc_trace(m_tf, *s.b, s.name);
            else if (s.w)
                sc_trace(m_tf, *s.w, s.name);
            else
                sc_trace(m_tf, *s.d, s.name);
        }
        return;
    }
    fst_begin();
}

/* FST: the scopes and variables, the values at time 0, and one method that
 * wakes on any recorded signal's change. */
void waveform::fst_begin()
{
    std::sort(m_sigs.begin(), m_sigs.end(), [](const sig &a, const sig &b) { return a.name < b.name; });
    std::vector<std::string> open; /* the scope path */
    for (sig &s : m_sigs) {
        std::vector<std::string> parts = split_name(s.name);
        std::size_t keep = 0;
        while (keep < open.size() && keep + 1 < parts.size() && open[keep] == parts[keep])
            keep++;
        while (open.size() > keep) {
            fstWriterSetUpscope(m_fst);
            open.pop_back();
        }
        for (std::size_t i = keep; i + 1 < parts.size(); i++) {
            fstWriterSetScope(m_fst, FST_ST_VCD_MODULE, parts[i].c_str(), nullptr);
            open.push_back(parts[i]);
        }
        s.handle = fstWriterCreateVar(m_fst, FST_VT_VCD_WIRE, FST_VD_IMPLICIT, s.width(), parts.back().c_str(), 0);
    }
    while (!open.empty()) {
        fstWriterSetUpscope(m_fst);
        open.pop_back();
    }
    fstWriterEmitTimeChange(m_fst, 0);
    for (sig &s : m_sigs) {
        s.last = s.value();
        fstWriterEmitValueChange64(m_fst, s.handle, s.width(), s.last);
    }
    if (m_sigs.empty())
        return;
    sc_spawn_options o;
    o.spawn_method();
    o.dont_initialize();
    for (const sig &s : m_sigs)
        o.set_sensitivity(&s.changed());
    sc_spawn([this]() { fst_sample(); }, sc_gen_unique_name("fst_sample"), &o);
}

void waveform::fst_sample()
{
    if (!m_fst)
        return;
    uint64_t t = to_vp(sc_time_stamp());
    if (t != m_fst_time) {
        fstWriterEmitTimeChange(m_fst, t);
        m_fst_time = t;
    }
    for (sig &s : m_sigs) {
        uint64_t v = s.value();
        if (v != s.last) {
            s.last = v;
            fstWriterEmitValueChange64(m_fst, s.handle, s.width(), v);
        }
    }
}

} // namespace vp::sc
