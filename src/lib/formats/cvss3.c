/* CVSS v3.0 and v3.1: metric tables and the spec equations.
 *
 * v3.x scores are defined by double-precision equations (the FIRST calculators are the
 * reference), so this file computes exactly those, in the same order, and rounds with the
 * version's Roundup. It must be built without -ffast-math and without FMA contraction (C11 mode,
 * which the build uses, does not contract). Results are integer tenths.
 *
 * Differences between the versions:
 *   - Roundup: v3.1 uses Appendix A (round to 5 decimals first, then up to one decimal), v3.0
 *     plain ceil(x * 10) / 10.
 *   - Modified impact, scope changed: v3.1 7.52*(M-0.029) - 3.25*(M*0.9731-0.02)^13,
 *     v3.0 7.52*(M-0.029) - 3.25*(M-0.02)^15. */
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "cvss-int.h"

/* Metric indices, table order (spec v3.1 Table 15). */
enum {
    AV,
    AC,
    PR,
    UI,
    S,
    C,
    I,
    A,
    E,
    RL,
    RC,
    CR,
    IR,
    AR,
    MAV,
    MAC,
    MPR,
    MUI,
    MS,
    MC,
    MI,
    MA,
    NMETRICS
};

#define B  CVD__CVSS_BASE
#define T  CVD__CVSS_TEMPORAL
#define EN CVD__CVSS_ENV

