/* CVSS v4.0: metric table (spec Table 23 order) and the MacroVector interpolation of spec section
 * 8.2, in integer arithmetic only.
 *
 * Every quantity of the v4.0 score is rational: MacroVector scores are tenths, distances are
 * whole steps of 0.1 and depths whole steps. With L = 840 = lcm(1, 2, 4, 5, 6, 7, 8, 10) (all
 * depths divide it) the score in tenths is (value * L * n - sum(A_i * c_i * L / depth_i)) / (L *
 * n), and (2P + Q) / (2Q) rounds that half up exactly. Binary floating point gets 8.55 wrong (it
 * sees 8.549999...), which is the rounding bug the reference calculators have had. */

#include <stdatomic.h>
#include <string.h>

#include "cvss-int.h"
#include "cvss4-tables.h"

enum {
    AV,
    AC,
    AT,
    PR,
    UI,
    VC,
    VI,
    VA,
    SC,
    SI,
    SA,
    E,
    CR,
    IR,
    AR,
    MAV,
    MAC,
    MAT,
    MPR,
    MUI,
    MVC,
    MVI,
    MVA,
    MSC,
    MSI,
    MSA,
    S,
    AU,
    R,
    V,
    RE,
    U,
    NMETRICS
};

#define B  CVD__CVSS_BASE
#define T  CVD__CVSS_TEMPORAL
#define EN CVD__CVSS_ENV
#define SU CVD__CVSS_SUPP

/* Value order gives the "level" of the spec (steps of 0.1) directly for AV..VA; modified metrics
 * have X first and then the base metric's values; MSI/MSA add S (Safety) last. */
