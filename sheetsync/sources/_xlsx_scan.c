/* Scan an .xlsx worksheet's XML (already inflated) into typed arrays, one set per column.
 *
 * The scanner reads the XML that spreadsheet programs and libraries write: unprefixed
 * elements, every cell with its `r` reference, cells in row order, UTF-8. Whatever else it
 * meets (a namespace prefix, a comment, CDATA, a cell without `r`, an ISO date cell, an
 * unknown entity, a number it cannot read exactly...) makes it answer None, "unsupported",
 * and the caller reads that tab with calamine instead. Its cell semantics are calamine's
 * (python-calamine 0.9 / calamine 0.37): see sheetsync/sources/xlsx_scan.py.
 *
 * Python interface (the scan itself runs without Python's lock):
 *   shared_strings(xml) -> (SharedStrings, texts: list[str], index: bytes int32) | None
 *   scan_sheet(xml, shared | None, start, stop) -> (columns, BlockTexts) | None: a sheet, or
 *       the block of its rows from `start` to `stop` (split after a </row>: blocks scan side by
 *       side); text ids past the shared strings' are the block's own
 *   join_texts([BlockTexts...]) -> (texts: list[str], renumberings: list[bytes float64]) | None
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "_xlsx_scan_text.h"

enum { K_NUMBER = 1, K_SHARED = 2, K_INLINE = 3, K_BOOL = 4, K_ERROR = 5, K_STR = 6 };
#define MAX_COLUMNS 16384
#define MAX_ROWS 1048576

typedef struct {
    int32_t *rows;
    uint8_t *kinds;
    double *values; /* the number, the bool (0/1), or the text id */
    int32_t *styles;
    size_t n, cap;
} Column;

typedef struct {
    const char *p, *end, *stop;
    Interner *strings;
    const Interner *shared; /* read-only: the shared strings, ids 0..n-1 */
    const int32_t *shared_index;
    size_t n_shared_index;
    Column *columns[MAX_COLUMNS];
    int32_t width;
    Buffer text, rich;
    int failed;
} Scan;

static int column_push(Scan *s, int32_t col, int32_t row, uint8_t kind, double value,
                       int32_t style) {
    Column *c = s->columns[col];
    if (c == NULL) {
        c = calloc(1, sizeof(Column));
        if (c == NULL) return -1;
        s->columns[col] = c;
        if (col + 1 > s->width) s->width = col + 1;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        int32_t *rows = realloc(c->rows, cap * sizeof(int32_t));
        if (rows) c->rows = rows;
        uint8_t *kinds = realloc(c->kinds, cap);
        if (kinds) c->kinds = kinds;
        double *values = realloc(c->values, cap * sizeof(double));
        if (values) c->values = values;
        int32_t *styles = realloc(c->styles, cap * sizeof(int32_t));
        if (styles) c->styles = styles;
        if (!rows || !kinds || !values || !styles) return -1;
        c->cap = cap;
    }
    c->rows[c->n] = row;
    c->kinds[c->n] = kind;
    c->values[c->n] = value;
    c->styles[c->n] = style;
    c->n++;
    return 0;
}

static void scan_free(Scan *s) {
    for (int32_t j = 0; j < s->width; j++) {
        Column *c = s->columns[j];
        if (c) {
            free(c->rows);
            free(c->kinds);
            free(c->values);
            free(c->styles);
            free(c);
        }
    }
    buffer_free(&s->text);
    buffer_free(&s->rich);
}

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

/* ---- Python ---------------------------------------------------------------------------- */

static PyObject *bytes_of(const void *data, size_t n) {
    return PyBytes_FromStringAndSize(n ? (const char *)data : "", (Py_ssize_t)n);
}

static PyObject *column_tuple(const Column *c) {
    if (c == NULL) Py_RETURN_NONE;
    return Py_BuildValue("(NNNN)", bytes_of(c->rows, c->n * 4), bytes_of(c->kinds, c->n),
                         bytes_of(c->values, c->n * 8), bytes_of(c->styles, c->n * 4));
}

typedef struct {
    PyObject_HEAD
    Interner strings;
    int32_t *index; /* shared string position -> distinct text id */
    size_t n_index;
} SharedStrings;

