/* SPDX-License-Identifier: Apache-2.0 */
/* libvpbridge_c.c - libvpbridge-c.so's own translation unit: the library is
 * the whole archives of vpbridge's C components; this file only names its
 * version (libvpbridge.so, the SystemC side, links this library). */
#include <vpbridge/vp_base.h>

VP_API const char *vp_library_version(void);

const char *vp_library_version(void) { return VP_LIBRARY_VERSION; }
