/* The growing arrays a scan fills per column (row, raw kind, value, cell format of each cell)
 * and the scan's state, for the worksheet scanner (_xlsx_scan.c). */
#ifndef XLSX_SCAN_COLUMNS_H
#define XLSX_SCAN_COLUMNS_H

#include <Python.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>


#include "_xlsx_scan_text.h"

/* The raw kinds of cell (xlsx_columns.py reads the same numbers). */
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

#endif
