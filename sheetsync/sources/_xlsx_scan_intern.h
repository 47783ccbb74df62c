/* Buffers and the interning of texts by their UTF-8 bytes (each distinct text one id, a Python
 * str made once per id), for the worksheet scanner (_xlsx_scan.c). */
#ifndef XLSX_SCAN_INTERN_H
#define XLSX_SCAN_INTERN_H

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

#endif
