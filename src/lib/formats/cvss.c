/* CVSS, version-independent part: prefix dispatch, the strict table-driven parser, canonical
 * output and names. The per-version tables and equations are in cvss2.c, cvss3.c and cvss4.c. */
#include "cvd/cvss.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "cvss-int.h"

const struct cvd__cvss_spec *cvd__cvss_spec_of(enum cvd_cvss_version v)
{
    switch (v) {
    case CVD_CVSS_V2:
        return &cvd__cvss_spec_v2;
    case CVD_CVSS_V30:
        return &cvd__cvss_spec_v30;
    case CVD_CVSS_V31:
        return &cvd__cvss_spec_v31;
    case CVD_CVSS_V40:
        return &cvd__cvss_spec_v40;
    }
    return NULL;
}

static const char *const reason_names[] = {
    [CVD_CVSS_OK] = "OK",
    [CVD_CVSS_MISSING_PREFIX] = "MISSING_PREFIX",
    [CVD_CVSS_BAD_VERSION] = "BAD_VERSION",
    [CVD_CVSS_MISSING_METRIC] = "MISSING_METRIC",
    [CVD_CVSS_DUPLICATE_METRIC] = "DUPLICATE_METRIC",
    [CVD_CVSS_UNKNOWN_METRIC] = "UNKNOWN_METRIC",
    [CVD_CVSS_INVALID_VALUE] = "INVALID_VALUE",
    [CVD_CVSS_ORDER] = "ORDER",
    [CVD_CVSS_MALFORMED] = "MALFORMED",
};

static const int reason_codes[] = {
    [CVD_CVSS_OK] = 0,
    [CVD_CVSS_MISSING_PREFIX] = CVD_EPARSE,
    [CVD_CVSS_BAD_VERSION] = CVD_ENOTSUP,
    [CVD_CVSS_MISSING_METRIC] = CVD_EMISSING,
    [CVD_CVSS_DUPLICATE_METRIC] = CVD_EDUP,
    [CVD_CVSS_UNKNOWN_METRIC] = CVD_ENOTFOUND,
    [CVD_CVSS_INVALID_VALUE] = CVD_ERANGE,
    [CVD_CVSS_ORDER] = CVD_EORDER,
    [CVD_CVSS_MALFORMED] = CVD_EPARSE,
};

const char *cvd_cvss_reason_name(enum cvd_cvss_reason r)
{
    if ((unsigned)r >= CVD_ARRAY_LEN(reason_names))
        return "?";
    return reason_names[r];
}

enum cvd_cvss_reason cvd_cvss_diag_reason(const struct cvd_diag *diag)
{
    if (diag == NULL)
        return CVD_CVSS_OK;
    for (unsigned r = CVD_CVSS_MISSING_PREFIX; r < CVD_ARRAY_LEN(reason_names); r++) {
        size_t n = strlen(reason_names[r]);
        if (strncmp(diag->msg, reason_names[r], n) == 0 && diag->msg[n] == ':')
            return (enum cvd_cvss_reason)r;
    }
    return CVD_CVSS_OK;
}

const char *cvd_cvss_severity_name(int tenths)
{
    if (tenths <= 0)
        return "None";
    if (tenths < 40)
        return "Low";
    if (tenths < 70)
        return "Medium";
    if (tenths < 90)
        return "High";
    return "Critical";
}

const char *cvd_cvss_version_name(enum cvd_cvss_version v)
{
    switch (v) {
    case CVD_CVSS_V2:
        return "2.0";
    case CVD_CVSS_V30:
        return "3.0";
    case CVD_CVSS_V31:
        return "3.1";
    case CVD_CVSS_V40:
        return "4.0";
    }
    return "?";
}

const char *cvd_cvss_nomenclature_name(enum cvd_cvss_nomenclature n)
{
    static const char *const names[] = {"CVSS-B", "CVSS-BT", "CVSS-BE", "CVSS-BTE"};
    if ((unsigned)n >= CVD_ARRAY_LEN(names))
        return "?";
    return names[n];
}

const char *cvd_cvss_metric_name(enum cvd_cvss_version v, unsigned i)
{
    const struct cvd__cvss_spec *s = cvd__cvss_spec_of(v);
    if (s == NULL || i >= s->nmetrics)
        return NULL;
    return s->metrics[i].name;
}

