// SPDX-License-Identifier: Apache-2.0
// signals.cpp - signal lines across the boundary: sc_signal<bool> -> C
// input (signal_to_c) and C output (tlmc_signal) -> sc_signal<bool>
// (c_to_signal).
#include <vpbridge/tlmc_sc.h>

namespace vp::sc {

signal_to_c::signal_to_c(sc_core::sc_module_name name, tlmc_signal_fn sink, void *opaque, uint32_t line)
    : sc_module(name), in("in"), m_sink(sink), m_opaque(opaque), m_line(line)
{
    SC_HAS_PROCESS(signal_to_c);
    SC_METHOD(on_change); // runs once at initialisation, then on every change
    sensitive << in;
}

void signal_to_c::on_change()
{
    bool level = in.read();
    if ((in.event() || level) && m_sink)
        m_sink(m_opaque, m_line, level);
}

c_to_signal::c_to_signal(sc_core::sc_module_name name) : sc_module(name), out("out")
{
    SC_HAS_PROCESS(c_to_signal);
    SC_METHOD(drive);
    sensitive << m_changed;
    dont_initialize();
}

void c_to_signal::bind(tlmc_signal *s) { tlmc_signal_bind(s, sink, this, 0); }

// The level is written by this adapter's own process, whichever process
// (or none, during elaboration) the C device sets it from: the bound
// sc_signal keeps exactly one writer. Cost: one delta cycle.
void c_to_signal::sink(void *opaque, uint32_t, bool level)
{
    c_to_signal *self = static_cast<c_to_signal *>(opaque);
    self->m_level = level;
    if (sc_core::sc_is_running())
        self->m_changed.notify(sc_core::SC_ZERO_TIME);
    else
        self->out.initialize(level);
}

void c_to_signal::drive() { out.write(m_level); }

} // namespace vp::sc
