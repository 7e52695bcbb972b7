/* The TLP 2.0 access policy (standards.md §3.4). Every read of a labelled item is decided by
 * cvd_tlp_may_read and nowhere else; the rules are written as one case per label so that each
 * row of the rule table can be read off the code. */
#include "cvd/tlp.h"

static bool has(const int64_t *ids, size_t n, int64_t id)
{
    if (id <= 0 || ids == NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (ids[i] == id)
            return true;
    }
    return false;
}

static bool excluded(const struct cvd_tlp_item *it, int64_t org)
{
    return has(it->excluded_orgs, it->n_excluded_orgs, org);
}

/* Is the reader on the case team of one of these organisations (and not excluded)? The
 * source organisation always counts as part of the audience. */
static bool on_team_of(const struct cvd_tlp_reader *r, const struct cvd_tlp_item *it,
                       const int64_t *orgs, size_t n, bool with_source_org)
{
    for (size_t i = 0; i < r->n_team_orgs; i++) {
        int64_t org = r->team_orgs[i];
        if (excluded(it, org))
            continue;
        if (has(orgs, n, org) || (with_source_org && org == it->source_org && org > 0))
            return true;
    }
    return false;
}

static bool on_any_team(const struct cvd_tlp_reader *r, const struct cvd_tlp_item *it)
{
    for (size_t i = 0; i < r->n_team_orgs; i++) {
        if (r->team_orgs[i] > 0 && !excluded(it, r->team_orgs[i]))
            return true;
    }
    return false;
}

static bool may_read(const struct cvd_tlp_reader *r, const struct cvd_tlp_item *it)
{
    if (it->label == CVD_TLP_CLEAR)
        return true;
    if (r->user_id <= 0)
        return false; /* anonymous: CLEAR only */
    if (r->user_id == it->source_user)
        return true; /* the author reads what it wrote, whatever the label */
    switch (it->label) {
    case CVD_TLP_GREEN:
        /* The community, and the case's participants (who may not be vetted members). */
        return r->community || on_team_of(r, it, it->audience_orgs, it->n_audience_orgs, true);
    case CVD_TLP_AMBER:
        return on_team_of(r, it, it->audience_orgs, it->n_audience_orgs, true) ||
               on_team_of(r, it, it->client_orgs, it->n_client_orgs, false);
    case CVD_TLP_AMBER_STRICT:
        return on_team_of(r, it, it->audience_orgs, it->n_audience_orgs, true);
    case CVD_TLP_RED:
        /* Named individuals only: not their colleagues, not their organisation; and only
         * while they are on an engaged participant's case team (TLP-R08). */
        return has(it->audience_users, it->n_audience_users, r->user_id) && on_any_team(r, it);
    case CVD_TLP_CLEAR:
        return true;
    }
    return false; /* an out-of-range label: fail closed */
}

enum cvd_tlp_decision cvd_tlp_org_may_read(int64_t org_id, const struct cvd_tlp_item *it)
{
    if (it == NULL || org_id <= 0)
        return CVD_TLP_DENY;
    if (it->label == CVD_TLP_CLEAR)
        return CVD_TLP_ALLOW;
    if (excluded(it, org_id))
        return CVD_TLP_DENY;
    struct cvd_tlp_reader r = {.team_orgs = &org_id, .n_team_orgs = 1};
    bool ok = false;
    switch (it->label) {
    case CVD_TLP_GREEN:
        ok = true;
        break;
    case CVD_TLP_AMBER:
        ok = on_team_of(&r, it, it->audience_orgs, it->n_audience_orgs, true) ||
             on_team_of(&r, it, it->client_orgs, it->n_client_orgs, false);
        break;
    case CVD_TLP_AMBER_STRICT:
        ok = on_team_of(&r, it, it->audience_orgs, it->n_audience_orgs, true);
        break;
    case CVD_TLP_CLEAR:
    case CVD_TLP_RED:
        break;
    }
    return ok ? CVD_TLP_ALLOW : CVD_TLP_DENY;
}

