// SPDX-License-Identifier: Apache-2.0
// libvpbridge.cpp - libvpbridge.so's own translation unit: the library is the
// whole archives of vpbridge's components; this file only names its version.
#include <vpbridge/vp_base.h>

extern "C" VP_API const char *vp_library_version(void);

extern "C" const char *vp_library_version(void) { return VP_LIBRARY_VERSION; }
