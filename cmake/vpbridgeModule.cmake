# SPDX-License-Identifier: Apache-2.0
# vpbridgeModule.cmake - vpbridge_add_module(): build one vpbridge module
# (device or machine, C or SystemC side) as a MODULE library with its
# manifest next to it.
#
#   vpbridge_add_module(<name> SOURCES src... MANIFEST <file>.modinfo.yaml
#                       [FILES file...] [OUTPUT_DIRECTORY dir] [ALLOW_UNDEFINED]
#                       [SYSTEMC])
#   vpbridge_add_sc_module(<name> ...)   same as vpbridge_add_module(... SYSTEMC)
#
# SYSTEMC: a `side: systemc` module (C++ sources using vp_sc_module.h): links
# vpbridge::sc_module (C++17, SystemC from pkg-config systemc) instead of
# vpbridge::module; the project must enable CXX.
#
# The library is <OUTPUT_DIRECTORY>/lib<name>.so (default: the current binary
# dir); the manifest's `library:` must name that file. The manifest and FILES
# (a machine's YAML, ...) are copied into the same directory, so
# `vpbridge ... --add-modinfo <dir>/<file>.modinfo.yaml` finds everything.
# Unless ALLOW_UNDEFINED, the link uses -Wl,-z,defs: a module that refers to
# a host symbol fails to link here instead of failing to load later.
include_guard(GLOBAL)

function(vpbridge_add_module name)
  cmake_parse_arguments(M "ALLOW_UNDEFINED;SYSTEMC" "MANIFEST;OUTPUT_DIRECTORY" "SOURCES;FILES" ${ARGN})
  if(M_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "vpbridge_add_module(${name}): unknown arguments ${M_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT M_SOURCES)
    message(FATAL_ERROR "vpbridge_add_module(${name}): SOURCES is required")
  endif()
  if(NOT M_MANIFEST)
    message(FATAL_ERROR "vpbridge_add_module(${name}): MANIFEST is required")
  endif()
  if(NOT M_OUTPUT_DIRECTORY)
    set(M_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()

  if(M_SYSTEMC)
    if(NOT TARGET vpbridge::sc_module)
      message(FATAL_ERROR "vpbridge_add_module(${name} SYSTEMC): SystemC not found "
                          "(pkg-config systemc; set PKG_CONFIG_PATH to the SystemC vpbridge was built with)")
    endif()
    get_property(langs GLOBAL PROPERTY ENABLED_LANGUAGES)
    if(NOT "CXX" IN_LIST langs)
      message(FATAL_ERROR "vpbridge_add_module(${name} SYSTEMC): enable CXX in project()")
    endif()
  endif()

  add_library(${name} MODULE ${M_SOURCES})
  if(M_SYSTEMC)
    target_link_libraries(${name} PRIVATE vpbridge::sc_module)
    set_target_properties(${name} PROPERTIES CXX_EXTENSIONS OFF VISIBILITY_INLINES_HIDDEN ON)
  else()
    target_link_libraries(${name} PRIVATE vpbridge::module)
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX "lib"
    LIBRARY_OUTPUT_DIRECTORY ${M_OUTPUT_DIRECTORY}
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    POSITION_INDEPENDENT_CODE ON)
  if(NOT M_ALLOW_UNDEFINED AND NOT VP_FUZZ) # (VP_FUZZ: clang's sanitizer runtime lives in the executable)
    target_link_options(${name} PRIVATE -Wl,-z,defs)
  endif()

  foreach(f ${M_MANIFEST} ${M_FILES})
    get_filename_component(abs ${f} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    get_filename_component(base ${abs} NAME)
    configure_file(${abs} ${M_OUTPUT_DIRECTORY}/${base} COPYONLY)
  endforeach()
endfunction()

# A SystemC-side module: vpbridge_add_module(<name> ... SYSTEMC).
function(vpbridge_add_sc_module name)
  vpbridge_add_module(${name} ${ARGN} SYSTEMC)
endfunction()