const char *cvd_cvss_value_name(enum cvd_cvss_version v, unsigned i, unsigned j)
{
    const struct cvd__cvss_spec *s = cvd__cvss_spec_of(v);
    if (s == NULL || i >= s->nmetrics || j >= s->metrics[i].nvalues)
        return NULL;
    return s->metrics[i].values[j].s;
}

/* ---- parser ---- */

/* At most 16 bytes of untrusted input for a message, made printable (cvd_diag_quote). */
static const char *quote(const char *p, size_t len, char out[24])
{
    return cvd_diag_quote(p, len, 16, out);
}

static int fail(struct cvd_diag *diag, enum cvd_cvss_reason r, size_t offset, const char *fmt, ...)
    CVD_PRINTF(4, 5);

/* Fill diag with "REASON: detail"; returns the CVD_E* code of the reason. */
static int fail(struct cvd_diag *diag, enum cvd_cvss_reason r, size_t offset, const char *fmt, ...)
{
    int code = reason_codes[r];
    if (diag == NULL)
        return code;
    char detail[200];
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(detail, sizeof(detail), fmt, ap) < 0)
        detail[0] = '\0';
    va_end(ap);
    cvd_diag_set_at(diag, code, offset, "%s: %s", reason_names[r], detail);
    diag->line = 1;
    diag->column = (uint32_t)(offset + 1 > UINT32_MAX ? UINT32_MAX : offset + 1);
    return code;
}

static inline bool bytes_eq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i])
            return false;
    }
    return true;
}

/* Index of metric name p[0..len) in spec s, searching from `from` onwards and wrapping around (in
 * canonical input the next metric is almost always the one after the last); -1 if unknown. */
static inline int find_metric(const struct cvd__cvss_spec *s, const char *p, size_t len,
                              unsigned from)
{
    unsigned n = s->nmetrics;
    if (len == 0 || len > 3)
        return -1;
    for (unsigned k = 0; k < n; k++) {
        unsigned i = from + k;
        if (i >= n)
            i -= n;
        const struct cvd__cvss_metric *m = &s->metrics[i];
        if (m->len == len && m->name[0] == p[0] && bytes_eq(m->name, p, len))
            return (int)i;
    }
    return -1;
}

static inline int find_value(const struct cvd__cvss_metric *m, const char *p, size_t len)
{
    /* Base metrics have no "not defined" value; optional ones start with it. */
    for (unsigned j = 0; j < m->nvalues; j++) {
        const struct cvd__cvss_value *v = &m->values[j];
        if (v->len == len && v->s[0] == p[0] && bytes_eq(v->s, p, len))
            return (int)j;
    }
    return -1;
}

/* Bytes of x that are zero get their high bit set, exactly (no false positives). */
static inline uint64_t zero_bytes(uint64_t x)
{
    const uint64_t lo7 = UINT64_C(0x7f7f7f7f7f7f7f7f);
    return ~(((x & lo7) + lo7) | x | lo7);
}

/*
 * Find the end of the component at p (the next '/' or end), its first ':' and how many ':' it
 * has (counted up to 2). Components are almost always at most 8 bytes ("MSI:S", "U:Amber"), so on
 * little-endian machines one 8-byte load and two zero-byte masks replace a byte loop whose exit
 * branch the CPU mispredicts on every component; longer components take the byte loop.
 */
static inline const char *scan_component(const char *p, const char *end, const char **ret_colon,
                                         unsigned *ret_ncolon)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
    size_t avail = (size_t)(end - p);
    if (avail >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t slash = zero_bytes(w ^ UINT64_C(0x2f2f2f2f2f2f2f2f));
        if (slash != 0) {
            unsigned clen = (unsigned)__builtin_ctzll(slash) / 8;
            uint64_t in = clen == 0 ? 0 : (~UINT64_C(0) >> (64 - 8 * clen));
            uint64_t colons = zero_bytes(w ^ UINT64_C(0x3a3a3a3a3a3a3a3a)) & in;
            /* 0, 1 or "more than one" is all the caller needs (no popcount: baseline x86-64
             * has no instruction for it). */
            *ret_ncolon = colons == 0 ? 0 : (colons & (colons - 1)) == 0 ? 1 : 2;
            *ret_colon = colons ? p + __builtin_ctzll(colons) / 8 : NULL;
            return p + clen;
        }
    }
#endif
    const char *colon = NULL;
    unsigned ncolon = 0;
    const char *e = p;
    while (e < end && *e != '/') {
        if (*e == ':') {
            if (colon == NULL)
                colon = e;
            ncolon++;
        }
        e++;
    }
    *ret_colon = colon;
    *ret_ncolon = ncolon;
    return e;
}

