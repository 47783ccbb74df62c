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
 *   shared_strings(xml) -> (texts: list[str], index: bytes int32) | None
 *   scan_sheet(xml, shared_texts_bytes_table | None) -> (columns, texts) | None
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
    const char *p, *end;
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

static int cell_attrs(Tag *tag, CellAttrs *a) {
    const char *q = tag->attrs;
    memset(a, 0, sizeof(*a));
    const char *name, *value;
    size_t nn, vn;
    int got;
    while ((got = next_attr(&q, tag->attrs_end, &name, &nn, &value, &vn)) > 0) {
        if (nn == 1 && name[0] == 'r') a->r = value, a->rn = vn;
        else if (nn == 1 && name[0] == 's') a->s = value, a->sn = vn;
        else if (nn == 1 && name[0] == 't') a->t = value, a->tn = vn;
    }
    return got;
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
            if (read_rich_text(&s->p, s->end, &child, "</is>", &s->text, &s->rich, &text, &len) < 0)
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

static int scan_sheet_data(Scan *s) {
    const char *start = find_bytes(s->p, s->end, "<sheetData", 10);
    if (start == NULL || find_bytes(s->p, start, "<!", 2) != NULL) return -1;
    if (!prolog_is_utf8(s->p, start)) return -1;
    s->p = start;
    Tag tag;
    if (read_tag(&s->p, s->end, &tag) < 0 || !tag_is(&tag, "sheetData")) return -1;
    if (tag.empty) return 0;
    int32_t last_row = -1, last_col = -1;
    for (;;) {
        if (skip_space(&s->p, s->end) < 0 || read_tag(&s->p, s->end, &tag) < 0) return -1;
        if (tag.closing) return tag_is(&tag, "sheetData") ? 0 : -1;
        if (!tag_is(&tag, "row")) return -1;
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
        if (read_rich_text(&p, end, &tag, "</si>", &text, &rich, &t, &len) < 0) goto done;
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

static PyObject *py_scan_sheet(PyObject *self, PyObject *args) {
    Py_buffer xml;
    PyObject *shared_obj = Py_None;
    if (!PyArg_ParseTuple(args, "y*|O", &xml, &shared_obj)) return NULL;
    if (shared_obj != Py_None && !PyObject_TypeCheck(shared_obj, &SharedStringsType)) {
        PyBuffer_Release(&xml);
        PyErr_SetString(PyExc_TypeError, "shared must be SharedStrings or None");
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
    s->p = xml.buf;
    s->end = (const char *)xml.buf + xml.len;
    s->strings = strings;
    s->shared = shared ? &shared->strings : NULL;
    s->shared_index = shared ? shared->index : NULL;
    s->n_shared_index = shared ? shared->n_index : 0;
    strings->base = shared ? (int32_t)shared->strings.n : 0;
    int ok;
    Py_INCREF(shared_obj);
    Py_BEGIN_ALLOW_THREADS
    ok = scan_sheet_data(s);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&xml);
    Py_DECREF(shared_obj);
    PyObject *result = NULL;
    if (ok < 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    PyObject *texts = interner_texts(strings, 0);
    if (texts == NULL) {
        if (PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) {
            PyErr_Clear();
            result = Py_NewRef(Py_None);
        }
        goto done;
    }
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
    result = Py_BuildValue("(NN)", columns, texts);
done:
    scan_free(s);
    interner_free(strings);
    free(s);
    free(strings);
    return result;
}

static PyMethodDef methods[] = {
    {"shared_strings", py_shared_strings, METH_VARARGS,
     "shared_strings(xml) -> (SharedStrings, texts, index bytes) or None if unsupported"},
    {"scan_sheet", py_scan_sheet, METH_VARARGS,
     "scan_sheet(xml, shared=None) -> (columns, texts) or None if unsupported"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_xlsx_scan", "Worksheet XML scanned into typed arrays.", -1, methods,
};

PyMODINIT_FUNC PyInit__xlsx_scan(void) {
    if (PyType_Ready(&SharedStringsType) < 0) return NULL;
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