enum cvd_tlp_decision cvd_tlp_may_read(const struct cvd_tlp_reader *r,
                                       const struct cvd_tlp_item *it)
{
    if (r == NULL || it == NULL)
        return CVD_TLP_DENY;
    if (may_read(r, it))
        return CVD_TLP_ALLOW;
    if (r->break_glass && r->user_id > 0 && (unsigned)it->label <= CVD_TLP_RED)
        return CVD_TLP_ALLOW_BREAK_GLASS;
    return CVD_TLP_DENY;
}

bool cvd_tlp_stricter(enum cvd_tlp a, enum cvd_tlp b)
{
    return a > b; /* the enum runs from CLEAR to RED */
}

enum cvd_tlp cvd_tlp_derive(const enum cvd_tlp *labels, size_t n)
{
    enum cvd_tlp out = CVD_TLP_CLEAR;
    for (size_t i = 0; i < n; i++) {
        /* An out-of-range input counts as RED: fail closed. */
        enum cvd_tlp l = (unsigned)labels[i] <= CVD_TLP_RED ? labels[i] : CVD_TLP_RED;
        if (cvd_tlp_stricter(l, out))
            out = l;
    }
    return out;
}

size_t cvd_tlp_audience_intersect(const int64_t *a, size_t na, const int64_t *b, size_t nb,
                                  int64_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < na; i++) {
        if (has(b, nb, a[i]) && !has(out, n, a[i]))
            out[n++] = a[i];
    }
    return n;
}

bool cvd_tlp_is_source(const struct cvd_tlp_reader *r, const struct cvd_tlp_item *it)
{
    if (r == NULL || it == NULL || r->user_id <= 0)
        return false;
    return r->user_id == it->source_user || has(r->admin_orgs, r->n_admin_orgs, it->source_org);
}

int cvd_tlp_relabel_check(const struct cvd_tlp_reader *r, const struct cvd_tlp_item *it,
                          enum cvd_tlp to, bool embargo_active, struct cvd_diag *diag)
{
    if ((unsigned)to > CVD_TLP_RED)
        return cvd_diag_set(diag, CVD_EINVAL, "not a TLP label");
    if (it != NULL && to == it->label)
        return 0;
    if (!cvd_tlp_is_source(r, it))
        return cvd_diag_set(diag, CVD_EDENIED,
                            "only the source of an item may change its label: ask it for a "
                            "grant");
    if (to == CVD_TLP_CLEAR && embargo_active)
        return cvd_diag_set(diag, CVD_ESTATE,
                            "the case is under embargo: content becomes TLP:CLEAR only when an "
                            "advisory is published");
    return 0;
}

int cvd_tlp_widen_check(const struct cvd_tlp_reader *r, const struct cvd_tlp_item *it,
                        enum cvd_tlp_widen how, int64_t via_org, int64_t target_org,
                        bool target_is_client_of_via, struct cvd_diag *diag)
{
    if (r == NULL || it == NULL || target_org <= 0)
        return cvd_diag_set(diag, CVD_EINVAL, "no reader, item or organisation");
    if (excluded(it, target_org))
        return cvd_diag_set(diag, CVD_EDENIED,
                            "the source's restrictions exclude that organisation");
    if (cvd_tlp_is_source(r, it))
        return 0;
    if (how != CVD_TLP_WIDEN_CLIENT || it->label != CVD_TLP_AMBER)
        return cvd_diag_set(diag, CVD_EDENIED,
                            "only the source may widen the audience of a TLP:%s item: ask it "
                            "for a grant",
                            cvd_tlp_name(it->label) ? cvd_tlp_name(it->label) : "?");
    bool acts_for =
        has(r->team_orgs, r->n_team_orgs, via_org) && !excluded(it, via_org) &&
        (via_org == it->source_org || has(it->audience_orgs, it->n_audience_orgs, via_org));
    if (!acts_for)
        return cvd_diag_set(diag, CVD_EDENIED,
                            "share TLP:AMBER with clients only for an audience organisation "
                            "whose case team you are on");
    if (!target_is_client_of_via)
        return cvd_diag_set(diag, CVD_EDENIED,
                            "that organisation is not a client of yours: TLP:AMBER goes to "
                            "others only with the source's grant");
    return 0;
}
