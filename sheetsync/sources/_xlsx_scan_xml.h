/* The XML the worksheet scanner (_xlsx_scan.c) reads: tags and their attributes, closing tags,
 * the encoding declaration; and numbers read exactly as calamine reads them. Anything else is
 * "unsupported" (-1). */
#ifndef XLSX_SCAN_XML_H
#define XLSX_SCAN_XML_H

#include <Python.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "_xlsx_scan_intern.h"

/* ---- tags ---------------------------------------------------------------------------- */

#define MAX_ATTRS 12

typedef struct {
    const char *name, *value;
    size_t name_len, value_len;
} Attr;

typedef struct {
    const char *name;
    size_t name_len;
    int empty, closing, nattrs;
    Attr attrs[MAX_ATTRS];
} Tag;

/* Character classes: XML white space; what ends a name (white space, '>', '/', '='); what no
 * element name of ours holds (a namespace prefix's ':', '!', '?', '<'). */
enum { SPACE = 1, NAME_END = 2, NOT_IN_NAME = 4 };
static const unsigned char CLASS[256] = {
    [' '] = SPACE | NAME_END, ['\t'] = SPACE | NAME_END, ['\r'] = SPACE | NAME_END,
    ['\n'] = SPACE | NAME_END, ['>'] = NAME_END, ['/'] = NAME_END, ['='] = NAME_END,
    [':'] = NOT_IN_NAME, ['!'] = NOT_IN_NAME, ['?'] = NOT_IN_NAME, ['<'] = NOT_IN_NAME | NAME_END,
};

static inline int is_space(char c) { return CLASS[(unsigned char)c] & SPACE; }

static inline int skip_space(const char **p, const char *end) {
    while (*p < end && is_space(**p)) (*p)++;
    return *p < end ? 0 : -1;
}

/* The tag at *p ('<' there, else -1) with its attributes; *p moves past its '>'. Comments,
 * CDATA, processing instructions, prefixed element names and more than MAX_ATTRS attributes
 * are unsupported (-1). */
static int read_tag(const char **pp, const char *end, Tag *tag) {
    const char *p = *pp;
    if (p >= end || *p != '<') return -1;
    p++;
    tag->closing = p < end && *p == '/';
    if (tag->closing) p++;
    tag->name = p;
    while (p < end && !(CLASS[(unsigned char)*p] & NAME_END)) {
        if (CLASS[(unsigned char)*p] & NOT_IN_NAME) return -1;
        p++;
    }
    if (p < end && (*p == '=' || *p == '<')) return -1;
    tag->name_len = (size_t)(p - tag->name);
    tag->empty = 0;
    tag->nattrs = 0;
    if (tag->name_len == 0) return -1;
    for (;;) {
        while (p < end && is_space(*p)) p++;
        if (p >= end) return -1;
        if (*p == '>') {
            p++;
            break;
        }
        if (*p == '/') {
            if (p + 1 >= end || p[1] != '>' || tag->closing) return -1;
            tag->empty = 1;
            p += 2;
            break;
        }
        if (tag->closing || tag->nattrs == MAX_ATTRS) return -1;
        Attr *a = &tag->attrs[tag->nattrs++];
        a->name = p;
        while (p < end && !(CLASS[(unsigned char)*p] & NAME_END)) p++;
        a->name_len = (size_t)(p - a->name);
        while (p < end && is_space(*p)) p++;
        if (p >= end || *p != '=' || a->name_len == 0) return -1;
        p++;
        while (p < end && is_space(*p)) p++;
        if (p >= end || (*p != '"' && *p != '\'')) return -1;
        const char *close = memchr(p + 1, *p, (size_t)(end - p - 1));
        if (close == NULL) return -1;
        a->value = p + 1;
        a->value_len = (size_t)(close - a->value);
        if (memchr(a->value, '<', a->value_len) != NULL) return -1;
        p = close + 1;
    }
    *pp = p;
    return 0;
}

static inline int tag_is(const Tag *tag, const char *name) {
    size_t n = strlen(name);
    return tag->name_len == n && memcmp(tag->name, name, n) == 0;
}