static void shared_dealloc(SharedStrings *self) {
    interner_free(&self->strings);
    free(self->index);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject SharedStringsType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "sheetsync.sources._xlsx_scan.SharedStrings",
    .tp_basicsize = sizeof(SharedStrings),
    .tp_dealloc = (destructor)shared_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A workbook's shared strings, each distinct text once.",
};

static int scan_shared(const char *p, const char *end, SharedStrings *out) {
    Buffer text = {0}, rich = {0};
    int32_t *index = NULL;
    size_t n = 0, cap = 0;
    int ok = -1;
    const char *start = find_bytes(p, end, "<sst", 4);
    Tag tag;
    if (start == NULL || find_bytes(p, start, "<!", 2) != NULL || !prolog_is_utf8(p, start))
        goto done;
    p = start;
    if (read_tag(&p, end, &tag) < 0 || !tag_is(&tag, "sst")) goto done;
    if (tag.empty) {
        ok = 0;
        goto done;
    }
    for (;;) {
        const char *t;
        size_t len;
        if (skip_space(&p, end) < 0 || read_tag(&p, end, &tag) < 0) goto done;
        if (tag.closing) {
            ok = tag_is(&tag, "sst") ? 0 : -1;
            goto done;
        }
        if (!tag_is(&tag, "si")) goto done;
        if (read_rich_text(&p, end, &tag, &text, &rich, &t, &len) < 0) goto done;
        int32_t id = intern(&out->strings, NULL, t, len);
        if (id < 0) goto done;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            int32_t *grown = realloc(index, cap * sizeof(int32_t));
            if (grown == NULL) goto done;
            index = grown;
        }
        index[n++] = id;
    }
done:
    buffer_free(&text);
    buffer_free(&rich);
    out->index = index;
    out->n_index = n;
    return ok;
}

static PyObject *py_shared_strings(PyObject *self, PyObject *args) {
    Py_buffer xml;
    if (!PyArg_ParseTuple(args, "y*", &xml)) return NULL;
    SharedStrings *out = PyObject_New(SharedStrings, &SharedStringsType);
    if (out == NULL) {
        PyBuffer_Release(&xml);
        return NULL;
    }
    memset(&out->strings, 0, sizeof(Interner));
    out->index = NULL;
    out->n_index = 0;
    int ok;
    Py_BEGIN_ALLOW_THREADS
    ok = scan_shared(xml.buf, (const char *)xml.buf + xml.len, out);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&xml);
    if (ok < 0) {
        Py_DECREF(out);
        Py_RETURN_NONE;
    }
    PyObject *texts = interner_texts(&out->strings, 0);
    if (texts == NULL) {
        Py_DECREF(out);
        if (!PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) return NULL;
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    PyObject *index = bytes_of(out->index, out->n_index * 4);
    return Py_BuildValue("(NNN)", (PyObject *)out, texts, index);
}

typedef struct {
    PyObject_HEAD
    Interner *strings;
    int joined; /* join_texts took them over: they can be joined only once */
} BlockTexts;

static void block_texts_dealloc(BlockTexts *self) {
    if (self->strings != NULL) {
        interner_free(self->strings);
        free(self->strings);
    }
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject BlockTextsType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "sheetsync.sources._xlsx_scan.BlockTexts",
    .tp_basicsize = sizeof(BlockTexts),
    .tp_dealloc = (destructor)block_texts_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The texts a block of rows met first, as bytes (join_texts makes them str).",
};

