/* Text content as calamine reads it, for the worksheet scanner (_xlsx_scan.c): entities and
 * character references, XML 1.0 line ends, white space trimmed unless xml:space="preserve",
 * `_xHHHH_` escapes, rich-text runs concatenated and phonetic runs left out. */
#ifndef XLSX_SCAN_TEXT_H
#define XLSX_SCAN_TEXT_H

#include <Python.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "_xlsx_scan_xml.h"

/* ---- text ---------------------------------------------------------------------------- */

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int valid_xml_char(uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Text content with its entities resolved and line ends as XML 1.0 reads them (CR LF and a
 * lone CR are LF): *out points into the source when nothing changes, else into `buf`. */
static int decode_text(const char *p, size_t n, Buffer *buf, const char **out, size_t *len) {
    const char *end = p + n;
    if (memchr(p, '&', n) == NULL && memchr(p, '\r', n) == NULL) {
        *out = p;
        *len = n;
        return 0;
    }
    buf->len = 0;
    while (p < end) {
        char c = *p;
        if (c == '\r') {
            if (buffer_add(buf, "\n", 1) < 0) return -1;
            p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
            continue;
        }
        if (c != '&') {
            if (buffer_add(buf, p, 1) < 0) return -1;
            p++;
            continue;
        }
        const char *semi = memchr(p, ';', (size_t)(end - p));
        if (semi == NULL || semi - p > 12) return -1;
        const char *name = p + 1;
        size_t nn = (size_t)(semi - name);
        const char *text = NULL;
        if (nn == 2 && memcmp(name, "lt", 2) == 0) text = "<";
        else if (nn == 2 && memcmp(name, "gt", 2) == 0) text = ">";
        else if (nn == 3 && memcmp(name, "amp", 3) == 0) text = "&";
        else if (nn == 4 && memcmp(name, "quot", 4) == 0) text = "\"";
        else if (nn == 4 && memcmp(name, "apos", 4) == 0) text = "'";
        if (text != NULL) {
            if (buffer_add(buf, text, 1) < 0) return -1;
        } else if (nn >= 2 && name[0] == '#') {
            uint32_t code = 0;
            int hex = name[1] == 'x', digits = 0;
            for (const char *q = name + 1 + hex; q < semi; q++, digits++) {
                int d = hex ? hex_value(*q) : (*q >= '0' && *q <= '9' ? *q - '0' : -1);
                if (d < 0 || code > 0x10FFFF) return -1;
                code = code * (hex ? 16 : 10) + (uint32_t)d;
            }
            if (digits == 0 || !valid_xml_char(code) || buffer_add_char(buf, code) < 0) return -1;
        } else {
            return -1;
        }
        p = semi + 1;
    }
    *out = buf->data ? buf->data : "";
    *len = buf->len;
    return 0;
}

/* calamine's unescape of `_x00HH_` (two hex digits, or '+' and one: Rust's u8 parse takes a
 * sign) into the character U+00HH, appended to `out`. */
static int add_unescaped(Buffer *out, const char *p, size_t n) {
    if (find_bytes(p, p + n, "_x00", 4) == NULL) return buffer_add(out, p, n);
    size_t i = 0;
    while (i < n) {
        if (i + 7 <= n && memcmp(p + i, "_x00", 4) == 0 && p[i + 6] == '_') {
            int hi = hex_value(p[i + 4]), lo = hex_value(p[i + 5]);
            if (p[i + 4] == '+' && lo >= 0) hi = 0;
            if (hi >= 0 && lo >= 0) {
                if (buffer_add_char(out, (uint32_t)(hi * 16 + lo)) < 0) return -1;
                i += 7;
                continue;
            }
        }
        if (buffer_add(out, p + i, 1) < 0) return -1;
        i++;
    }
    return 0;
}

/* One <t>'s text (start tag read): decoded, trimmed unless xml:space="preserve". */
static int read_t(const char **pp, const char *end, const Tag *tag, Buffer *text,
                  const char **out, size_t *len) {
    const Attr *space = tag_attr(tag, "xml:space");
    int preserve =
        space != NULL && space->value_len == 8 && memcmp(space->value, "preserve", 8) == 0;
    *out = "";
    *len = 0;
    if (tag->empty) return 0;
    const char *raw = *pp;
    size_t n;
    if (text_until_close(pp, end, "</t>", &n) < 0 || decode_text(raw, n, text, out, len) < 0)
        return -1;
    if (!preserve) {
        while (*len && is_space(**out)) (*out)++, (*len)--;
        while (*len && is_space((*out)[*len - 1])) (*len)--;
    }
    return 0;
}

/* The text of an <is> or <si> (start tag read): its <t>s, rich-text runs' included, phonetic
 * runs' left out, each unescaped (_xHHHH_) and concatenated. *out points into the source when
 * the text is one plain <t>, else into `rich`. */
static int read_rich_text(const char **pp, const char *end, const Tag *tag, Buffer *text,
                          Buffer *rich, const char **out, size_t *len) {
    int pieces = 0, in_run = 0; /* pieces: 0 none yet, 1 one at *out, 2 the text is in rich */
    *out = "";
    *len = 0;
    if (tag->empty) return 0;
    for (;;) {
        Tag child;
        if (skip_space(pp, end) < 0 || read_tag(pp, end, &child) < 0) return -1;
        if (child.closing) {
            if (in_run && tag_is(&child, "r")) {
                in_run = 0;
                continue;
            }
            if (in_run || child.name_len != tag->name_len ||
                memcmp(child.name, tag->name, tag->name_len) != 0)
                return -1;
            break;
        }
        if (tag_is(&child, "t")) {
            if (pieces == 1) { /* a second piece: the first goes to rich before `text` is reused */
                rich->len = 0;
                if (buffer_add(rich, *out, *len) < 0) return -1;
                pieces = 2;
            }
            const char *piece;
            size_t n;
            if (read_t(pp, end, &child, text, &piece, &n) < 0) return -1;
            if (pieces == 0 && find_bytes(piece, piece + n, "_x00", 4) == NULL) {
                *out = piece;
                *len = n;
                pieces = 1;
            } else {
                if (pieces == 0) rich->len = 0;
                if (add_unescaped(rich, piece, n) < 0) return -1;
                pieces = 2;
            }
        } else if (!in_run && tag_is(&child, "r")) {
            in_run = !child.empty;
        } else if (in_run && tag_is(&child, "rPr")) {
            if (skip_element(pp, end, &child, "</rPr>") < 0) return -1;
        } else if (!in_run && tag_is(&child, "rPh")) {
            if (skip_element(pp, end, &child, "</rPh>") < 0) return -1;
        } else if (!in_run && tag_is(&child, "phoneticPr")) {
            if (skip_element(pp, end, &child, "</phoneticPr>") < 0) return -1;
        } else {
            return -1;
        }
    }
    if (pieces == 2) {
        *out = rich->data ? rich->data : "";
        *len = rich->len;
    }
    return 0;
}

#endif
