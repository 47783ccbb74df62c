/* The XML pieces of the worksheet scanner (_xlsx_scan.c): tags, attributes, text with its
 * entities, calamine's `_xHHHH_` escapes and white space trimming, numbers, and the interning of
 * texts by their UTF-8 bytes. Nothing here touches Python objects but `interner_texts`. */
#ifndef XLSX_SCAN_TEXT_H
#define XLSX_SCAN_TEXT_H

#include <Python.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE (2u << 20)

typedef struct {
    char *data;
    size_t len, cap;
} Buffer;

static void buffer_free(Buffer *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static int buffer_reserve(Buffer *b, size_t more) {
    if (b->len + more <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more) cap *= 2;
    char *grown = realloc(b->data, cap);
    if (grown == NULL) return -1;
    b->data = grown;
    b->cap = cap;
    return 0;
}

static int buffer_add(Buffer *b, const char *p, size_t n) {
    if (buffer_reserve(b, n) < 0) return -1;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

static int buffer_add_char(Buffer *b, uint32_t c) { /* a code point as UTF-8 */
    char u[4];
    size_t n;
    if (c < 0x80) u[0] = (char)c, n = 1;
    else if (c < 0x800) u[0] = (char)(0xC0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3F)), n = 2;
    else if (c < 0x10000)
        u[0] = (char)(0xE0 | c >> 12), u[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
        u[2] = (char)(0x80 | (c & 0x3F)), n = 3;
    else
        u[0] = (char)(0xF0 | c >> 18), u[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F)), u[3] = (char)(0x80 | (c & 0x3F)), n = 4;
    return buffer_add(b, u, n);
}

static const char *find_bytes(const char *p, const char *end, const char *what, size_t n) {
    while (p + n <= end) {
        const char *hit = memchr(p, what[0], (size_t)(end - p) - n + 1);
        if (hit == NULL) return NULL;
        if (memcmp(hit, what, n) == 0) return hit;
        p = hit + 1;
    }
    return NULL;
}

/* ---- interning ----------------------------------------------------------------------- */

typedef struct {
    uint32_t hash; /* the high half of the text's hash (the low bits place the slot) */
    int32_t id;    /* -1: a free slot */
    uint32_t len, offset; /* the text in the arena: one memory access to compare it */
} Slot;

typedef struct {
    Buffer arena;
    size_t *offsets;
    uint32_t *lengths;
    uint32_t *hashes_lo; /* the low half of each text's hash, to place it when the table grows */
    size_t n, cap;
    Slot *slots;
    size_t nslots; /* a power of two, at least twice n */
    int32_t base;  /* ids start there (after the shared strings') */
} Interner;

static uint64_t hash_bytes(const char *p, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xff51afd7ed558ccdull);
    while (n >= 8) {
        uint64_t k;
        memcpy(&k, p, 8);
        h = (h ^ k) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    uint64_t k = 0;
    memcpy(&k, p, n);
    h = (h ^ k) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
}

/* The slot of the text p[0:n] (hash h): its own, or the free one where it would go. */
static Slot *interner_slot(const Interner *in, const char *p, size_t n, uint64_t h) {
    size_t mask = in->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        Slot *slot = &in->slots[i];
        if (slot->id < 0) return slot;
        if (slot->hash == (uint32_t)(h >> 32) && slot->len == n &&
            memcmp(in->arena.data + slot->offset, p, n) == 0)
            return slot;
    }
}

/* Big tables in huge pages where the system lends them: a text's slot is a random access. */
static void *table_alloc(size_t bytes) {
    void *table = NULL;
    if (bytes >= HUGE_PAGE) {
        if (posix_memalign(&table, HUGE_PAGE, bytes) != 0) return NULL;
#ifdef MADV_HUGEPAGE
        madvise(table, bytes, MADV_HUGEPAGE);
#endif
        return table;
    }
    return malloc(bytes);
}

static int interner_grow(Interner *in) {
    size_t nslots = in->nslots ? in->nslots * 2 : 1024;
    Slot *slots = table_alloc(nslots * sizeof(Slot));
    if (slots == NULL) return -1;
    for (size_t i = 0; i < nslots; i++) slots[i].id = -1;
    for (size_t i = 0; i < in->nslots; i++) {
        if (in->slots[i].id < 0) continue;
        size_t k = in->hashes_lo[in->slots[i].id] & (nslots - 1);
        while (slots[k].id >= 0) k = (k + 1) & (nslots - 1);
        slots[k] = in->slots[i];
    }
    free(in->slots);
    in->slots = slots;
    in->nslots = nslots;
    return 0;
}

