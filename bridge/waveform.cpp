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
#include <sys/stat.h>
#include <stdexcept>
#include <vpbridge/tlmc_sc.h>

#include "fst_io.h"
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
    std::string id; /* VCD identifier */
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
    if (fmt == format::vcd) {
        m_vcd = std::fopen(file.c_str(), "we");
        if (!m_vcd)
            throw std::runtime_error(opt + file + ": " + std::strerror(errno));
    } else {
        struct stat st;
        if (stat(file.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) /* fstapi seeks back to finish the file */
            throw std::runtime_error(opt + file + ": not a regular file (FST is written with seeks: give a file)");
        std::FILE *f = std::fopen(file.c_str(), "we"); /* a clear error now rather than fstapi's later */
        if (!f)
            throw std::runtime_error(opt + file + ": " + std::strerror(errno));
        std::fclose(f);
        vp_fst_io_reset();
        m_fst = fstWriterCreate(file.c_str(), 1);
        if (!m_fst)
            throw std::runtime_error(opt + file + ": cannot create the waveform file");
        fstWriterSetTimescale(m_fst, -12); /* ps */
    }
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

std::string waveform::close()
{
    std::string err;
    if (m_fst) {
        fstWriterClose(m_fst);
        m_fst = nullptr;
        if (int e = vp_fst_io_error()) /* fstapi checks none of its writes: fst_io.c did */
            err = "--fst " + m_file + ": cannot write: " + std::strerror(e);
    }
    if (m_vcd) {
        errno = 0;
        bool bad = std::fflush(m_vcd) != 0 || std::ferror(m_vcd);
        int e = errno;
        if (std::fclose(m_vcd) != 0 && !bad) {
            bad = true;
            e = errno;
        }
        m_vcd = nullptr;
        if (bad)
            err = "--vcd " + m_file + ": cannot write: " + (e ? std::strerror(e) : "write error");
    }
    return err;
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
    begin();
}

/* VCD identifiers: base 94 over the printable characters '!'..'~'. */
static std::string vcd_id(std::size_t n)
{
    std::string id;
    do {
        id.push_back((char)('!' + n % 94));
        n /= 94;
    } while (n);
    return id;
}

/* The scopes and variables (the dotted name's parts), the values at time
 * 0, and one method that wakes on any recorded signal's change. */
void waveform::begin()
{
    std::sort(m_sigs.begin(), m_sigs.end(), [](const sig &a, const sig &b) { return a.name < b.name; });
    if (m_vcd)
        std::fputs("$version\n  vpbridge\n$end\n$timescale\n  1 ps\n$end\n", m_vcd);
    std::vector<std::string> open; /* the scope path */
    std::size_t index = 0;
    for (sig &s : m_sigs) {
        std::vector<std::string> parts = split_name(s.name);
        std::size_t keep = 0;
        while (keep < open.size() && keep + 1 < parts.size() && open[keep] == parts[keep])
            keep++;
        while (open.size() > keep) {
            if (m_fst)
                fstWriterSetUpscope(m_fst);
            else
                std::fputs("$upscope $end\n", m_vcd);
            open.pop_back();
        }
        for (std::size_t i = keep; i + 1 < parts.size(); i++) {
            if (m_fst)
                fstWriterSetScope(m_fst, FST_ST_VCD_MODULE, parts[i].c_str(), nullptr);
            else
                std::fprintf(m_vcd, "$scope module %s $end\n", parts[i].c_str());
            open.push_back(parts[i]);
        }
        if (m_fst) {
            s.handle =
                fstWriterCreateVar(m_fst, FST_VT_VCD_WIRE, FST_VD_IMPLICIT, s.width(), parts.back().c_str(), 0);
        } else {
            s.id = vcd_id(index++);
            std::fprintf(m_vcd, "$var wire %u %s %s $end\n", s.width(), s.id.c_str(), parts.back().c_str());
        }
    }
    while (!open.empty()) {
        if (m_fst)
            fstWriterSetUpscope(m_fst);
        else
            std::fputs("$upscope $end\n", m_vcd);
        open.pop_back();
    }
    if (m_fst) {
        fstWriterEmitTimeChange(m_fst, 0);
    } else {
        std::fputs("$enddefinitions $end\n#0\n$dumpvars\n", m_vcd);
    }
    for (sig &s : m_sigs) {
        s.last = s.value();
        if (m_fst)
            fstWriterEmitValueChange64(m_fst, s.handle, s.width(), s.last);
        else
            vcd_value(s, s.last);
    }
    if (m_vcd)
        std::fputs("$end\n", m_vcd);
    if (m_sigs.empty())
        return;
    sc_spawn_options o;
    o.spawn_method();
    o.dont_initialize();
    for (const sig &s : m_sigs)
        o.set_sensitivity(&s.changed());
    sc_spawn([this]() { sample(); }, sc_gen_unique_name("wave_sample"), &o);
}

void waveform::vcd_value(const sig &s, uint64_t v)
{
    if (s.width() == 1) {
        std::fprintf(m_vcd, "%c%s\n", v ? '1' : '0', s.id.c_str());
        return;
    }
    char bits[65];
    int n = 0;
    for (int b = 63; b >= 0; b--)
        if (n || (v >> b) & 1 || b == 0)
            bits[n++] = (char)('0' + ((v >> b) & 1));
    bits[n] = 0;
    std::fprintf(m_vcd, "b%s %s\n", bits, s.id.c_str());
}

void waveform::sample()
{
    if (!m_fst && !m_vcd)
        return;
    uint64_t t = to_vp(sc_time_stamp());
    if (t != m_time) {
        if (m_fst)
            fstWriterEmitTimeChange(m_fst, t);
        else
            std::fprintf(m_vcd, "#%llu\n", (unsigned long long)t);
        m_time = t;
    }
    for (sig &s : m_sigs) {
        uint64_t v = s.value();
        if (v != s.last) {
            s.last = v;
            if (m_fst)
                fstWriterEmitValueChange64(m_fst, s.handle, s.width(), v);
            else
                vcd_value(s, v);
        }
    }
}

} // namespace vp::sc
