/* SPDX-License-Identifier: Apache-2.0 */
/* cbump.c - a C device module built for another ABI major: the message
 * the SystemC loader must repeat for SystemC modules. */
#include <vpbridge/vp_module.h>

static int init(const vp_host_api *api, vp_registrar *reg)
{
    (void)api;
    (void)reg;
    return 0;
}

#undef VP_ABI_MAJOR
#define VP_ABI_MAJOR 2
VP_MODULE_DEFINE("cbump", "1.0", init);
