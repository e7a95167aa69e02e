# SPDX-License-Identifier: Apache-2.0
# vp_add_test(NAME test_x SOURCES a.c b.c LIBS lib... [TIMEOUT s] [LABELS l...])
# One cmocka executable, one CTest. Tests get VP_BUILD_DIR, VP_SOURCE_DIR,
# VP_MODULE_DIR and VP_FIRMWARE_DIR as compile definitions.
function(vp_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} PkgConfig::CMOCKA)
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  target_compile_definitions(${T_NAME} PRIVATE
    VP_BUILD_DIR="${CMAKE_BINARY_DIR}" VP_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    VP_MODULE_DIR="${VP_MODULE_DIR}" VP_FIRMWARE_DIR="${VP_FIRMWARE_DIR}")
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT})
  if(T_LABELS)
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()
