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
 *   first_seen(ids int32 bytes, count) -> (codes, distinct ids in the order first seen)
 *
 * The parts: _xlsx_scan_intern.h (buffers, interning), _xlsx_scan_xml.h (tags, numbers),
 * _xlsx_scan_text.h (text content), _xlsx_scan_columns.h (the arrays filled),
 * _xlsx_scan_sheet.h (cells and rows), _xlsx_scan_join.h (blocks joined).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_xlsx_scan_sheet.h"

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

#include "_xlsx_scan_join.h"

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
