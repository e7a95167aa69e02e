# SPDX-License-Identifier: Apache-2.0
# vpbridgeRtl.cmake - vpbridge_add_rtl_module(): a Verilog block as a
# `side: systemc` vpbridge module, by configuration (docs/rtl.md).
#
#   vpbridge_add_rtl_module(<name>
#       VERILOG <file.v|.sv>...       the block's sources
#       TOP <module>                  its top module
#       BUS apb|axi-lite              the completer interface the platform drives
#       [CLOCK <port>]                clock input (default pclk for apb, aclk for axi-lite)
#       [RESET <port>] [ACTIVE_LOW]   reset input (default presetn / aresetn, active low);
#                                     a RESET given without ACTIVE_LOW is active high
#       [IRQ <port>...]               1-bit outputs that become the type's irq ports
#       [BUSY <port>]                 1-bit output: the clock runs while it is high
#       [PREFIX <text>]               bus ports are <text><pin>, e.g. s_apb_ -> s_apb_psel
#       [PARAMS NAME=VALUE...]        Verilog parameters (verilator -G)
#       [INCLUDE_DIRS <dir>...]       `include search path
#       [VERILATOR_ARGS <arg>...]     more verilator options
#       [TYPE <type>]                 device type name (default <name>)
#       [DESCRIPTION <text>] [VERSION <x.y.z>]
#       [FREQUENCY <freq>]            default of the `frequency` option (default 100MHz)
#       [IDLE_CYCLES <n>]             default of `idle-cycles` (default 16)
#       [NO_GATING]                   default clock-gating false
#       [MMIO_SIZE <bytes>]           default size in the memory map (default 0x1000)
#       [OUTPUT_DIRECTORY <dir>])
#
# Runs Verilator (--sc, from the `verilator` package or VERILATOR_ROOT) on
# the sources into a static library compiled without the project's warnings
# (Verilator's code is Verilator's business), generates the wrapper from
# vpbridgeRtlWrapper.cpp.in and builds <dir>/lib<name>.so with
# <dir>/<name>.modinfo.yaml next to it, ready for --add-modinfo.
#
# Bus pins: apb: psel penable pwrite paddr pwdata prdata (required), pstrb
# pready pslverr (optional: absent = no strobes, always ready, never an
# error). axi-lite: awvalid awready awaddr wvalid wready wdata bvalid bready
# arvalid arready araddr rvalid rready rdata (required), awprot wstrb bresp
# arprot rresp (optional). Data and addresses up to 32 bits wide.
include_guard(GLOBAL)
set(VPBRIDGE_RTL_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/vpbridgeRtlWrapper.cpp.in)

