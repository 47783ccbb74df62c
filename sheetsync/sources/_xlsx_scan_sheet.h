/* A worksheet's <sheetData> scanned into arrays per column (rows, raw kinds, values, cell
 * formats), for _xlsx_scan.c: cells as calamine reads them, or -1 for "unsupported". */
#ifndef XLSX_SCAN_SHEET_H
#define XLSX_SCAN_SHEET_H

#include <Python.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "_xlsx_scan_columns.h"


/* ---- a cell ---------------------------------------------------------------------------- */

typedef struct {
    const char *r, *s, *t;
    size_t rn, sn, tn;
} CellAttrs;

static int cell_attrs(const Tag *tag, CellAttrs *a) {
    memset(a, 0, sizeof(*a));
    for (int i = 0; i < tag->nattrs; i++) {
        const Attr *at = &tag->attrs[i];
        if (at->name_len != 1) continue;
        if (at->name[0] == 'r') a->r = at->value, a->rn = at->value_len;
        else if (at->name[0] == 's') a->s = at->value, a->sn = at->value_len;
        else if (at->name[0] == 't') a->t = at->value, a->tn = at->value_len;
    }
    return 0;
}

static int parse_ref(const char *r, size_t n, int32_t *row, int32_t *col) {
    size_t i = 0;
    int32_t c = 0, w = 0;
    while (i < n && r[i] >= 'A' && r[i] <= 'Z') {
        c = c * 26 + (r[i] - 'A' + 1);
        if (++i > 3) return -1;
    }
    if (i == 0 || i == n || r[i] == '0') return -1;
    while (i < n) {
        if (r[i] < '0' || r[i] > '9' || w > MAX_ROWS) return -1;
        w = w * 10 + (r[i++] - '0');
    }
    if (c > MAX_COLUMNS || w < 1 || w > MAX_ROWS) return -1;
    *row = w - 1;
    *col = c - 1;
    return 0;
}

static int is_type(const CellAttrs *a, const char *t) {
    size_t n = strlen(t);
    return a->t != NULL && a->tn == n && memcmp(a->t, t, n) == 0;
}

static const char *ERRORS[] = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"};

/* The value of a <v> (raw text, no markup) by the cell's type; 0 = an empty cell, 1 = a value,
 * -1 = unsupported. */
static int cell_value(Scan *s, const CellAttrs *a, const char *v, size_t n, uint8_t *kind,
                      double *value) {
    if (a->t == NULL || is_type(a, "n")) {
        if (n == 0) return 0;
        *kind = K_NUMBER;
        return parse_number(v, n, value);
    }
    if (is_type(a, "s")) {
        if (n == 0) return 0;
        uint64_t i = 0;
        for (size_t k = 0; k < n; k++) {
            if (v[k] < '0' || v[k] > '9' || k > 9) return -1;
            i = i * 10 + (uint64_t)(v[k] - '0');
        }
        if (i >= s->n_shared_index) return -1;
        *kind = K_SHARED;
        *value = (double)s->shared_index[i];
        return 1;
    }
    if (is_type(a, "b")) {
        if (n == 0) return 0;
        if (n != 1 || (v[0] != '0' && v[0] != '1')) return -1;
        *kind = K_BOOL;
        *value = v[0] == '1';
        return 1;
    }
    if (is_type(a, "e")) {
        if (n == 0) return 0;
        for (size_t k = 0; k < sizeof(ERRORS) / sizeof(*ERRORS); k++) {
            if (strlen(ERRORS[k]) == n && memcmp(ERRORS[k], v, n) == 0) {
                int32_t id = intern(s->strings, s->shared, v, n);
                if (id < 0) return -1;
                *kind = K_ERROR;
                *value = id;
                return 1;
            }
        }
        return -1;
    }
    if (is_type(a, "str")) {
        const char *text;
        size_t len;
        if (decode_text(v, n, &s->text, &text, &len) < 0) return -1;
        s->rich.len = 0; /* calamine unescapes _xHHHH_ here too, and trims nothing */
        if (add_unescaped(&s->rich, text, len) < 0) return -1;
        int32_t id = intern(s->strings, s->shared, s->rich.data ? s->rich.data : "", s->rich.len);
        if (id < 0) return -1;
        *kind = K_STR;
        *value = id;
        return 1;
    }
    return -1; /* "d" (ISO dates), "inlineStr" with a <v>, anything unknown */
}