/* The attribute of that name, or NULL. */
static inline const Attr *tag_attr(const Tag *tag, const char *name) {
    size_t n = strlen(name);
    for (int i = 0; i < tag->nattrs; i++)
        if (tag->attrs[i].name_len == n && memcmp(tag->attrs[i].name, name, n) == 0)
            return &tag->attrs[i];
    return NULL;
}

/* Text up to the closing tag `close` (exactly, e.g. "</v>"); *p moves past it. */
static int text_until_close(const char **pp, const char *end, const char *close, size_t *n) {
    const char *p = *pp;
    const char *lt = memchr(p, '<', (size_t)(end - p));
    size_t cn = strlen(close);
    if (lt == NULL || (size_t)(end - lt) < cn || memcmp(lt, close, cn) != 0) return -1;
    *n = (size_t)(lt - p);
    *pp = lt + cn;
    return 0;
}

static int skip_to_close(const char **pp, const char *end, const char *close) {
    size_t n;
    return text_until_close(pp, end, close, &n);
}

/* Skip an element whose content may hold child elements (no CDATA or comments). */
static int skip_element(const char **pp, const char *end, const Tag *tag, const char *close) {
    if (tag->empty) return 0;
    const char *hit = find_bytes(*pp, end, close, strlen(close));
    if (hit == NULL || find_bytes(*pp, hit, "<!", 2) != NULL) return -1;
    *pp = hit + strlen(close);
    return 0;
}

/* Whether an XML declaration, if any, says UTF-8 (the only encoding scanned). */
static int prolog_is_utf8(const char *p, const char *end) {
    const char *enc = find_bytes(p, end, "encoding=", 9);
    if (enc == NULL) return 1;
    enc += 9;
    if (end - enc < 7 || (*enc != '"' && *enc != '\'')) return 0;
    return (strncasecmp(enc + 1, "UTF-8", 5) == 0 && enc[6] == enc[0]);
}


/* ---- numbers ------------------------------------------------------------------------- */

static locale_t C_LOCALE;

static int text_init(void) {
    C_LOCALE = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return C_LOCALE == (locale_t)0 ? -1 : 0;
}

/* Powers of ten a double holds exactly. */
static const double EXACT_TENS[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* A number as `-?(digits[.digits]|.digits)([eE][+-]?digits)?`, read exactly (correctly
 * rounded, as calamine's fast-float does); else -1. Up to 15 digits and no exponent, the value
 * is an exact integer divided by an exact power of ten: one IEEE division, correctly rounded
 * (Clinger's fast path); anything else goes through strtod in the C locale. */
static int parse_number(const char *v, size_t n, double *out) {
    size_t i = 0, digits = 0, decimals = 0;
    int64_t mantissa = 0;
    int negative = n > 0 && v[0] == '-';
    i = (size_t)negative;
    while (i < n && v[i] >= '0' && v[i] <= '9') {
        if (digits < 18) mantissa = mantissa * 10 + (v[i] - '0');
        i++, digits++;
    }
    if (i < n && v[i] == '.') {
        i++;
        while (i < n && v[i] >= '0' && v[i] <= '9') {
            if (digits < 18) mantissa = mantissa * 10 + (v[i] - '0');
            i++, digits++, decimals++;
        }
    }
    if (digits == 0) return -1;
    if (i == n && digits <= 15) {
        double value = (double)mantissa / EXACT_TENS[decimals];
        *out = negative ? -value : value;
        return 1;
    }
    if (i < n && (v[i] == 'e' || v[i] == 'E')) {
        size_t exp = 0;
        i++;
        if (i < n && (v[i] == '+' || v[i] == '-')) i++;
        while (i < n && v[i] >= '0' && v[i] <= '9') i++, exp++;
        if (exp == 0) return -1;
    }
    if (i != n || n >= 64) return -1;
    char copy[64];
    memcpy(copy, v, n);
    copy[n] = '\0';
    char *stop;
    double value = strtod_l(copy, &stop, C_LOCALE);
    if (stop != copy + n || !isfinite(value)) return -1;
    *out = value;
    return 1;
}

#endif
