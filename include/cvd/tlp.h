/* The TLP 2.0 access policy of standards.md §3.4: one function decides every read of a labelled
 * item, whoever asks (pages, API, search, notifications, exports, the audit view), and the
 * rules for changing a label or an audience (TLP-R01..R03, R07). Pure: the caller gathers the
 * facts (memberships, case teams, community, clients) at read time and passes them in, so a
 * membership removed or a participant that left (TLP-R08) is simply absent from them. Every
 * decision fails closed: a missing fact means no access.
 *
 *     struct cvd_tlp_reader r = {.user_id = 7, .team_orgs = teams, .n_team_orgs = 1};
 *     struct cvd_tlp_item it = {.label = CVD_TLP_AMBER, .source_user = 3, ...};
 *     if (cvd_tlp_may_read(&r, &it) == CVD_TLP_DENY) ... answer "not found" ...
 */
#ifndef CVD_TLP_H
#define CVD_TLP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/model.h"

/** Who reads, as known at the moment of the read. Ids are positive; 0 means none. */
struct cvd_tlp_reader {
    int64_t user_id; /* 0: anonymous */
    /* Organisations whose case team for the item's case holds this user (need to know),
     * among the case's engaged participants only. */
    const int64_t *team_orgs;
    size_t n_team_orgs;
    /* Organisations the user is an administrator of (may act as the source for items of
     * that organisation: TLP-R01). */
    const int64_t *admin_orgs;
    size_t n_admin_orgs;
    bool community;   /* a vetted member of the hub's community (GREEN) */
    bool break_glass; /* a hub operator who declared break-glass access (TLP-R07) */
};

/** A labelled item: message, attachment, statement, case field, draft, report. */
struct cvd_tlp_item {
    enum cvd_tlp label;
    int64_t source_user; /* the author; 0 for an anonymous reporter (reads by secret) */
    int64_t source_org;  /* the author's organisation; 0 for an individual */
    /* AMBER, AMBER+STRICT: the audience organisations; GREEN: the case's participants. */
    const int64_t *audience_orgs;
    size_t n_audience_orgs;
    /* RED: the named users (who read it while on an engaged participant's case team). */
    const int64_t *audience_users;
    size_t n_audience_users;
    /* AMBER: organisations an audience organisation shared the item with as its clients
     * (each an audit event). Ignored for every other label. */
    const int64_t *client_orgs;
    size_t n_client_orgs;
    /* Restrictions from the source: organisations excluded whatever else holds. */
    const int64_t *excluded_orgs;
    size_t n_excluded_orgs;
};

enum cvd_tlp_decision {
    CVD_TLP_DENY,
    CVD_TLP_ALLOW,
    CVD_TLP_ALLOW_BREAK_GLASS, /* allowed only by break-glass: the caller must log the read
                                  and report it to the source organisation */
};

/** May the reader read the item? The one decision behind every read path. */
enum cvd_tlp_decision cvd_tlp_may_read(const struct cvd_tlp_reader *r,
                                       const struct cvd_tlp_item *it);

/**
 * May an organisation as a whole receive the item — a machine recipient of its own, such as
 * its webhook, not a person? CLEAR: yes; GREEN: yes (the caller only asks for the case's
 * participants); AMBER: an audience or client organisation; AMBER+STRICT: an audience
 * organisation; RED: never (named individuals only). Never one the source excluded.
 */
enum cvd_tlp_decision cvd_tlp_org_may_read(int64_t org_id, const struct cvd_tlp_item *it);

/** Is a strictly more restrictive than b (RED > AMBER+STRICT > AMBER > GREEN > CLEAR)? */
bool cvd_tlp_stricter(enum cvd_tlp a, enum cvd_tlp b);

/** The label of content derived from n inputs (TLP-R02): the strictest; CLEAR when n is 0. */
enum cvd_tlp cvd_tlp_derive(const enum cvd_tlp *labels, size_t n);

/**
 * The audience of derived content (TLP-R02): the ids present in both a and b, written to out
 * (room for min(na, nb)), in a's order, without duplicates. Returns how many.
 */
size_t cvd_tlp_audience_intersect(const int64_t *a, size_t na, const int64_t *b, size_t nb,
                                  int64_t *out);

/** Does the reader speak for the item's source (its author, or an admin of its org)? */
bool cvd_tlp_is_source(const struct cvd_tlp_reader *r, const struct cvd_tlp_item *it);

/**
 * May the reader change the item's label to `to` (TLP-R01, R03)? Only the source changes a
 * label; tightening is always allowed to it; relaxing too, except to CLEAR while the case's
 * embargo is active (publication goes through the advisory). CVD_EDENIED (not the source)
 * or CVD_ESTATE (embargo), with a message in diag; 0 when allowed (also when unchanged).
 */
CVD_MUST_CHECK int cvd_tlp_relabel_check(const struct cvd_tlp_reader *r,
                                         const struct cvd_tlp_item *it, enum cvd_tlp to,
                                         bool embargo_active, struct cvd_diag *diag);

/** How the reader wants to widen an item's audience. */
enum cvd_tlp_widen {
    CVD_TLP_WIDEN_ORG,    /* add an audience organisation (or a named user for RED) */
    CVD_TLP_WIDEN_CLIENT, /* AMBER: share with a client of the reader's organisation */
};

/**
 * May the reader widen the item's audience to target_org (TLP-R01, §3.4 column 3)? The source
 * may always, except to an organisation its own restrictions exclude (widening to the public
 * is a relabel). Anyone else may only share an AMBER item, acting for via_org (an audience
 * organisation, or the source's, whose case team holds the reader), with a client of via_org
 * (target_is_client_of_via, from the directory); anything else needs the source's grant:
 * CVD_EDENIED with a message saying so.
 */
CVD_MUST_CHECK int cvd_tlp_widen_check(const struct cvd_tlp_reader *r,
                                       const struct cvd_tlp_item *it, enum cvd_tlp_widen how,
                                       int64_t via_org, int64_t target_org,
                                       bool target_is_client_of_via, struct cvd_diag *diag);

#endif