/* One <c>, its start tag read. 0 = done, -1 = unsupported. */
static int scan_cell(Scan *s, Tag *tag, int32_t *last_row, int32_t *last_col) {
    CellAttrs a;
    int32_t row, col, style = -1;
    if (cell_attrs(tag, &a) < 0 || a.r == NULL || parse_ref(a.r, a.rn, &row, &col) < 0)
        return -1;
    if (row < *last_row || (row == *last_row && col <= *last_col)) return -1;
    *last_row = row;
    *last_col = col;
    if (a.s != NULL) {
        if (a.sn == 0 || a.sn > 9) return -1;
        style = 0;
        for (size_t k = 0; k < a.sn; k++) {
            if (a.s[k] < '0' || a.s[k] > '9') return -1;
            style = style * 10 + (a.s[k] - '0');
        }
    }
    int inline_str = is_type(&a, "inlineStr");
    if (tag->empty) return 0;
    int found = 0; /* 1 once a value is there (the last one wins, as in calamine) */
    uint8_t kind = 0;
    double value = 0;
    /* The two shapes nearly every cell has, <v>...</v></c> and <is><t>...</t></is></c>, read
     * without the general loop below (which reads them the same way). */
    const char *p = s->p, *end = s->end;
    if (!inline_str && end - p > 3 && memcmp(p, "<v>", 3) == 0) {
        const char *lt = memchr(p + 3, '<', (size_t)(end - p - 3));
        if (lt != NULL && end - lt >= 8 && memcmp(lt, "</v></c>", 8) == 0) {
            int got = cell_value(s, &a, p + 3, (size_t)(lt - p - 3), &kind, &value);
            if (got < 0) return -1;
            s->p = lt + 8;
            return got ? column_push(s, col, row, kind, value, style) : 0;
        }
    }
    if (inline_str && end - p > 7 && memcmp(p, "<is><t>", 7) == 0) {
        const char *lt = memchr(p + 7, '<', (size_t)(end - p - 7));
        if (lt != NULL && end - lt >= 13 && memcmp(lt, "</t></is></c>", 13) == 0) {
            const char *text;
            size_t len;
            if (decode_text(p + 7, (size_t)(lt - p - 7), &s->text, &text, &len) < 0) return -1;
            while (len && is_space(*text)) text++, len--;
            while (len && is_space(text[len - 1])) len--;
            if (find_bytes(text, text + len, "_x00", 4) != NULL) {
                s->rich.len = 0;
                if (add_unescaped(&s->rich, text, len) < 0) return -1;
                text = s->rich.data;
                len = s->rich.len;
            }
            int32_t id = intern(s->strings, s->shared, text, len);
            if (id < 0) return -1;
            s->p = lt + 13;
            return column_push(s, col, row, K_INLINE, id, style);
        }
    }
    for (;;) {
        Tag child;
        if (skip_space(&s->p, s->end) < 0 || read_tag(&s->p, s->end, &child) < 0) return -1;
        if (child.closing) {
            if (!tag_is(&child, "c")) return -1;
            break;
        }
        if (tag_is(&child, "f")) {
            if (!child.empty && skip_to_close(&s->p, s->end, "</f>") < 0) return -1;
        } else if (tag_is(&child, "v")) {
            const char *v = s->p;
            size_t n = 0;
            if (!child.empty) {
                if (text_until_close(&s->p, s->end, "</v>", &n) < 0) return -1;
            }
            if (inline_str) continue; /* calamine ignores an inline string's <v> */
            int got = cell_value(s, &a, v, n, &kind, &value);
            if (got < 0) return -1;
            found = got;
        } else if (tag_is(&child, "is")) {
            const char *text;
            size_t len;
            if (!inline_str) return -1;
            if (read_rich_text(&s->p, s->end, &child, &s->text, &s->rich, &text, &len) < 0)
                return -1;
            int32_t id = intern(s->strings, s->shared, text, len);
            if (id < 0) return -1;
            kind = K_INLINE;
            value = id;
            found = 1;
        } else {
            return -1;
        }
    }
    if (found && column_push(s, col, row, kind, value, style) < 0) return -1;
    return 0;
}

/* The rows of <sheetData> from s->p: the whole of it when s->p is the part's start, else the
 * rows from s->p (a row's start) to s->stop (just after a row's end), a block of the sheet. */
static int scan_sheet_data(Scan *s, int first_block) {
    Tag tag;
    if (first_block) {
        const char *start = find_bytes(s->p, s->end, "<sheetData", 10);
        if (start == NULL || find_bytes(s->p, start, "<!", 2) != NULL) return -1;
        if (!prolog_is_utf8(s->p, start)) return -1;
        s->p = start;
        if (read_tag(&s->p, s->end, &tag) < 0 || !tag_is(&tag, "sheetData")) return -1;
        if (tag.empty) return s->stop == s->end ? 0 : -1;
    }
    int32_t last_row = -1, last_col = -1;
    for (;;) {
        if (s->p == s->stop && s->stop != s->end) return 0; /* the block's end */
        if (skip_space(&s->p, s->end) < 0 || read_tag(&s->p, s->end, &tag) < 0) return -1;
        if (tag.closing) return tag_is(&tag, "sheetData") && s->stop == s->end ? 0 : -1;
        if (!tag_is(&tag, "row") || s->p > s->stop) return -1;
        if (tag.empty) continue;
        for (;;) {
            Tag cell;
            if (skip_space(&s->p, s->end) < 0 || read_tag(&s->p, s->end, &cell) < 0) return -1;
            if (cell.closing) {
                if (!tag_is(&cell, "row")) return -1;
                break;
            }
            if (!tag_is(&cell, "c") || scan_cell(s, &cell, &last_row, &last_col) < 0) return -1;
        }
    }
}

#endif