/* The strict parser: every check in the documented order, and the diagnostic of the first problem.
 * cvd_cvss_parse() calls it for whatever the fast path below does not accept. */
static int parse_slow(struct cvd_str vec, unsigned flags, struct cvd_cvss *ret,
                      struct cvd_diag *diag)
{
    char q1[24];
    const char *base = vec.ptr;
    const char *p = vec.ptr;
    const char *end = vec.ptr + vec.len;
    const struct cvd__cvss_spec *s;

    if (vec.len >= 5 && bytes_eq(p, "CVSS:", 5)) {
        const char *v = p + 5;
        const char *slash = memchr(v, '/', (size_t)(end - v));
        const char *vend = slash ? slash : end;
        size_t vlen = (size_t)(vend - v);
        s = NULL;
        if (vlen == 3 && v[1] == '.') {
            if (v[0] == '3' && v[2] == '1')
                s = &cvd__cvss_spec_v31;
            else if (v[0] == '4' && v[2] == '0')
                s = &cvd__cvss_spec_v40;
            else if (v[0] == '3' && v[2] == '0')
                s = &cvd__cvss_spec_v30;
        }
        if (s == NULL)
            return fail(diag, CVD_CVSS_BAD_VERSION, 5,
                        "unsupported CVSS version '%s' (3.0, 3.1 or 4.0)", quote(v, vlen, q1));
        if (slash == NULL)
            return fail(diag, CVD_CVSS_MISSING_METRIC, vec.len, "no metrics after 'CVSS:%s'",
                        cvd_cvss_version_name(s->version));
        p = slash + 1;
    } else if ((flags & CVD_CVSS_PARSE_V2) && vec.len > 0) {
        s = &cvd__cvss_spec_v2;
    } else {
        return fail(diag, CVD_CVSS_MISSING_PREFIX, 0,
                    "vector does not start with 'CVSS:' (got '%s')", quote(p, vec.len, q1));
    }

    struct cvd_cvss c;
    memset(&c, 0, sizeof(c));
    c.version = s->version;
    c.nmetrics = s->nmetrics;
    uint32_t seen = 0;
    int last = -1;

    for (;;) {
        const char *comp = p;
        const char *colon;
        unsigned ncolon;
        const char *e = scan_component(p, end, &colon, &ncolon);
        size_t clen = (size_t)(e - comp);
        if (clen == 0)
            return fail(diag, CVD_CVSS_MALFORMED, (size_t)(comp - base),
                        "empty component (a '/' %s)", e == end ? "at the end" : "followed by '/'");
        if (colon == NULL)
            return fail(diag, CVD_CVSS_MALFORMED, (size_t)(comp - base),
                        "component '%s' has no ':'", quote(comp, clen, q1));
        if (ncolon > 1)
            return fail(diag, CVD_CVSS_MALFORMED, (size_t)(comp - base),
                        "component '%s' has more than one ':'", quote(comp, clen, q1));

        size_t nlen = (size_t)(colon - comp);
        int i = find_metric(s, comp, nlen, (unsigned)(last + 1));
        if (i < 0)
            return fail(diag, CVD_CVSS_UNKNOWN_METRIC, (size_t)(comp - base),
                        "no metric '%s' in CVSS v%s", quote(comp, nlen, q1),
                        cvd_cvss_version_name(s->version));
        const struct cvd__cvss_metric *m = &s->metrics[i];
        if (seen & (UINT32_C(1) << i))
            return fail(diag, CVD_CVSS_DUPLICATE_METRIC, (size_t)(comp - base),
                        "metric '%s' given twice", m->name);
        if (s->ordered && i < last)
            return fail(diag, CVD_CVSS_ORDER, (size_t)(comp - base),
                        "metric '%s' must come before '%s'", m->name, s->metrics[last].name);
        const char *val = colon + 1;
        size_t vlen = (size_t)(e - val);
        int j = vlen > 0 ? find_value(m, val, vlen) : -1;
        if (j < 0)
            return fail(diag, CVD_CVSS_INVALID_VALUE, (size_t)(val - base),
                        "'%s' is not a value of metric '%s'", quote(val, vlen, q1), m->name);
        seen |= UINT32_C(1) << i;
        c.metric[i] = (uint8_t)j;
        last = i;
        if (e == end)
            break;
        p = e + 1;
    }

