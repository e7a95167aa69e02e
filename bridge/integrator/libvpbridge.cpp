// SPDX-License-Identifier: Apache-2.0
// libvpbridge.cpp - libvpbridge.so's own translation unit (CMake needs one):
// the library is the whole archives of vpbridge's SystemC-side components
// on top of libvpbridge-c.so, which also holds vp_library_version().
#include <vpbridge/vp_base.h>
