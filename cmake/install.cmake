# SPDX-License-Identifier: Apache-2.0
# install.cmake - every install() rule of vpbridge: the command, the public
# headers, the standard modules with their manifests, the board YAMLs, and
# what out-of-tree module authors consume (CMake package vpbridge with
# vpbridge::module and vpbridge_add_module(), pkg-config vpbridge-module),
# what integrators' sc_mains link (libvpbridge.so: target
# vpbridge::vpbridge in the same package, pkg-config vpbridge), and what pure
# C programs link (libvpbridge-c.so, no SystemC: target vpbridge::c,
# pkg-config vpbridge-c).
#
# Layout under the prefix P (fixed, because the command finds its modules
# at <exe dir>/../lib/vpbridge/modules):
#   P/bin/vpbridge, P/bin/vpbridge-batch-merge (what `vpbridge batch-merge` runs)
#   P/include/vpbridge/*.h
#   P/lib/libvpbridge-c.so* (the C API: TLM, CPU core, registry, platforms; no SystemC)
#   P/lib/libvpbridge.so*   (integrators: riscv_cluster, adapters, c_device; links libvpbridge-c.so)
#   P/lib/vpbridge/modules/lib*.so + *.modinfo.yaml
#   P/share/vpbridge/platforms/*.yaml
#   P/lib/cmake/vpbridge/vpbridgeConfig.cmake, vpbridgeConfigVersion.cmake, vpbridgeModule.cmake,
#                        vpbridgeRtl.cmake + vpbridgeRtlWrapper.cpp.in
#   P/lib/pkgconfig/vpbridge-module.pc, vpbridge-c.pc, vpbridge.pc
include(CMakePackageConfigHelpers)

set(VP_INSTALL_BINDIR bin)
set(VP_INSTALL_INCLUDEDIR include)
set(VP_INSTALL_MODULEDIR lib/vpbridge/modules)
set(VP_INSTALL_PLATFORMDIR share/vpbridge/platforms)
set(VP_INSTALL_CMAKEDIR lib/cmake/vpbridge)
set(VP_INSTALL_PKGCONFIGDIR lib/pkgconfig)
set(VP_INSTALL_LIBDIR lib)

# ---- the command -----------------------------------------------------------
# Keep the run-time path to non-system libraries (e.g. a SystemC in /opt).
set_target_properties(vpbridge PROPERTIES INSTALL_RPATH_USE_LINK_PATH TRUE)
install(TARGETS vpbridge vpbridge-batch-merge RUNTIME DESTINATION ${VP_INSTALL_BINDIR})

# ---- the libraries (libvpbridge-c/, bridge/integrator) -------------------------
# libvpbridge-c.so: whole archives of vp_common, vp_tlmc, vp_cpucore,
# vp_modinfo, vp_platform. libvpbridge.so: whole archives of vp_tlmc_sc,
# vp_sc_device, vp_bridge, vp_integrator, linking libvpbridge-c.so. Simpler
# and sturdier for users than a set of exported static targets.
install(TARGETS vpbridge_c vpbridge_shared LIBRARY DESTINATION ${VP_INSTALL_LIBDIR})
# vpbridgeConfig.cmake tells users both libraries are there
# (vpbridge_HAVE_C_LIBRARY, vpbridge_HAVE_LIBRARY): every build has them.
set(VP_HAVE_C_LIB ON)
set(VP_HAVE_INTEGRATOR_LIB ON)

# ---- public headers ----------------------------------------------------------
foreach(dir common tlm-adapters tlm-adapters/sc modinfo cpu-core platforms bridge)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/include/vpbridge
          DESTINATION ${VP_INSTALL_INCLUDEDIR}
          FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")
endforeach()

