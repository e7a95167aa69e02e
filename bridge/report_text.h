/* SPDX-License-Identifier: Apache-2.0 */
/* report_text.h - how `vpbridge batch` and `vpbridge batch-merge` write
 * strings into their reports (one spelling, so a merge reads like a batch). */
#ifndef VPBRIDGE_BRIDGE_REPORT_TEXT_H
#define VPBRIDGE_BRIDGE_REPORT_TEXT_H

#include <glib.h>

/* Appends `t` (NULL: "") as a JSON string, quoted and escaped. */
void vp_report_json_str(GString *s, const char *t);
/* Appends `t` (NULL: "") escaped for XML text and attribute values. */
void vp_report_xml_text(GString *s, const char *t);

#endif /* VPBRIDGE_BRIDGE_REPORT_TEXT_H */
