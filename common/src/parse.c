/* SPDX-License-Identifier: Apache-2.0 */
/* parse.c - parsing of times ("10us"), sizes ("128MiB") and frequencies
 * ("1GHz") as written in platform files and on the command line. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <vpbridge/vp_base.h>

typedef struct unit {
    const char *name;
    double scale;
} unit;

/* Splits "<number><spaces><unit>"; the number may be decimal, fractional
 * or (when allow_hex) 0x-prefixed. Blanks are allowed only between the
 * number and the unit: none before the number, none after the text. */
static int split_number(const char *s, bool allow_hex, double *num, uint64_t *inum, bool *is_int, const char **rest)
{
    if (!s)
        return VP_EINVAL;
    if (*s == '-' || *s == '+' || *s == '\0')
        return VP_EINVAL;
    char *end;
    errno = 0;
    if (allow_hex && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (!isxdigit((unsigned char)s[2]))
            return VP_EINVAL;
        *inum = strtoull(s, &end, 16);
        *is_int = true;
        *num = (double)*inum;
    } else {
        if (!isdigit((unsigned char)*s) && *s != '.')
            return VP_EINVAL;
        *inum = strtoull(s, &end, 10);
        if (*end == '.' || *end == 'e' || *end == 'E') {
            *num = strtod(s, &end);
            *is_int = false;
        } else {
            *num = (double)*inum;
            *is_int = true;
        }
    }
    if (errno == ERANGE)
        return VP_ERANGE;
    while (isspace((unsigned char)*end))
        end++;
    *rest = end;
    return 0;
}

static int parse_with_units(const char *s, const unit *units, size_t n_units, bool allow_hex, bool unit_required,
                            uint64_t *out)
{
    if (!s || !*s || isspace((unsigned char)s[0]) || isspace((unsigned char)s[strlen(s) - 1]))
        return VP_EINVAL;
    double num;
    uint64_t inum;
    bool is_int;
    const char *rest;
    int rc = split_number(s, allow_hex, &num, &inum, &is_int, &rest);
    if (rc)
        return rc;
    size_t len = strlen(rest);
    while (len && isspace((unsigned char)rest[len - 1]))
        len--;
    if (len == 0) {
        if (unit_required && !(is_int && inum == 0))
            return VP_EINVAL;
        if (!is_int)
            return VP_EINVAL;
        *out = inum;
        return 0;
    }
    for (size_t i = 0; i < n_units; i++) {
        if (strlen(units[i].name) == len && strncmp(rest, units[i].name, len) == 0) {
            double v = num * units[i].scale;
            if (v >= 18446744073709551615.0)
                return VP_ERANGE;
            /* Exact integer arithmetic where possible. */
            if (is_int && units[i].scale >= 1.0 && units[i].scale == floor(units[i].scale)) {
                uint64_t sc = (uint64_t)units[i].scale;
                if (sc && inum > UINT64_MAX / sc)
                    return VP_ERANGE;
                *out = inum * sc;
            } else {
                *out = (uint64_t)llround(v);
            }
            return 0;
        }
    }
    return VP_EINVAL;
}

int vp_time_parse(const char *s, vp_time *out)
{
    static const unit units[] = {
        {"ps", 1}, {"ns", 1e3}, {"us", 1e6}, {"ms", 1e9}, {"s", 1e12}, {"sec", 1e12},
    };
    return parse_with_units(s, units, sizeof(units) / sizeof(units[0]), false, true, out);
}

int vp_size_parse(const char *s, uint64_t *out)
{
    static const unit units[] = {
        {"B", 1},
        {"K", 1024.0}, {"KB", 1024.0}, {"KiB", 1024.0}, {"k", 1024.0},
        {"M", 1048576.0}, {"MB", 1048576.0}, {"MiB", 1048576.0},
        {"G", 1073741824.0}, {"GB", 1073741824.0}, {"GiB", 1073741824.0},
        {"T", 1099511627776.0}, {"TiB", 1099511627776.0},
    };
    return parse_with_units(s, units, sizeof(units) / sizeof(units[0]), true, false, out);
}

int vp_freq_parse(const char *s, uint64_t *hz)
{
    static const unit units[] = {
        {"Hz", 1}, {"kHz", 1e3}, {"KHz", 1e3}, {"MHz", 1e6}, {"GHz", 1e9},
    };
    int rc = parse_with_units(s, units, sizeof(units) / sizeof(units[0]), false, false, hz);
    if (rc == 0 && *hz == 0)
        return VP_ERANGE;
    return rc;
}