function(vpbridge_add_rtl_module name)
  cmake_parse_arguments(R "ACTIVE_LOW;NO_GATING"
    "TOP;BUS;CLOCK;RESET;BUSY;PREFIX;TYPE;DESCRIPTION;VERSION;FREQUENCY;IDLE_CYCLES;MMIO_SIZE;OUTPUT_DIRECTORY"
    "VERILOG;IRQ;PARAMS;INCLUDE_DIRS;VERILATOR_ARGS" ${ARGN})
  set(fn "vpbridge_add_rtl_module(${name})")
  if(R_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${fn}: unknown arguments ${R_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT R_VERILOG)
    message(FATAL_ERROR "${fn}: VERILOG <files> is required")
  endif()
  if(NOT R_TOP)
    message(FATAL_ERROR "${fn}: TOP <module> is required")
  endif()
  if(NOT R_TOP MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "${fn}: TOP '${R_TOP}' is not a Verilog module name")
  endif()
  if(R_BUS STREQUAL "apb")
    set(bridge tlm_to_apb)
    set(required psel penable pwrite paddr pwdata prdata)
    set(optional pstrb pready pslverr)
    set(def_clock pclk)
    set(def_reset presetn)
  elseif(R_BUS STREQUAL "axi-lite")
    set(bridge tlm_to_axi_lite)
    set(required awvalid awready awaddr wvalid wready wdata bvalid bready arvalid arready araddr rvalid rready rdata)
    set(optional awprot wstrb bresp arprot rresp)
    set(def_clock aclk)
    set(def_reset aresetn)
  else()
    message(FATAL_ERROR "${fn}: BUS must be apb or axi-lite (got '${R_BUS}')")
  endif()
  if(NOT R_CLOCK)
    set(R_CLOCK ${def_clock})
  endif()
  if(NOT R_RESET)
    set(R_RESET ${def_reset})
    set(R_ACTIVE_LOW TRUE)
  endif()
  set(d_TYPE ${name})
  set(d_DESCRIPTION "${R_TOP} (RTL, ${R_BUS})")
  set(d_VERSION 1.0.0)
  set(d_FREQUENCY 100MHz)
  set(d_IDLE_CYCLES 16)
  set(d_MMIO_SIZE 0x1000)
  set(d_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  foreach(v TYPE DESCRIPTION VERSION FREQUENCY IDLE_CYCLES MMIO_SIZE OUTPUT_DIRECTORY)
    if(NOT DEFINED R_${v} OR "${R_${v}}" STREQUAL "")
      set(R_${v} ${d_${v}})
    endif()
  endforeach()
  foreach(p ${R_CLOCK} ${R_RESET} ${R_IRQ} ${R_BUSY})
    if(NOT p MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
      message(FATAL_ERROR "${fn}: '${p}' is not a port name")
    endif()
  endforeach()
  if(R_DESCRIPTION MATCHES "[\"\\\\\n]")
    message(FATAL_ERROR "${fn}: DESCRIPTION must not hold quotes, backslashes or newlines")
  endif()

  if(NOT COMMAND verilate)
    find_package(verilator HINTS $ENV{VERILATOR_ROOT} /usr/share/verilator)
    if(NOT verilator_FOUND)
      message(FATAL_ERROR "${fn}: Verilator not found (Debian: apt-get install verilator; or set VERILATOR_ROOT)")
    endif()
  endif()
  if(NOT TARGET vpbridge::sc_module)
    message(FATAL_ERROR "${fn}: SystemC not found (pkg-config systemc): an RTL module is a SystemC-side module")
  endif()

  # The verilated block: position-independent (it goes into a shared
  # module), hidden, and quiet.
  set(vargs -Wno-fatal)
  foreach(p ${R_PARAMS})
    if(NOT p MATCHES "^[A-Za-z_][A-Za-z0-9_]*=.+$")
      message(FATAL_ERROR "${fn}: PARAMS entry '${p}' is not NAME=VALUE")
    endif()
    list(APPEND vargs -G${p})
  endforeach()
  foreach(d ${R_INCLUDE_DIRS})
    get_filename_component(abs ${d} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    list(APPEND vargs -I${abs})
  endforeach()
  list(APPEND vargs ${R_VERILATOR_ARGS})
  set(srcs)
  foreach(f ${R_VERILOG})
    get_filename_component(abs ${f} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    list(APPEND srcs ${abs})
  endforeach()
  set(lib ${name}_verilated)
  add_library(${lib} STATIC)
  verilate(${lib} SYSTEMC SOURCES ${srcs} TOP_MODULE ${R_TOP} PREFIX V${R_TOP}
           DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/${name}_verilated.dir VERILATOR_ARGS ${vargs})
  set_target_properties(${lib} PROPERTIES POSITION_INDEPENDENT_CODE ON CXX_VISIBILITY_PRESET hidden
                        VISIBILITY_INLINES_HIDDEN ON)
  target_compile_options(${lib} PRIVATE -w)
  target_link_libraries(${lib} PUBLIC vpbridge::sc_module)
  # What the wrapper needs to include the model's header: Verilator's
  # defines, and its include directories as system ones (no warnings).
  target_compile_definitions(${lib} INTERFACE VM_SC=1 VM_TRACE=0 VM_TRACE_VCD=0 VM_TRACE_FST=0 VM_COVERAGE=0)
  get_target_property(vinc ${lib} INTERFACE_INCLUDE_DIRECTORIES)
  set_target_properties(${lib} PROPERTIES INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${vinc}")

  # The wrapper.
  set(VP_RTL_NAME ${name})
  set(VP_RTL_TOP ${R_TOP})
  set(VP_RTL_MODEL V${R_TOP})
  set(VP_RTL_TYPE ${R_TYPE})
  set(VP_RTL_BUS ${R_BUS})
  set(VP_RTL_BRIDGE ${bridge})
  set(VP_RTL_DESCRIPTION "${R_DESCRIPTION}")
  set(VP_RTL_VERSION ${R_VERSION})
  set(VP_RTL_FREQUENCY ${R_FREQUENCY})
  set(VP_RTL_IDLE_CYCLES ${R_IDLE_CYCLES})
  set(VP_RTL_MMIO_SIZE ${R_MMIO_SIZE})
  if(R_ACTIVE_LOW)
    set(VP_RTL_ACTIVE_LOW true)
  else()
    set(VP_RTL_ACTIVE_LOW false)
  endif()
  if(R_NO_GATING)
    set(VP_RTL_GATING false)
  else()
    set(VP_RTL_GATING true)
  endif()
  set(decls)
  set(binds)
  set(top_msg "${R_TOP}")
  foreach(pin ${required} ${optional})
    set(port ${R_PREFIX}${pin})
    string(APPEND decls "VP_RTL_PORT(${port});\n")
    if(pin IN_LIST required)
      string(APPEND binds "        static_assert(vp_rtl_has_${port}<model>::value, \"${top_msg} has no port ${port}: BUS ${R_BUS} needs ${required}\");\n")
    endif()
    string(APPEND binds "        vp_rtl_bind_${port}(rtl, bus.${pin});\n")
  endforeach()
  foreach(port ${R_CLOCK} ${R_RESET})
    string(APPEND decls "VP_RTL_PORT(${port});\n")
    string(APPEND binds "        static_assert(vp_rtl_has_${port}<model>::value, \"${top_msg} has no port ${port} (CLOCK/RESET)\");\n")
  endforeach()
  string(APPEND binds "        rtl.${R_CLOCK}(clock.clk);\n        rtl.${R_RESET}(clock.rst);\n")
  if(R_BUSY)
    string(APPEND decls "VP_RTL_PORT(${R_BUSY});\n")
    string(APPEND binds "        static_assert(vp_rtl_has_${R_BUSY}<model>::value, \"${top_msg} has no port ${R_BUSY} (BUSY)\");\n")
    string(APPEND binds "        rtl.${R_BUSY}(busy);\n        clock.keep_running_while(&busy);\n")
  endif()
  set(cases)
  set(ports)
  set(yaml_ports)
  set(i 0)
  foreach(irq ${R_IRQ})
    string(APPEND decls "VP_RTL_PORT(${irq});\n")
    string(APPEND binds "        static_assert(vp_rtl_has_${irq}<model>::value, \"${top_msg} has no port ${irq} (IRQ)\");\n")
    string(APPEND cases "    case ${i}:\n        return &d->rtl.${irq};\n")
    string(APPEND ports "    VP_DEV_PORT_OUT(\"${irq}\", 1, \"the block's ${irq} output\"),\n")
    math(EXPR i "${i} + 1")
  endforeach()
  set(VP_RTL_PORT_DECLS "${decls}")
  set(VP_RTL_BINDS "${binds}")
  set(VP_RTL_IRQ_CASES "${cases}")
  set(VP_RTL_PORTS "${ports}")
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/${name}_rtl)
  configure_file(${VPBRIDGE_RTL_TEMPLATE} ${gen}/${name}_wrapper.cpp @ONLY)

  # The manifest: the same options as the wrapper's table.
  set(gating_default ${VP_RTL_GATING})
  file(WRITE ${gen}/${name}.modinfo.yaml.tmp
"# Generated by vpbridge_add_rtl_module(${name}): ${R_TOP} on ${R_BUS}.
modules:
  - name: ${name}
    library: lib${name}.so
    side: systemc
    arch: []
    objs: [${R_TYPE}]
    deps: []
    abi: \"1.1\"
    version: \"${R_VERSION}\"
    description: \"${R_DESCRIPTION}\"
    opts:
      ${R_TYPE}:
        - {name: frequency, type: freq, default: \"${R_FREQUENCY}\", help: \"the block's clock\"}
        - {name: reset-cycles, type: uint, default: \"2\", help: \"clock cycles the reset is held from time zero\"}
        - {name: idle-cycles, type: uint, default: \"${R_IDLE_CYCLES}\", help: \"cycles the clock runs on after a bus transfer\"}
        - {name: max-wait, type: uint, default: \"1024\", help: \"wait cycles a transfer may take before it is an error\"}
        - {name: clock-gating, type: bool, default: \"${gating_default}\", help: \"stop the clock while the block has no work\"}
")
  configure_file(${gen}/${name}.modinfo.yaml.tmp ${gen}/${name}.modinfo.yaml COPYONLY)

  vpbridge_add_module(${name} SOURCES ${gen}/${name}_wrapper.cpp MANIFEST ${gen}/${name}.modinfo.yaml
                      OUTPUT_DIRECTORY ${R_OUTPUT_DIRECTORY} SYSTEMC)
  target_link_libraries(${name} PRIVATE ${lib})
endfunction()
