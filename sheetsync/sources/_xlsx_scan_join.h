/* Joining a sheet's blocks of rows (scanned side by side): their texts into one numbering, and
 * a column's text ids numbered in the order they first appear. For _xlsx_scan.c, included
 * after its Python types. */
#ifndef XLSX_SCAN_JOIN_H
#define XLSX_SCAN_JOIN_H

#include <Python.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

#endif