static const struct cvd__cvss_metric metrics[NMETRICS] = {
    [AV] = {"AV", 2, B, 4, {CVD__V("N"), CVD__V("A"), CVD__V("L"), CVD__V("P")}},
    [AC] = {"AC", 2, B, 2, {CVD__V("L"), CVD__V("H")}},
    [AT] = {"AT", 2, B, 2, {CVD__V("N"), CVD__V("P")}},
    [PR] = {"PR", 2, B, 3, {CVD__V("N"), CVD__V("L"), CVD__V("H")}},
    [UI] = {"UI", 2, B, 3, {CVD__V("N"), CVD__V("P"), CVD__V("A")}},
    [VC] = {"VC", 2, B, 3, {CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [VI] = {"VI", 2, B, 3, {CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [VA] = {"VA", 2, B, 3, {CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [SC] = {"SC", 2, B, 3, {CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [SI] = {"SI", 2, B, 3, {CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [SA] = {"SA", 2, B, 3, {CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [E] = {"E", 1, T, 4, {CVD__V("X"), CVD__V("A"), CVD__V("P"), CVD__V("U")}},
    [CR] = {"CR", 2, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("M"), CVD__V("L")}},
    [IR] = {"IR", 2, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("M"), CVD__V("L")}},
    [AR] = {"AR", 2, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("M"), CVD__V("L")}},
    [MAV] = {"MAV", 3, EN, 5, {CVD__V("X"), CVD__V("N"), CVD__V("A"), CVD__V("L"), CVD__V("P")}},
    [MAC] = {"MAC", 3, EN, 3, {CVD__V("X"), CVD__V("L"), CVD__V("H")}},
    [MAT] = {"MAT", 3, EN, 3, {CVD__V("X"), CVD__V("N"), CVD__V("P")}},
    [MPR] = {"MPR", 3, EN, 4, {CVD__V("X"), CVD__V("N"), CVD__V("L"), CVD__V("H")}},
    [MUI] = {"MUI", 3, EN, 4, {CVD__V("X"), CVD__V("N"), CVD__V("P"), CVD__V("A")}},
    [MVC] = {"MVC", 3, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [MVI] = {"MVI", 3, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [MVA] = {"MVA", 3, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [MSC] = {"MSC", 3, EN, 4, {CVD__V("X"), CVD__V("H"), CVD__V("L"), CVD__V("N")}},
    [MSI] = {"MSI", 3, EN, 5, {CVD__V("X"), CVD__V("H"), CVD__V("L"), CVD__V("N"), CVD__V("S")}},
    [MSA] = {"MSA", 3, EN, 5, {CVD__V("X"), CVD__V("H"), CVD__V("L"), CVD__V("N"), CVD__V("S")}},
    [S] = {"S", 1, SU, 3, {CVD__V("X"), CVD__V("N"), CVD__V("P")}},
    [AU] = {"AU", 2, SU, 3, {CVD__V("X"), CVD__V("N"), CVD__V("Y")}},
    [R] = {"R", 1, SU, 4, {CVD__V("X"), CVD__V("A"), CVD__V("U"), CVD__V("I")}},
    [V] = {"V", 1, SU, 3, {CVD__V("X"), CVD__V("D"), CVD__V("C")}},
    [RE] = {"RE", 2, SU, 4, {CVD__V("X"), CVD__V("L"), CVD__V("M"), CVD__V("H")}},
    [U] = {"U",
           1,
           SU,
           5,
           {CVD__V("X"), CVD__V("Clear"), CVD__V("Green"), CVD__V("Amber"), CVD__V("Red")}},
};

#undef B
#undef T
#undef EN
#undef SU

#define MSI_S 4 /* index of "S" in MSI/MSA */
#define LCM   840

/* Effective level of a base metric: the modified value if given, else the base value. */
static inline int lev(const uint8_t *m, unsigned base, unsigned mod)
{
    return m[mod] ? m[mod] - 1 : m[base];
}

/* Subsequent-system levels: H 1, L 2, N 3, and S (Safety, MSI/MSA only) 0. */
static inline int lev_sub(const uint8_t *m, unsigned base, unsigned mod)
{
    if (m[mod] == MSI_S)
        return 0;
    return m[mod] ? m[mod] : m[base] + 1;
}

/* Requirements: X means H; H 0, M 1, L 2. */
static inline int lev_req(const uint8_t *m, unsigned i)
{
    return m[i] ? m[i] - 1 : 0;
}

/*
 * Distance (in steps) from the first highest-severity candidate of this EQ level that the vector
 * does not exceed in any metric. The candidates of all EQs combine as a Cartesian product that
 * is searched in order, and each EQ constrains only its own metrics, so the first combined
 * candidate is made of the first candidate of each EQ.
 */
static int distance(const struct cvd__cvss4_cands *cands, const int *lv, unsigned n)
{
    for (unsigned k = 0; k < cands->n; k++) {
        int sum = 0;
        unsigned i;
        for (i = 0; i < n; i++) {
            int d = lv[i] - cands->lev[k][i];
            if (d < 0)
                break;
            sum += d;
        }
        if (i == n)
            return sum;
    }
    return 0; /* not reached with the published tables */
}

static inline int macro(unsigned e1, unsigned e2, unsigned e3, unsigned e4, unsigned e5,
                        unsigned e6)
{
    return cvd__cvss4_macro_score[cvd__cvss4_macro_index(e1, e2, e3, e4, e5, e6)];
}

/* Effective levels of the 14 metrics the interpolation measures. */
struct levels {
    int av, ac, at, pr, ui, vc, vi, va, sc, si, sa, cr, ir, ar;
};

/*
 * Each EQ (EQ3 and EQ6 together) depends only on its own metrics, and so does the distance of
 * the vector to that EQ level's highest-severity candidates. So the pair is a pure function of at
 * most 6 effective levels, memoised per group on first use (relaxed atomics: concurrent first
 * uses store the same value), which replaces the EQ conditions and the candidate searches per
 * vector by four table loads. The group functions below are the spec's definitions.
 *
 * A memo entry: bit 15 set when computed, bits 0-3 the distance (at most 12), bits 4-5 the EQ
 * level, bit 6 EQ6, bit 7 "no impact" in the group's metrics (for the 0.0 rule).
 */
#define G_DONE    0x8000u
#define G_DIST(g) ((g)&15u)
#define G_EQ(g)   (((g) >> 4) & 3u)
#define G_EQ6(g)  (((g) >> 6) & 1u)
#define G_NONE    0x80u

static unsigned group_eq1(int av, int pr, int ui)
{
    unsigned eq1 = (av == 0 && pr == 0 && ui == 0)                ? 0
                   : ((av == 0 || pr == 0 || ui == 0) && av != 3) ? 1
                                                                  : 2;
    int lv[3] = {av, pr, ui};
    return (unsigned)distance(&cvd__cvss4_eq1[eq1], lv, 3) | eq1 << 4;
}

static unsigned group_eq2(int ac, int at)
{
    unsigned eq2 = (ac == 0 && at == 0) ? 0 : 1;
    int lv[2] = {ac, at};
    return (unsigned)distance(&cvd__cvss4_eq2[eq2], lv, 2) | eq2 << 4;
}

static unsigned group_eq3eq6(int vc, int vi, int va, int cr, int ir, int ar)
{
    unsigned eq3 = (vc == 0 && vi == 0) ? 0 : (vc == 0 || vi == 0 || va == 0) ? 1 : 2;
    unsigned eq6 = ((cr == 0 && vc == 0) || (ir == 0 && vi == 0) || (ar == 0 && va == 0)) ? 0 : 1;
    int lv[6] = {vc, vi, va, cr, ir, ar};
    unsigned none = vc == 2 && vi == 2 && va == 2 ? G_NONE : 0;
    return (unsigned)distance(&cvd__cvss4_eq3eq6[eq3 * 2 + eq6], lv, 6) | eq3 << 4 | eq6 << 6 |
           none;
}

static unsigned group_eq4(int sc, int si, int sa)
{
    unsigned eq4 = (si == 0 || sa == 0) ? 0 : (sc == 1 || si == 1 || sa == 1) ? 1 : 2;
    int lv[3] = {sc, si, sa};
    unsigned none = sc == 3 && si == 3 && sa == 3 ? G_NONE : 0;
    return (unsigned)distance(&cvd__cvss4_eq4[eq4], lv, 3) | eq4 << 4 | none;
}

/* Level ranges: av 0..3, pr ui 0..2; ac at 0..1; vc vi va cr ir ar 0..2; sc 1..3, si sa 0..3. */
static _Atomic uint16_t memo_eq1[4 * 3 * 3];
static _Atomic uint16_t memo_eq2[2 * 2];
static _Atomic uint16_t memo_eq3eq6[3 * 3 * 3 * 3 * 3 * 3];
static _Atomic uint16_t memo_eq4[3 * 4 * 4];

#define MEMO(slot, expr)                                                                           \
    do {                                                                                           \
        g = atomic_load_explicit(slot, memory_order_relaxed);                                      \
        if (CVD_UNLIKELY(g == 0)) {                                                                \
            g = (expr) | G_DONE;                                                                   \
            atomic_store_explicit(slot, (uint16_t)g, memory_order_relaxed);                        \
        }                                                                                          \
    } while (0)

/* Score in tenths of a vector with some impact, by interpolation inside its MacroVector; dist[i]
 * is the distance of EQ1, EQ2, EQ3+EQ6 and EQ4 inside its level. */
static int interpolate(const unsigned eq[6], const int dist[4])
{
    unsigned eq1 = eq[0], eq2 = eq[1], eq3 = eq[2], eq4 = eq[3], eq5 = eq[4], eq6 = eq[5];
    int value = macro(eq1, eq2, eq3, eq4, eq5, eq6);
    int n = 0;
    int64_t num = 0;
    int lower;

    if (eq1 < 2 && (lower = macro(eq1 + 1, eq2, eq3, eq4, eq5, eq6)) >= 0) {
        num += (int64_t)(value - lower) * dist[0] * (LCM / cvd__cvss4_depth_eq1[eq1]);
        n++;
    }
    if (eq2 < 1 && (lower = macro(eq1, eq2 + 1, eq3, eq4, eq5, eq6)) >= 0) {
        num += (int64_t)(value - lower) * dist[1] * (LCM / cvd__cvss4_depth_eq2[eq2]);
        n++;
    }
    /* EQ3 and EQ6 step down together: 00 -> the higher of 01 and 10; 01, 10 -> 11; 11 -> 21. */
    if (eq3 == 0 && eq6 == 0) {
        int left = macro(eq1, eq2, 0, eq4, eq5, 1);
        int right = macro(eq1, eq2, 1, eq4, eq5, 0);
        lower = left > right ? left : right;
    } else if (eq3 == 2) {
        lower = -1;
    } else if (eq3 == 1 && eq6 == 1) {
        lower = macro(eq1, eq2, 2, eq4, eq5, 1);
    } else {
        lower = macro(eq1, eq2, 1, eq4, eq5, 1);
    }
    if (lower >= 0) {
        unsigned k = eq3 * 2 + eq6;
        num += (int64_t)(value - lower) * dist[2] * (LCM / cvd__cvss4_depth_eq3eq6[k]);
        n++;
    }
    if (eq4 < 2 && (lower = macro(eq1, eq2, eq3, eq4 + 1, eq5, eq6)) >= 0) {
        num += (int64_t)(value - lower) * dist[3] * (LCM / cvd__cvss4_depth_eq4[eq4]);
        n++;
    }
    /* EQ5 has no distance inside a MacroVector, but still counts in the mean. */
    if (eq5 < 2 && macro(eq1, eq2, eq3, eq4, eq5 + 1, eq6) >= 0)
        n++;

    if (n == 0)
        return value;
    int64_t q = (int64_t)LCM * n;
    int64_t p = (int64_t)value * q - num;
    if (p < 0)
        p = 0;
    int64_t score = (2 * p + q) / (2 * q); /* round half up, exactly */
    return score > 100 ? 100 : (int)score;
}

static void score4(struct cvd_cvss *c)
{
    const uint8_t *m = c->metric;
    struct levels l = {
        .av = lev(m, AV, MAV),
        .ac = lev(m, AC, MAC),
        .at = lev(m, AT, MAT),
        .pr = lev(m, PR, MPR),
        .ui = lev(m, UI, MUI),
        .vc = lev(m, VC, MVC),
        .vi = lev(m, VI, MVI),
        .va = lev(m, VA, MVA),
        .sc = m[MSC] ? m[MSC] : m[SC] + 1,
        .si = lev_sub(m, SI, MSI),
        .sa = lev_sub(m, SA, MSA),
        .cr = lev_req(m, CR),
        .ir = lev_req(m, IR),
        .ar = lev_req(m, AR),
    };
    unsigned g;
    unsigned eq[6];
    int dist[4];
    MEMO(&memo_eq1[(l.av * 3 + l.pr) * 3 + l.ui], group_eq1(l.av, l.pr, l.ui));
    eq[0] = G_EQ(g);
    dist[0] = (int)G_DIST(g);
    MEMO(&memo_eq2[l.ac * 2 + l.at], group_eq2(l.ac, l.at));
    eq[1] = G_EQ(g);
    dist[1] = (int)G_DIST(g);
    MEMO(&memo_eq3eq6[((((l.vc * 3 + l.vi) * 3 + l.va) * 3 + l.cr) * 3 + l.ir) * 3 + l.ar],
         group_eq3eq6(l.vc, l.vi, l.va, l.cr, l.ir, l.ar));
    eq[2] = G_EQ(g);
    eq[5] = G_EQ6(g);
    dist[2] = (int)G_DIST(g);
    bool none = (g & G_NONE) != 0;
    MEMO(&memo_eq4[((l.sc - 1) * 4 + l.si) * 4 + l.sa], group_eq4(l.sc, l.si, l.sa));
    eq[3] = G_EQ(g);
    dist[3] = (int)G_DIST(g);
    none = none && (g & G_NONE) != 0;
    eq[4] = m[E] ? (unsigned)m[E] - 1 : 0; /* X means A, the worst case */
    for (unsigned i = 0; i < 6; i++)
        c->macrovector[i] = (char)('0' + eq[i]);
    c->macrovector[6] = '\0';

    bool threat = m[E] != 0;
    /* Any of CR..MSA (14 bytes: two overlapping 8-byte loads) not X. */
    uint64_t env_lo, env_hi;
    memcpy(&env_lo, m + CR, 8);
    memcpy(&env_hi, m + MSA + 1 - 8, 8);
    bool env = (env_lo | env_hi) != 0;
    c->has_temporal = threat;
    c->has_environmental = env;
    c->nomenclature = (enum cvd_cvss_nomenclature)((threat ? 1 : 0) | (env ? 2 : 0));

    /* No impact at all (effective values) scores 0.0 whatever the MacroVector says. */
    int score = none ? 0 : interpolate(eq, dist);
    c->score = (int16_t)score;
    c->base = (int16_t)score;
    c->temporal = (int16_t)score;
    c->environmental = (int16_t)score;
}

const struct cvd__cvss_spec cvd__cvss_spec_v40 = {
    CVD_CVSS_V40, "CVSS:4.0/", 9, true, NMETRICS, metrics, score4, 0x7ff,
};
