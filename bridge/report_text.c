/* SPDX-License-Identifier: Apache-2.0 */
/* report_text.c - strings in the batch reports (report_text.h). */
#include "report_text.h"

void vp_report_json_str(GString *s, const char *t)
{
    g_string_append_c(s, '"');
    for (const unsigned char *p = (const unsigned char *)(t ? t : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(s, "\\%c", *p);
        else if (*p < 0x20)
            g_string_append_printf(s, "\\u%04x", *p);
        else
            g_string_append_c(s, (char)*p);
    }
    g_string_append_c(s, '"');
}

void vp_report_xml_text(GString *s, const char *t)
{
    char *e = g_markup_escape_text(t ? t : "", -1);
    g_string_append(s, e);
    g_free(e);
}