# ---- standard modules --------------------------------------------------------
# Every MODULE library whose output goes to the built-in module directory,
# wherever it is defined (device modules, machine modules ...).
function(vp__collect_modules dir out)
  set(found)
  get_property(tgts DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(t ${tgts})
    get_target_property(type ${t} TYPE)
    get_target_property(outdir ${t} LIBRARY_OUTPUT_DIRECTORY)
    if(type STREQUAL "MODULE_LIBRARY" AND outdir STREQUAL VP_MODULE_DIR)
      list(APPEND found ${t})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(s ${subdirs})
    vp__collect_modules(${s} sub)
    list(APPEND found ${sub})
  endforeach()
  set(${out} ${found} PARENT_SCOPE)
endfunction()
vp__collect_modules(${PROJECT_SOURCE_DIR} VP_INSTALLED_MODULES)
if(VP_INSTALLED_MODULES)
  install(TARGETS ${VP_INSTALLED_MODULES} LIBRARY DESTINATION ${VP_INSTALL_MODULEDIR})
endif()
# Manifests (and YAML files shipped by machine modules) as they are in the
# build's module directory when installing.
install(DIRECTORY ${VP_MODULE_DIR}/ DESTINATION ${VP_INSTALL_MODULEDIR}
        FILES_MATCHING PATTERN "*.yaml")

# ---- boards ------------------------------------------------------------------
install(FILES ${PROJECT_SOURCE_DIR}/platforms/virt-rv32.yaml ${PROJECT_SOURCE_DIR}/platforms/virt-rv64.yaml
              ${PROJECT_SOURCE_DIR}/platforms/virt-rv32gc.yaml ${PROJECT_SOURCE_DIR}/platforms/virt-rv64gc.yaml
        DESTINATION ${VP_INSTALL_PLATFORMDIR})

# ---- device ABI version of the installed headers --------------------------------
file(STRINGS ${PROJECT_SOURCE_DIR}/modinfo/include/vpbridge/vp_module.h VP_ABI_LINES
     REGEX "^#define VP_ABI_M(AJOR|INOR) [0-9]+")
string(REGEX REPLACE ".*VP_ABI_MAJOR ([0-9]+).*" "\\1" VP_ABI_MAJOR_TEXT "${VP_ABI_LINES}")
string(REGEX REPLACE ".*VP_ABI_MINOR ([0-9]+).*" "\\1" VP_ABI_MINOR_TEXT "${VP_ABI_LINES}")
set(VP_ABI_TEXT "${VP_ABI_MAJOR_TEXT}.${VP_ABI_MINOR_TEXT}")

# ---- CMake package -----------------------------------------------------------
set(VP_CMAKE_GEN ${PROJECT_BINARY_DIR}/cmake-package)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/vpbridgeConfig.cmake.in
  ${VP_CMAKE_GEN}/vpbridgeConfig.cmake
  INSTALL_DESTINATION ${VP_INSTALL_CMAKEDIR}
  PATH_VARS VP_INSTALL_BINDIR VP_INSTALL_INCLUDEDIR VP_INSTALL_MODULEDIR VP_INSTALL_PLATFORMDIR
            VP_INSTALL_LIBDIR)
# Same major = same module ABI; a newer minor installed satisfies an older request.
write_basic_package_version_file(${VP_CMAKE_GEN}/vpbridgeConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${VP_CMAKE_GEN}/vpbridgeConfig.cmake ${VP_CMAKE_GEN}/vpbridgeConfigVersion.cmake
              ${CMAKE_CURRENT_LIST_DIR}/vpbridgeModule.cmake
              ${CMAKE_CURRENT_LIST_DIR}/vpbridgeRtl.cmake ${CMAKE_CURRENT_LIST_DIR}/vpbridgeRtlWrapper.cpp.in
        DESTINATION ${VP_INSTALL_CMAKEDIR})

# ---- pkg-config (relocatable: paths relative to the .pc file) ------------------
configure_file(${CMAKE_CURRENT_LIST_DIR}/vpbridge-module.pc.in
               ${VP_CMAKE_GEN}/vpbridge-module.pc @ONLY)
install(FILES ${VP_CMAKE_GEN}/vpbridge-module.pc DESTINATION ${VP_INSTALL_PKGCONFIGDIR})
configure_file(${CMAKE_CURRENT_LIST_DIR}/vpbridge-c.pc.in ${VP_CMAKE_GEN}/vpbridge-c.pc @ONLY)
configure_file(${CMAKE_CURRENT_LIST_DIR}/vpbridge.pc.in ${VP_CMAKE_GEN}/vpbridge.pc @ONLY)
install(FILES ${VP_CMAKE_GEN}/vpbridge-c.pc ${VP_CMAKE_GEN}/vpbridge.pc DESTINATION ${VP_INSTALL_PKGCONFIGDIR})
