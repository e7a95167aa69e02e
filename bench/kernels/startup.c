/* SPDX-License-Identifier: Apache-2.0 */
/* startup.c - bench kernel: exits at once (process start-up time). */
#include "vp_rt.h"
int main(void) { vp_exit(0); }