static PyObject *py_scan_sheet(PyObject *self, PyObject *args) {
    Py_buffer xml;
    PyObject *shared_obj = Py_None;
    Py_ssize_t start = 0, stop = -1;
    if (!PyArg_ParseTuple(args, "y*|Onn", &xml, &shared_obj, &start, &stop)) return NULL;
    if (stop < 0) stop = xml.len;
    if (shared_obj != Py_None && !PyObject_TypeCheck(shared_obj, &SharedStringsType)) {
        PyBuffer_Release(&xml);
        PyErr_SetString(PyExc_TypeError, "shared must be SharedStrings or None");
        return NULL;
    }
    if (start < 0 || start > stop || stop > xml.len) {
        PyBuffer_Release(&xml);
        PyErr_SetString(PyExc_ValueError, "start and stop must be 0 <= start <= stop <= len(xml)");
        return NULL;
    }
    Scan *s = calloc(1, sizeof(Scan));
    Interner *strings = calloc(1, sizeof(Interner));
    if (s == NULL || strings == NULL) {
        free(s);
        free(strings);
        PyBuffer_Release(&xml);
        return PyErr_NoMemory();
    }
    SharedStrings *shared = shared_obj == Py_None ? NULL : (SharedStrings *)shared_obj;
    s->p = (const char *)xml.buf + start;
    s->end = (const char *)xml.buf + xml.len;
    s->stop = (const char *)xml.buf + stop;
    s->strings = strings;
    s->shared = shared ? &shared->strings : NULL;
    s->shared_index = shared ? shared->index : NULL;
    s->n_shared_index = shared ? shared->n_index : 0;
    strings->base = shared ? (int32_t)shared->strings.n : 0;
    int ok;
    Py_INCREF(shared_obj);
    Py_BEGIN_ALLOW_THREADS
    ok = scan_sheet_data(s, start == 0);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&xml);
    Py_DECREF(shared_obj);
    PyObject *result = NULL;
    if (ok < 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    BlockTexts *texts = PyObject_New(BlockTexts, &BlockTextsType);
    if (texts == NULL) goto done;
    texts->strings = strings; /* the block's own texts, kept as bytes until join_texts */
    texts->joined = 0;
    strings = NULL;
    PyObject *columns = PyList_New(s->width);
    if (columns == NULL) {
        Py_DECREF(texts);
        goto done;
    }
    for (int32_t j = 0; j < s->width; j++) {
        PyObject *column = column_tuple(s->columns[j]);
        if (column == NULL) {
            Py_DECREF(columns);
            Py_DECREF(texts);
            goto done;
        }
        PyList_SET_ITEM(columns, j, column);
    }
    result = Py_BuildValue("(NN)", columns, (PyObject *)texts);
done:
    scan_free(s);
    if (strings != NULL) interner_free(strings);
    free(s);
    free(strings);
    return result;
}

/* The blocks' own texts joined: each distinct text once, in the order blocks and ids meet
 * them, numbered from the blocks' base on; and per block its ids' new numbers (float64, as the
 * values arrays hold ids). None if a text is not UTF-8. */
static PyObject *py_join_texts(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *blocks;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &blocks)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(blocks);
    const Interner **parts = calloc((size_t)n + 1, sizeof(Interner *));
    double **renumbers = calloc((size_t)n + 1, sizeof(double *));
    Interner joined = {0};
    size_t first_count = 0;
    PyObject *result = NULL;
    int ok = parts && renumbers ? 0 : -1;
    for (Py_ssize_t b = 0; ok == 0 && b < n; b++) {
        PyObject *item = PyList_GET_ITEM(blocks, b);
        if (!PyObject_TypeCheck(item, &BlockTextsType)) {
            PyErr_SetString(PyExc_TypeError, "join_texts takes a list of BlockTexts");
            goto done;
        }
        if (((BlockTexts *)item)->joined) {
            PyErr_SetString(PyExc_ValueError, "these texts were joined already");
            goto done;
        }
        parts[b] = ((BlockTexts *)item)->strings;
        renumbers[b] = malloc((parts[b]->n + 1) * sizeof(double));
        if (renumbers[b] == NULL) ok = -1;
    }
    if (ok < 0) {
        PyErr_NoMemory();
        goto done;
    }
    joined.base = n ? parts[0]->base : 0;
    for (Py_ssize_t b = 0; b < n; b++) ((BlockTexts *)PyList_GET_ITEM(blocks, b))->joined = 1;
    if (n) { /* the first block's texts are the start of the sheet's: taken over as they are */
        joined = *parts[0];
        first_count = joined.n;
        memset((Interner *)parts[0], 0, sizeof(Interner));
        for (size_t i = 0; i < joined.n; i++) renumbers[0][i] = joined.base + (int32_t)i;
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t b = 1; ok == 0 && b < n; b++) {
        const Interner *in = parts[b];
        for (size_t i = 0; i < in->n; i++) {
            int32_t id = intern(&joined, NULL, in->arena.data + in->offsets[i], in->lengths[i]);
            if (id < 0) {
                ok = -1;
                break;
            }
            renumbers[b][i] = id;
        }
    }
    Py_END_ALLOW_THREADS
    if (ok < 0) {
        PyErr_NoMemory();
        goto done;
    }
    PyObject *texts = interner_texts(&joined, 0);
    if (texts == NULL) {
        if (PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) {
            PyErr_Clear();
            result = Py_NewRef(Py_None);
        }
        goto done;
    }
    PyObject *maps = PyList_New(n);
    if (maps == NULL) {
        Py_DECREF(texts);
        goto done;
    }
    for (Py_ssize_t b = 0; b < n; b++) {
        size_t count = b == 0 ? first_count : parts[b]->n;
        PyObject *map = bytes_of(renumbers[b], count * sizeof(double));
        if (map == NULL) {
            Py_DECREF(maps);
            Py_DECREF(texts);
            goto done;
        }
        PyList_SET_ITEM(maps, b, map);
    }
    result = Py_BuildValue("(NN)", texts, maps);