    if (CVD_UNLIKELY((seen & s->required) != s->required)) {
        for (unsigned i = 0; i < s->nmetrics; i++) {
            if (s->metrics[i].group == CVD__CVSS_BASE && !(seen & (UINT32_C(1) << i)))
                return fail(diag, CVD_CVSS_MISSING_METRIC, vec.len, "base metric '%s' is missing",
                            s->metrics[i].name);
        }
    }
    *ret = c;
    return 0;
}

/* ---- fast path ----
 *
 * Nearly every vector of real data is valid, and every valid component is a "NAME:VALUE" string
 * of at most 7 bytes ("U:Amber", "MSI:S", "CDP:LM"). So a component is looked up whole, with its
 * '/' terminator: one 8-byte load, the first '/' found with a zero-byte mask, the bytes after it
 * masked off; that 64-bit key ("AV:N/" and zeros) is hashed (multiply, shift) into a table of all
 * valid components of the version and verified with one compare. The '/' in the key is what
 * tells "AV:N" from "AV:N\0"; the last component gets a '/' appended in the register. This
 * replaces the colon scan, the name search and the value search.
 *
 * The fast path only ever says "valid, and here is the struct" or "don't know": anything it does
 * not recognise (unknown component, duplicate, order, a missing base metric, a component longer
 * than 7 bytes, an empty one, a short input) re-parses the whole vector with parse_slow(), which
 * finds the exact reason, message and offset. Accepting is safe because a vector whose every
 * component is a valid pair, with no metric twice, in order where the version wants it and with
 * every base metric present is exactly what parse_slow() accepts, with the same indices.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
#define FAST_PATH 1

#define SLASHES UINT64_C(0x2f2f2f2f2f2f2f2f)

/* key 0 means empty: every real key has a '/'. What the loop needs is stored ready to use. */
struct fast_slot {
    _Atomic uint64_t key;   /* "NAME:VALUE/", little-endian, zero bytes after the '/' */
    _Atomic uint32_t bit;   /* 1 << metric index */
    _Atomic uint8_t metric; /* metric index */
    _Atomic uint8_t value;  /* value index */
    _Atomic uint8_t step;   /* length of the component with its '/' */
};

/*
 * Built on first use from the version's metric table (the one source of truth) rather than
 * written out by hand. Relaxed atomics and a release/acquire flag make concurrent first uses
 * benign: every builder stores the same values, and a reader that sees `ready` sees them all.
 * The multipliers make the hash perfect for the current tables (found by a search over random
 * odd numbers); if a table change ever made two keys collide, the second would just take the
 * slow path.
 */
struct fast_table {
    const struct cvd__cvss_spec *spec;
    uint64_t mult;  /* multiplier of the hash */
    unsigned shift; /* 64 - log2(number of slots) */
    _Atomic int *ready;
    struct fast_slot *slots;
};

static struct fast_slot slots_v2[128];
static struct fast_slot slots_v3[256]; /* v3.0 and v3.1 have the same metrics */
static struct fast_slot slots_v4[512];
static _Atomic int ready_v2, ready_v3, ready_v4;

/* Arguments of parse_fast() after the spec: multiplier, shift, flag, slots. */
#define FAST_V2 UINT64_C(0xc77e7ccbd8f403ed), 57, &ready_v2, slots_v2
#define FAST_V3 UINT64_C(0xe771069ab48b40a7), 56, &ready_v3, slots_v3
#define FAST_V4 UINT64_C(0x6f5e275abed41b15), 55, &ready_v4, slots_v4

static inline unsigned fast_hash(uint64_t key, uint64_t mult, unsigned shift)
{
    return (unsigned)((key * mult) >> shift);
}

