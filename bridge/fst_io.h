/* SPDX-License-Identifier: Apache-2.0 */
/* fst_io.h - the first write error of fstapi's calls (fst_io.c). */
#ifndef VPBRIDGE_FST_IO_H
#define VPBRIDGE_FST_IO_H

#ifdef __cplusplus
extern "C" {
#endif

/* errno of the first failed write since vp_fst_io_reset (0: none). */
int vp_fst_io_error(void);
void vp_fst_io_reset(void);

#ifdef __cplusplus
}
#endif

#endif