done:
    for (Py_ssize_t b = 0; renumbers && b < n; b++) free(renumbers[b]);
    free(renumbers);
    free(parts);
    interner_free(&joined);
    return result;
}

/* Text ids (int32) numbered in the order they first appear: each cell's number (int32) and the
 * ids in that order (int32), as pd.factorize gives them, in one pass. */
static PyObject *py_first_seen(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer ids;
    Py_ssize_t n_ids;
    if (!PyArg_ParseTuple(args, "y*n", &ids, &n_ids)) return NULL;
    size_t n = (size_t)ids.len / sizeof(int32_t);
    const int32_t *in = ids.buf;
    int32_t *seen = malloc(((size_t)n_ids + 1) * sizeof(int32_t));
    int32_t *codes = malloc((n + 1) * sizeof(int32_t));
    int32_t *order = malloc((n + 1) * sizeof(int32_t));
    PyObject *result = NULL;
    int ok = 0;
    int32_t k = 0;
    if (seen == NULL || codes == NULL || order == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    memset(seen, 0xFF, (size_t)n_ids * sizeof(int32_t));
    for (size_t i = 0; i < n; i++) {
        int32_t id = in[i];
        if (id < 0 || id >= n_ids) {
            ok = -1;
            break;
        }
        if (seen[id] < 0) {
            seen[id] = k;
            order[k++] = id;
        }
        codes[i] = seen[id];
    }
    Py_END_ALLOW_THREADS
    if (ok < 0) {
        PyErr_SetString(PyExc_ValueError, "a text id out of range");
        goto done;
    }
    result = Py_BuildValue("(NN)", bytes_of(codes, n * 4), bytes_of(order, (size_t)k * 4));
done:
    PyBuffer_Release(&ids);
    free(seen);
    free(codes);
    free(order);
    return result;
}

static PyMethodDef methods[] = {
    {"first_seen", py_first_seen, METH_VARARGS,
     "first_seen(ids: int32 bytes, count) -> (codes, distinct ids in first-seen order)"},
    {"shared_strings", py_shared_strings, METH_VARARGS,
     "shared_strings(xml) -> (SharedStrings, texts, index bytes) or None if unsupported"},
    {"join_texts", py_join_texts, METH_VARARGS,
     "join_texts(blocks: list[BlockTexts]) -> (texts, renumberings as float64 bytes) or None"},
    {"scan_sheet", py_scan_sheet, METH_VARARGS,
     "scan_sheet(xml, shared=None, start=0, stop=len(xml)) -> (columns, texts) or None if "
     "unsupported; start and stop bound a block of whole rows (start > 0: a row's start)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_xlsx_scan", "Worksheet XML scanned into typed arrays.", -1, methods,
};

PyMODINIT_FUNC PyInit__xlsx_scan(void) {
    if (PyType_Ready(&SharedStringsType) < 0 || PyType_Ready(&BlockTextsType) < 0) return NULL;
    if (text_init() < 0) return PyErr_NoMemory();
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    if (PyModule_AddIntConstant(m, "NUMBER", K_NUMBER) < 0 ||
        PyModule_AddIntConstant(m, "SHARED", K_SHARED) < 0 ||
        PyModule_AddIntConstant(m, "INLINE", K_INLINE) < 0 ||
        PyModule_AddIntConstant(m, "BOOL", K_BOOL) < 0 ||
        PyModule_AddIntConstant(m, "ERROR", K_ERROR) < 0 ||
        PyModule_AddIntConstant(m, "STR", K_STR) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