__attribute__((noinline, cold)) static void fast_build(const struct fast_table *t)
{
    const struct cvd__cvss_spec *s = t->spec;
    for (unsigned i = 0; i < s->nmetrics; i++) {
        const struct cvd__cvss_metric *m = &s->metrics[i];
        for (unsigned j = 0; j < m->nvalues; j++) {
            const struct cvd__cvss_value *v = &m->values[j];
            unsigned len = m->len + 1u + v->len;
            if (len > 7)
                continue; /* none today; it would take the slow path */
            unsigned char b[8] = {0};
            memcpy(b, m->name, m->len);
            b[m->len] = ':';
            memcpy(b + m->len + 1, v->s, v->len);
            b[len] = '/';
            uint64_t key;
            memcpy(&key, b, 8);
            struct fast_slot *slot = &t->slots[fast_hash(key, t->mult, t->shift)];
            uint64_t old = atomic_load_explicit(&slot->key, memory_order_relaxed);
            if (old != 0 && old != key)
                continue; /* collision: the first one keeps the slot */
            atomic_store_explicit(&slot->bit, UINT32_C(1) << i, memory_order_relaxed);
            atomic_store_explicit(&slot->metric, (uint8_t)i, memory_order_relaxed);
            atomic_store_explicit(&slot->value, (uint8_t)j, memory_order_relaxed);
            atomic_store_explicit(&slot->step, (uint8_t)(len + 1), memory_order_relaxed);
            atomic_store_explicit(&slot->key, key, memory_order_relaxed);
        }
    }
    atomic_store_explicit(t->ready, 1, memory_order_release);
}

static inline uint64_t load8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/*
 * The slot of the component at the start of w (8 bytes of input, a '/' after the component), or
 * NULL if it is not a valid component. The '/' search is the classic (x - 0x01..) & ~x & 0x80..
 * zero-byte test: it can flag bytes above the first zero byte, never below, and only the first
 * '/' matters here; slash ^ (slash - 1) then masks w up to and with that '/'.
 */
static inline const struct fast_slot *fast_component(uint64_t w, const struct fast_slot *slots,
                                                     uint64_t mult, unsigned shift)
{
    uint64_t x = w ^ SLASHES;
    uint64_t slash = (x - UINT64_C(0x0101010101010101)) & ~x & UINT64_C(0x8080808080808080);
    if (CVD_UNLIKELY(slash == 0))
        return NULL; /* longer than any valid component */
    uint64_t key = w & (slash ^ (slash - 1));
    const struct fast_slot *slot = &slots[fast_hash(key, mult, shift)];
    if (CVD_UNLIKELY(atomic_load_explicit(&slot->key, memory_order_relaxed) != key))
        return NULL;
    return slot;
}

/*
 * The components of p..end, for the version whose table is given by the FAST_V* arguments; the 8
 * bytes before end are part of the input (the caller checked its length). True and *ret filled
 * if the vector is valid; false if the slow path must decide. `ordered` and the table are
 * constants at each call, so each version gets its own loop with them in registers.
 */
static inline bool parse_fast(const char *p, const char *end, bool ordered,
                              const struct cvd__cvss_spec *s, uint64_t mult, unsigned shift,
                              _Atomic int *ready, struct fast_slot *slots, struct cvd_cvss *ret)
{
    if (CVD_UNLIKELY(!atomic_load_explicit(ready, memory_order_acquire))) {
        const struct fast_table t = {s, mult, shift, ready, slots};
        fast_build(&t);
    }
    struct cvd_cvss c;
    memset(&c, 0, sizeof(c));
    c.version = s->version;
    c.nmetrics = s->nmetrics;
    /* Metric bits: their OR, and (unordered) their sum, which exceeds the OR iff some metric
     * came twice; one check at the end instead of a branch per component. */
    uint64_t seen = 0, sum = 0;
    const struct fast_slot *slot;
#define FAST_TAKE()                                                                                \
    do {                                                                                           \
        uint64_t bit = atomic_load_explicit(&slot->bit, memory_order_relaxed);                     \
        if (ordered && seen >= bit) /* this metric or a later one was already seen */              \
            return false;                                                                          \
        if (!ordered)                                                                              \
            sum += bit;                                                                            \
        seen |= bit;                                                                               \
        c.metric[atomic_load_explicit(&slot->metric, memory_order_relaxed)] =                      \
            atomic_load_explicit(&slot->value, memory_order_relaxed);                              \
    } while (0)
    /* While 8 bytes are left, a component (at most 7 bytes and its '/') is within them. */
    const char *end8 = end - 8;
    while (p <= end8) {
        if ((slot = fast_component(load8(p), slots, mult, shift)) == NULL)
            return false;
        FAST_TAKE();
        p += atomic_load_explicit(&slot->step, memory_order_relaxed);
    }
    /* The last few components: the last 8 bytes of the input, shifted so that p is at byte 0,
     * and a '/' appended after the end so the last component looks like any other. */
    for (;;) {
        size_t avail = (size_t)(end - p);
        if (avail == 0)
            return false; /* empty last component: a '/' at the end */
        uint64_t w = load8(end8) >> (8 * (8 - avail)) | (uint64_t)'/' << (8 * avail);
        if ((slot = fast_component(w, slots, mult, shift)) == NULL)
            return false;
        FAST_TAKE();
        size_t step = atomic_load_explicit(&slot->step, memory_order_relaxed);
        if (step > avail)
            break; /* the '/' was the appended one */
        p += step;
    }
#undef FAST_TAKE
    if ((seen & s->required) != s->required || (!ordered && sum != seen))
        return false;
    *ret = c;
    return true;
}
#endif

