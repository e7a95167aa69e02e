/* SPDX-License-Identifier: Apache-2.0 */
/* hello: the vpbridge demo firmware; prints a greeting over the UART and exits 0. */
#include "vp_rt.h"

int main(void)
{
    vp_puts("Hello from vpbridge on RV" VP_RT_XLEN_STR "!\n");
    vp_puts("hart ");
    vp_putdec(vp_csr_read(mhartid));
    vp_puts(" says goodbye.\n");
    return 0;
}