static const struct cvd__cvss_metric metrics[NMETRICS] = {
    [AV] = {"AV", 2, B, 4, {CVD__V("N"), CVD__V("A"), CVD__V("L"), CVD__V("P")}},
    [AC] = {"AC", 2, B, 2, {CVD__V("L"), CVD__V("H")}},
    [PR] = {"PR", 2, B, 3, {CVD__V("N"), CVD__V("L"), CVD__V("H")}},
    [UI] = {"UI", 2, B, 2, {CVD__V("N"), CVD__V("R")}},
    [S] = {"S", 1, B, 2, {CVD__V("U"), CVD__V("C")}},
    [C] = {"C", 1, B, 3, {CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [I] = {"I", 1, B, 3, {CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [A] = {"A", 1, B, 3, {CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [E] = {"E", 1, T, 5, {CVD__V("X"), CVD__V("H"), CVD__V("F"), CVD__V("P"), CVD__V("U")}},
    [RL] = {"RL", 2, T, 5, {CVD__V("X"), CVD__V("U"), CVD__V("W"), CVD__V("T"), CVD__V("O")}},
    [RC] = {"RC", 2, T, 4, {CVD__V("X"), CVD__V("C"), CVD__V("R"), CVD__V("U")}},
    [CR] = {"CR", 2, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("M"), CVD__V("L")}},
    [IR] = {"IR", 2, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("M"), CVD__V("L")}},
    [AR] = {"AR", 2, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("M"), CVD__V("L")}},
    [MAV] = {"MAV", 3, EN, 5, {CVD__V("X"), CVD__V("N"), CVD__V("A"), CVD__V("L"), CVD__V("P")}},
    [MAC] = {"MAC", 3, EN, 3, {CVD__V("X"), CVD__V("L"), CVD__V("H")}},
    [MPR] = {"MPR", 3, EN, 4, {CVD__V("X"), CVD__V("N"), CVD__V("L"), CVD__V("H")}},
    [MUI] = {"MUI", 3, EN, 3, {CVD__V("X"), CVD__V("N"), CVD__V("R")}},
    [MS] = {"MS", 2, EN, 3, {CVD__V("X"), CVD__V("U"), CVD__V("C")}},
    [MC] = {"MC", 2, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [MI] = {"MI", 2, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [MA] = {"MA", 2, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("L"), CVD__V("N")}},
};

#undef B
#undef T
#undef EN

/* Weights, indexed like the values above. */
static const double w_av[] = {0.85, 0.62, 0.55, 0.2};
static const double w_ac[] = {0.77, 0.44};
static const double w_pr_u[] = {0.85, 0.62, 0.27};
static const double w_pr_c[] = {0.85, 0.68, 0.5};
static const double w_ui[] = {0.85, 0.62};
static const double w_cia[] = {0.56, 0.22, 0};
static const double w_e[] = {1, 1, 0.97, 0.94, 0.91};
static const double w_rl[] = {1, 1, 0.97, 0.96, 0.95};
static const double w_rc[] = {1, 1, 0.96, 0.92};
static const double w_req[] = {1, 1.5, 1, 0.5};

/* v3.1 Appendix A: round to 5 decimals as an integer first, so 4.000000000000001 gives 4.0. */
static int roundup31(double x)
{
    long long i = llround(x * 100000.0);
    if (i % 10000 == 0)
        return (int)(i / 10000);
    return (int)(i / 10000 + 1);
}

/* v3.0: the smallest one-decimal number not below x, computed as the 3.0 calculator does. */
static int roundup30(double x)
{
    return (int)ceil(x * 10);
}

/* Base score in tenths from the 8 base metric values: the spec's equations. */
static int base_eq(unsigned av, unsigned ac, unsigned pr, unsigned ui, unsigned sc, unsigned ci,
                   unsigned ii, unsigned ai, bool v31)
{
    int (*roundup)(double) = v31 ? roundup31 : roundup30;
    bool changed = sc == 1;
    double iss = 1 - ((1 - w_cia[ci]) * (1 - w_cia[ii]) * (1 - w_cia[ai]));
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
    double expl = 8.22 * w_av[av] * w_ac[ac] * (changed ? w_pr_c : w_pr_u)[pr] * w_ui[ui];
    if (impact <= 0)
        return 0;
    if (changed)
        return roundup(fmin(1.08 * (impact + expl), 10));
    return roundup(fmin(impact + expl, 10));
}

/*
 * The environmental score before the temporal multipliers, Roundup(min(..., 10)), from the
 * effective modified metrics and the requirements; -1 when the modified impact is <= 0 (the
 * environmental score is then 0).
 */
static int env_inner_eq(const unsigned *k, bool v31)
{
    enum { KAV, KAC, KPR, KUI, KS, KC, KI, KA, KCR, KIR, KAR };
    int (*roundup)(double) = v31 ? roundup31 : roundup30;
    bool mchanged = k[KS] == 1;
    double miss =
        fmin(1 - ((1 - w_cia[k[KC]] * w_req[k[KCR]]) * (1 - w_cia[k[KI]] * w_req[k[KIR]]) *
                  (1 - w_cia[k[KA]] * w_req[k[KAR]])),
             0.915);
    double mimpact;
    if (!mchanged)
        mimpact = 6.42 * miss;
    else if (v31)
        mimpact = 7.52 * (miss - 0.029) - 3.25 * pow(miss * 0.9731 - 0.02, 13);
    else
        mimpact = 7.52 * (miss - 0.029) - 3.25 * pow(miss - 0.02, 15);
    double mexpl =
        8.22 * w_av[k[KAV]] * w_ac[k[KAC]] * (mchanged ? w_pr_c : w_pr_u)[k[KPR]] * w_ui[k[KUI]];
    if (mimpact <= 0)
        return -1;
    return mchanged ? roundup(fmin(1.08 * (mimpact + mexpl), 10))
                    : roundup(fmin(mimpact + mexpl, 10));
}

/*
 * Exact memo of the two expensive, pure parts (they call pow): the base score has 2,592 possible
 * inputs, the environmental inner score 165,888. An entry holds result + 2 (0: not computed yet)
 * and is filled on first use with the very same double computation, so results never differ
 * from computing afresh. Relaxed atomics make concurrent first uses benign: every thread
 * computes and stores the same byte. 2 x (2,592 + 165,888) bytes of BSS; no allocation.
 */
#define NBASE 2592u
#define NENV  165888u
static _Atomic uint8_t base_memo[2][NBASE];
static _Atomic uint8_t env_memo[2][NENV];

static int base_cached(const uint8_t *m, bool v31)
{
    unsigned key =
        ((((((m[AV] * 2u + m[AC]) * 3u + m[PR]) * 2u + m[UI]) * 2u + m[S]) * 3u + m[C]) * 3u +
         m[I]) *
            3u +
        m[A];
    _Atomic uint8_t *slot = &base_memo[v31][key];
    unsigned v = atomic_load_explicit(slot, memory_order_relaxed);
    if (CVD_LIKELY(v != 0))
        return (int)v - 2;
    int r = base_eq(m[AV], m[AC], m[PR], m[UI], m[S], m[C], m[I], m[A], v31);
    atomic_store_explicit(slot, (uint8_t)(r + 2), memory_order_relaxed);
    return r;
}

static int env_inner_cached(const unsigned *k, bool v31)
{
    static const unsigned radix[11] = {4, 2, 3, 2, 2, 3, 3, 3, 4, 4, 4};
    unsigned key = 0;
    for (unsigned i = 0; i < 11; i++)
        key = key * radix[i] + k[i];
    _Atomic uint8_t *slot = &env_memo[v31][key];
    unsigned v = atomic_load_explicit(slot, memory_order_relaxed);
    if (CVD_LIKELY(v != 0))
        return (int)v - 2;
    int r = env_inner_eq(k, v31);
    atomic_store_explicit(slot, (uint8_t)(r + 2), memory_order_relaxed);
    return r;
}

/*
 * Roundup(x / 10.0 * E * RL * RC), the temporal step applied to the rounded base score and to
 * the rounded environmental inner score, for x = 0..100 tenths and the 100 combinations of E, RL
 * and RC: memoised like the above (result + 1, 0: not computed yet), 2 x 10,100 bytes. It is the
 * only part left that rounds (llround), so scoring needs no libm call once warm.
 */
#define NTRC 100u
static _Atomic uint8_t trc_memo[2][NTRC][101];

static int trc_eq(int x, const uint8_t *m, bool v31)
{
    int (*roundup)(double) = v31 ? roundup31 : roundup30;
    return roundup(x / 10.0 * w_e[m[E]] * w_rl[m[RL]] * w_rc[m[RC]]);
}

/* row: trc_memo[v31][the E, RL, RC combination of m]. */
static inline int trc_cached(_Atomic uint8_t *row, int x, const uint8_t *m, bool v31)
{
    unsigned v = atomic_load_explicit(&row[x], memory_order_relaxed);
    if (CVD_LIKELY(v != 0))
        return (int)v - 1;
    int r = trc_eq(x, m, v31);
    atomic_store_explicit(&row[x], (uint8_t)(r + 1), memory_order_relaxed);
    return r;
}

static inline unsigned eff(const struct cvd_cvss *c, unsigned base, unsigned mod)
{
    return c->metric[mod] ? (unsigned)c->metric[mod] - 1 : c->metric[base];
}

static void score3(struct cvd_cvss *c, bool v31)
{
    const uint8_t *m = c->metric;

    int base = base_cached(m, v31);

    /* Temporal, from the rounded base. */
    _Atomic uint8_t *trc = trc_memo[v31][(m[E] * 5u + m[RL]) * 4u + m[RC]];
    int temporal = trc_cached(trc, base, m, v31);

    /* Environmental: modified metrics fall back to the base ones, MPR's weight follows MS. */
    unsigned k[11] = {
        eff(c, AV, MAV), eff(c, AC, MAC), eff(c, PR, MPR), eff(c, UI, MUI),
        eff(c, S, MS),   eff(c, C, MC),   eff(c, I, MI),   eff(c, A, MA),
        m[CR],           m[IR],           m[AR],
    };
    int inner = env_inner_cached(k, v31);
    int env = inner < 0 ? 0 : trc_cached(trc, inner, m, v31);

    c->base = (int16_t)base;
    c->temporal = (int16_t)temporal;
    c->environmental = (int16_t)env;
    /* Any of E..RC, any of CR..MA (11 bytes: two overlapping 8-byte loads) not X. */
    c->has_temporal = (m[E] | m[RL] | m[RC]) != 0;
    uint64_t env_lo, env_hi;
    memcpy(&env_lo, m + CR, 8);
    memcpy(&env_hi, m + MA + 1 - 8, 8);
    c->has_environmental = (env_lo | env_hi) != 0;
    c->score = c->has_environmental ? c->environmental : c->has_temporal ? c->temporal : c->base;
    c->nomenclature = CVD_CVSS_NOM_B;
    c->macrovector[0] = '\0';
}

static void score30(struct cvd_cvss *c)
{
    score3(c, false);
}

static void score31(struct cvd_cvss *c)
{
    score3(c, true);
}

const struct cvd__cvss_spec cvd__cvss_spec_v30 = {
    CVD_CVSS_V30, "CVSS:3.0/", 9, false, NMETRICS, metrics, score30, 0xff,
};

const struct cvd__cvss_spec cvd__cvss_spec_v31 = {
    CVD_CVSS_V31, "CVSS:3.1/", 9, false, NMETRICS, metrics, score31, 0xff,
};