int cvd_cvss_parse(struct cvd_str vec, unsigned flags, struct cvd_cvss *ret, struct cvd_diag *diag)
{
    if (ret == NULL || (vec.ptr == NULL && vec.len > 0))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
#ifdef FAST_PATH
    if (vec.len >= 10) {
        const char *p = vec.ptr;
        const char *end = p + vec.len;
        uint64_t w = load8(p);
        /* "CVSS:3.1", "CVSS:4.0", "CVSS:3.0" as little-endian words; then '/'. */
        const uint64_t cvss = UINT64_C(0x3a53535643); /* "CVSS:" */
        const uint64_t v31 = cvss | UINT64_C(0x312e33) << 40;
        const uint64_t v40 = cvss | UINT64_C(0x302e34) << 40;
        const uint64_t v30 = cvss | UINT64_C(0x302e33) << 40;
        bool ok = false;
        if (p[8] == '/' && w == v31)
            ok = parse_fast(p + 9, end, false, &cvd__cvss_spec_v31, FAST_V3, ret);
        else if (p[8] == '/' && w == v40)
            ok = parse_fast(p + 9, end, true, &cvd__cvss_spec_v40, FAST_V4, ret);
        else if (p[8] == '/' && w == v30)
            ok = parse_fast(p + 9, end, false, &cvd__cvss_spec_v30, FAST_V3, ret);
        else if ((flags & CVD_CVSS_PARSE_V2) && (w & UINT64_C(0xffffffffff)) != cvss)
            ok = parse_fast(p, end, true, &cvd__cvss_spec_v2, FAST_V2, ret);
        if (ok)
            return 0;
    }
#endif
    return parse_slow(vec, flags, ret, diag);
}

void cvd_cvss_score(struct cvd_cvss *c)
{
    const struct cvd__cvss_spec *s = cvd__cvss_spec_of(c->version);
    if (s != NULL)
        s->score(c);
}

int cvd_cvss_eval(struct cvd_str vec, unsigned flags, struct cvd_cvss *ret, struct cvd_diag *diag)
{
    int rc = cvd_cvss_parse(vec, flags, ret, diag);
    if (rc == 0)
        cvd_cvss_score(ret);
    return rc;
}

/* ---- canonical output ---- */

static inline size_t put(char *dst, const char *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = src[i];
    return n;
}

int cvd_cvss_format(const struct cvd_cvss *c, char *out, size_t cap)
{
    /* The longest vector (v4.0, every metric set, longest values) has 178 bytes. */
    char buf[CVD_CVSS_FORMAT_MAX];
    const struct cvd__cvss_spec *s = c ? cvd__cvss_spec_of(c->version) : NULL;
    if (out == NULL || s == NULL) {
        if (out != NULL && cap > 0)
            out[0] = '\0';
        return CVD_EINVAL;
    }
    /* Write straight into out when it is surely large enough, else into buf and copy. */
    char *dst = cap >= CVD_CVSS_FORMAT_MAX ? out : buf;
    size_t n = put(dst, s->prefix, s->prefix_len);
    bool first = true;
    for (unsigned i = 0; i < s->nmetrics; i++) {
        const struct cvd__cvss_metric *m = &s->metrics[i];
        unsigned j = c->metric[i];
        if (j >= m->nvalues) {
            if (cap > 0)
                out[0] = '\0';
            return CVD_EINVAL;
        }
        if (m->group != CVD__CVSS_BASE && j == 0)
            continue;
        const struct cvd__cvss_value *v = &m->values[j];
        if (!first)
            dst[n++] = '/';
        first = false;
        n += put(dst + n, m->name, m->len);
        dst[n++] = ':';
        n += put(dst + n, v->s, v->len);
    }
    if (n + 1 > cap) {
        if (cap > 0)
            out[0] = '\0';
        return CVD_ELIMIT;
    }
    if (dst != out)
        memcpy(out, dst, n);
    out[n] = '\0';
    return (int)n;
}
