/* CVSS v2.0 (the FIRST "Complete Guide to the CVSS Version 2", section 3.2), for importing old
 * data. The vector has no prefix and its metrics come in the guide's order: base (AV AC Au C I A),
 * then temporal (E RL RC), then environmental (CDP TD CR IR AR); every temporal and environmental
 * metric is optional and "ND" (not defined) may be written out.
 *
 * The guide's round_to_1_decimal is round half up on the exact decimal value. Doubles can land a
 * hair below an exact tie (x.x5 computed as x.x4999999999), so rounding adds 1e-9 first: far below
 * any real difference between scores, far above the error of a dozen double operations. */
#include <math.h>

#include "cvss-int.h"

enum { AV, AC, AU, C, I, A, E, RL, RC, CDP, TD, CR, IR, AR, NMETRICS };

#define B  CVD__CVSS_BASE
#define T  CVD__CVSS_TEMPORAL
#define EN CVD__CVSS_ENV

static const struct cvd__cvss_metric metrics[NMETRICS] = {
    [AV] = {"AV", 2, B, 3, {CVD__V("L"), CVD__V("A"), CVD__V("N")}},
    [AC] = {"AC", 2, B, 3, {CVD__V("H"), CVD__V("M"), CVD__V("L")}},
    [AU] = {"Au", 2, B, 3, {CVD__V("M"), CVD__V("S"), CVD__V("N")}},
    [C] = {"C", 1, B, 3, {CVD__V("N"), CVD__V("P"), CVD__V("C")}},
    [I] = {"I", 1, B, 3, {CVD__V("N"), CVD__V("P"), CVD__V("C")}},
    [A] = {"A", 1, B, 3, {CVD__V("N"), CVD__V("P"), CVD__V("C")}},
    [E] = {"E", 1, T, 5, {CVD__V("ND"), CVD__V("U"), CVD__V("POC"), CVD__V("F"), CVD__V("H")}},
    [RL] = {"RL", 2, T, 5, {CVD__V("ND"), CVD__V("OF"), CVD__V("TF"), CVD__V("W"), CVD__V("U")}},
    [RC] = {"RC", 2, T, 4, {CVD__V("ND"), CVD__V("UC"), CVD__V("UR"), CVD__V("C")}},
    [CDP] = {"CDP",
             3,
             EN,
             6,
             {CVD__V("ND"), CVD__V("N"), CVD__V("L"), CVD__V("LM"), CVD__V("MH"), CVD__V("H")}},
    [TD] = {"TD", 2, EN, 5, {CVD__V("ND"), CVD__V("N"), CVD__V("L"), CVD__V("M"), CVD__V("H")}},
    [CR] = {"CR", 2, EN, 4, {CVD__V("ND"), CVD__V("L"), CVD__V("M"), CVD__V("H")}},
    [IR] = {"IR", 2, EN, 4, {CVD__V("ND"), CVD__V("L"), CVD__V("M"), CVD__V("H")}},
    [AR] = {"AR", 2, EN, 4, {CVD__V("ND"), CVD__V("L"), CVD__V("M"), CVD__V("H")}},
};

#undef B
#undef T
#undef EN

static const double w_av[] = {0.395, 0.646, 1.0};
static const double w_ac[] = {0.35, 0.61, 0.71};
static const double w_au[] = {0.45, 0.56, 0.704};
static const double w_cia[] = {0, 0.275, 0.660};
static const double w_e[] = {1, 0.85, 0.9, 0.95, 1};
static const double w_rl[] = {1, 0.87, 0.90, 0.95, 1};
static const double w_rc[] = {1, 0.90, 0.95, 1};
static const double w_cdp[] = {0, 0, 0.1, 0.3, 0.4, 0.5};
static const double w_td[] = {1, 0, 0.25, 0.75, 1};
static const double w_req[] = {1, 0.5, 1, 1.51};

static int round1(double x)
{
    double r = floor(x * 10 + 0.5 + 1e-9);
    return r <= 0 ? 0 : (int)r;
}

static int base_eq(double impact, double expl)
{
    double f = impact == 0 ? 0 : 1.176;
    return round1(((0.6 * impact) + (0.4 * expl) - 1.5) * f);
}

static void score2(struct cvd_cvss *c)
{
    const uint8_t *m = c->metric;
    double ci = w_cia[m[C]];
    double ii = w_cia[m[I]];
    double ai = w_cia[m[A]];
    double impact = 10.41 * (1 - (1 - ci) * (1 - ii) * (1 - ai));
    double expl = 20 * w_av[m[AV]] * w_ac[m[AC]] * w_au[m[AU]];
    int base = base_eq(impact, expl);
    double e = w_e[m[E]];
    double rl = w_rl[m[RL]];
    double rc = w_rc[m[RC]];
    int temporal = round1(base / 10.0 * e * rl * rc);

    double adj_impact = fmin(10, 10.41 * (1 - (1 - ci * w_req[m[CR]]) * (1 - ii * w_req[m[IR]]) *
                                                  (1 - ai * w_req[m[AR]])));
    int adj_base = base_eq(adj_impact, expl);
    int adj_temporal = round1(adj_base / 10.0 * e * rl * rc);
    double at = adj_temporal / 10.0;
    int env = round1((at + (10 - at) * w_cdp[m[CDP]]) * w_td[m[TD]]);

    c->base = (int16_t)base;
    c->temporal = (int16_t)temporal;
    c->environmental = (int16_t)env;
    c->has_temporal = m[E] || m[RL] || m[RC];
    c->has_environmental = m[CDP] || m[TD] || m[CR] || m[IR] || m[AR];
    c->score = c->has_environmental ? c->environmental : c->has_temporal ? c->temporal : c->base;
    c->nomenclature = CVD_CVSS_NOM_B;
    c->macrovector[0] = '\0';
}

const struct cvd__cvss_spec cvd__cvss_spec_v2 = {
    CVD_CVSS_V2, "", 0, true, NMETRICS, metrics, score2, 0x3f,
};