/* The id of the text p[0:n]: a shared string's id if `shared` has it, else this interner's
 * (offset by its base), added if new. -1 when out of memory. */
static int32_t intern(Interner *in, const Interner *shared, const char *p, size_t n) {
    uint64_t h = hash_bytes(p, n);
    if (shared != NULL && shared->nslots) {
        Slot *found = interner_slot(shared, p, n, h);
        if (found->id >= 0) return found->id;
    }
    if (n > UINT32_MAX || in->n >= INT32_MAX / 2 || in->arena.len + n > UINT32_MAX) return -1;
    if ((in->n + 1) * 2 > in->nslots && interner_grow(in) < 0) return -1;
    Slot *slot = interner_slot(in, p, n, h);
    if (slot->id >= 0) return in->base + slot->id;
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 1024;
        size_t *offsets = realloc(in->offsets, cap * sizeof(size_t));
        if (offsets) in->offsets = offsets;
        uint32_t *lengths = realloc(in->lengths, cap * sizeof(uint32_t));
        if (lengths) in->lengths = lengths;
        uint32_t *hashes_lo = realloc(in->hashes_lo, cap * sizeof(uint32_t));
        if (hashes_lo) in->hashes_lo = hashes_lo;
        if (!offsets || !lengths || !hashes_lo) return -1;
        in->cap = cap;
    }
    size_t offset = in->arena.len;
    if (buffer_add(&in->arena, p, n) < 0) return -1;
    int32_t id = (int32_t)in->n++;
    in->offsets[id] = offset;
    in->lengths[id] = (uint32_t)n;
    in->hashes_lo[id] = (uint32_t)h;
    slot->hash = (uint32_t)(h >> 32);
    slot->id = id;
    slot->len = (uint32_t)n;
    slot->offset = (uint32_t)offset;
    return in->base + id;
}

static void interner_free(Interner *in) {
    buffer_free(&in->arena);
    free(in->offsets);
    free(in->lengths);
    free(in->hashes_lo);
    free(in->slots);
    memset(in, 0, sizeof(*in));
}

/* Every text as a Python str, in id order (NULL and an exception if one is not UTF-8). */
static PyObject *interner_texts(const Interner *in, int unused) {
    (void)unused;
    PyObject *list = PyList_New((Py_ssize_t)in->n);
    if (list == NULL) return NULL;
    for (size_t id = 0; id < in->n; id++) {
        PyObject *text = PyUnicode_DecodeUTF8(in->arena.data + in->offsets[id],
                                              (Py_ssize_t)in->lengths[id], "strict");
        if (text == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)id, text);
    }
    return list;
}

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

/* ---- numbers ------------------------------------------------------------------------- */

static locale_t C_LOCALE;

static int text_init(void) {
    C_LOCALE = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return C_LOCALE == (locale_t)0 ? -1 : 0;
}

/* A number as `-?(digits[.digits]|.digits)([eE][+-]?digits)?`, read exactly; else -1. */
static int parse_number(const char *v, size_t n, double *out) {
    size_t i = 0, digits = 0;
    int simple = 1;
    if (i < n && v[i] == '-') i++;
    while (i < n && v[i] >= '0' && v[i] <= '9') i++, digits++;
    if (i == n && digits > 0 && digits <= 15) {
        int64_t value = 0;
        for (size_t k = v[0] == '-'; k < n; k++) value = value * 10 + (v[k] - '0');
        *out = v[0] == '-' ? -(double)value : (double)value;
        return 1;
    }
    if (i < n && v[i] == '.') {
        i++;
        simple = 0;
        while (i < n && v[i] >= '0' && v[i] <= '9') i++, digits++;
    }
    if (digits == 0) return -1;
    if (i < n && (v[i] == 'e' || v[i] == 'E')) {
        size_t exp = 0;
        i++;
        if (i < n && (v[i] == '+' || v[i] == '-')) i++;
        while (i < n && v[i] >= '0' && v[i] <= '9') i++, exp++;
        if (exp == 0) return -1;
    }
    (void)simple;
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
