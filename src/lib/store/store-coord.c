/* The participant and case-team operations: argument checks, default times, the stored text of
 * the participant enums and role sets, dispatch to the backend. */
#include "store-int.h"

#include <string.h>

/* ---- enum values as stored text (never change a text: rows hold it) ---- */

static const char *const rm_state_names[] = {
    [CVD_RM_START] = "start",   [CVD_RM_RECEIVED] = "received", [CVD_RM_INVALID] = "invalid",
    [CVD_RM_VALID] = "valid",   [CVD_RM_ACCEPTED] = "accepted", [CVD_RM_DEFERRED] = "deferred",
    [CVD_RM_CLOSED] = "closed",
};
static const char *const vfd_names[] = {
    [CVD_VFD_NONE] = "none",
    [CVD_VFD_AWARE] = "aware",
    [CVD_VFD_READY] = "fix_ready",
    [CVD_VFD_DEPLOYED] = "fix_deployed",
};
static const char *const em_answer_names[] = {
    [CVD_EM_ANSWER_NONE] = "none",
    [CVD_EM_ANSWER_ACCEPTED] = "accepted",
    [CVD_EM_ANSWER_REJECTED] = "rejected",
};
static const char *const em_state_names[] = {
    [CVD_EM_NONE] = "none",         [CVD_EM_PROPOSED] = "proposed", [CVD_EM_ACTIVE] = "active",
    [CVD_EM_REVISING] = "revising", [CVD_EM_EXITED] = "exited",
};
static const char *const em_reason_names[] = {
    [CVD_EM_REASON_NONE] = "none",
    [CVD_EM_REASON_EXPIRED] = "expired",
    [CVD_EM_REASON_PUBLIC] = "public",
    [CVD_EM_REASON_EXPLOIT_PUBLIC] = "exploit_public",
    [CVD_EM_REASON_ATTACKS] = "attacks",
    [CVD_EM_REASON_QUORUM_FIX_READY] = "quorum_fix_ready",
    [CVD_EM_REASON_COORDINATOR_DECISION] = "coordinator_decision",
};
/* One per role bit, in bit order. */
static const char *const role_names[CVD_CASE_ROLE_COUNT] = {
    "finder", "reporter", "vendor", "coordinator", "deployer", "other",
};

_Static_assert(CVD_ARRAY_LEN(rm_state_names) == CVD_RM_STATE_COUNT, "rm names");
_Static_assert(CVD_ARRAY_LEN(vfd_names) == CVD_VFD_COUNT, "vfd names");
_Static_assert(CVD_ARRAY_LEN(em_answer_names) == CVD_EM_ANSWER_COUNT, "answer names");
_Static_assert(CVD_CASE_ROLES_ALL == (1u << CVD_CASE_ROLE_COUNT) - 1, "role bits");

const struct cvd__store_enum cvd__store_rm_state = {"participant state", rm_state_names,
                                                    (int)CVD_ARRAY_LEN(rm_state_names)};
const struct cvd__store_enum cvd__store_vfd = {"fix path state", vfd_names,
                                               (int)CVD_ARRAY_LEN(vfd_names)};
const struct cvd__store_enum cvd__store_em_state = {"embargo state", em_state_names,
                                                    (int)CVD_ARRAY_LEN(em_state_names)};
const struct cvd__store_enum cvd__store_em_reason = {"embargo end reason", em_reason_names,
                                                     (int)CVD_ARRAY_LEN(em_reason_names)};
const struct cvd__store_enum cvd__store_em_answer = {"embargo answer", em_answer_names,
                                                     (int)CVD_ARRAY_LEN(em_answer_names)};

size_t cvd__store_roles_text(unsigned roles, char out[CVD__STORE_ROLES_TEXT_MAX])
{
    size_t len = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < CVD_CASE_ROLE_COUNT; i++) {
        if (!(roles & (1u << i)))
            continue;
        size_t n = strlen(role_names[i]);
        if (len > 0)
            out[len++] = ',';
        memcpy(out + len, role_names[i], n + 1);
        len += n;
    }
    return len;
}

int cvd__store_roles_parse(struct cvd_str text, unsigned *ret)
{
    unsigned roles = 0;
    size_t i = 0;
    while (i < text.len) {
        size_t j = i;
        while (j < text.len && text.ptr[j] != ',')
            j++;
        struct cvd_str word = {text.ptr + i, j - i};
        unsigned bit = 0;
        for (unsigned k = 0; k < CVD_CASE_ROLE_COUNT && bit == 0; k++) {
            if (cvd_str_eq_cstr(word, role_names[k]))
                bit = 1u << k;
        }
        if (bit == 0 || (roles & bit))
            return CVD_EDB;
        roles |= bit;
        i = j + 1;
    }
    if (roles == 0)
        return CVD_EDB;
    *ret = roles;
    return 0;
}

#define OPS(tx) ((tx)->store->ops)

/* ---- participants ---- */

static int check_participant(struct cvd_store_tx *tx, const struct cvd_participant *p,
                             const char *what)
{
    if (p == NULL)
        return cvd__store_bad_arg(tx, what, "no participant");
    if (p->roles == 0 || (p->roles & ~(unsigned)CVD_CASE_ROLES_ALL))
        return cvd__store_bad_arg(tx, what, "roles must be a non-empty set of case roles");
    int rc;
    if ((rc = cvd__store_check_enum(tx, &cvd__store_rm_state, (int)p->rm, what)) ||
        (rc = cvd__store_check_enum(tx, &cvd__store_vfd, (int)p->vfd, what)) ||
        (rc = cvd__store_check_enum(tx, &cvd__store_em_answer, (int)p->em_answer, what)))
        return rc;
    if (p->invited_at < 0 || p->delivered_at < 0 || p->left_at < 0)
        return cvd__store_bad_arg(tx, what, "negative time");
    return 0;
}

int cvd_store_participant_add(struct cvd_store_tx *tx, const struct cvd_participant *p,
                              int64_t *ret_id)
{
    const char *what = "add participant";
    int rc = cvd__store_need(tx, true, what);
    if (rc || (rc = check_participant(tx, p, what)))
        return rc;
    if (p->case_id <= 0 || p->org_id <= 0)
        return cvd__store_bad_arg(tx, what, "no case or no organisation");
    struct cvd_participant c = *p;
    if (c.invited_at == 0)
        c.invited_at = tx->now;
    c.override_reason = cvd__store_or_empty(c.override_reason);
    return OPS(tx)->participant_add(tx, &c, ret_id);
}

int cvd_store_participant_get(struct cvd_store_tx *tx, int64_t id, struct cvd_arena *a,
                              struct cvd_participant *ret)
{
    int rc = cvd__store_need(tx, false, "read participant");
    if (rc)
        return rc;
    if (id <= 0 || a == NULL || ret == NULL)
        return cvd__store_bad_arg(tx, "read participant", "no id, arena or result");
    return OPS(tx)->participant_get(tx, id, 0, 0, a, ret);
}

int cvd_store_participant_get_org(struct cvd_store_tx *tx, int64_t case_id, int64_t org_id,
                                  struct cvd_arena *a, struct cvd_participant *ret)
{
    int rc = cvd__store_need(tx, false, "read participant");
    if (rc)
        return rc;
    if (case_id <= 0 || org_id <= 0 || a == NULL || ret == NULL)
        return cvd__store_bad_arg(tx, "read participant", "no case, organisation, arena or result");
    return OPS(tx)->participant_get(tx, 0, case_id, org_id, a, ret);
}

int cvd_store_participant_list(struct cvd_store_tx *tx, int64_t case_id, struct cvd_arena *a,
                               struct cvd_participant **ret, size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "list participants");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, "list participants", "no arena or result");
    return OPS(tx)->participant_list(tx, case_id, a, ret, ret_n);
}

int cvd_store_participant_update(struct cvd_store_tx *tx, const struct cvd_participant *p)
{
    const char *what = "update participant";
    int rc = cvd__store_need(tx, true, what);
    if (rc || (rc = check_participant(tx, p, what)))
        return rc;
    struct cvd_participant c = *p;
    c.override_reason = cvd__store_or_empty(c.override_reason);
    return OPS(tx)->participant_update(tx, &c);
}

/* ---- case teams ---- */

int cvd_store_team_add(struct cvd_store_tx *tx, int64_t participant_id, int64_t user_id, int64_t at)
{
    int rc = cvd__store_need(tx, true, "add to case team");
    if (rc)
        return rc;
    if (participant_id <= 0 || user_id <= 0 || at < 0)
        return cvd__store_bad_arg(tx, "add to case team", "no participant or user");
    return OPS(tx)->team_set(tx, participant_id, user_id, false, at ? at : tx->now);
}

int cvd_store_team_remove(struct cvd_store_tx *tx, int64_t participant_id, int64_t user_id)
{
    int rc = cvd__store_need(tx, true, "remove from case team");
    if (rc)
        return rc;
    return OPS(tx)->team_set(tx, participant_id, user_id, true, 0);
}

static int ids(struct cvd_store_tx *tx, int64_t participant_id, int64_t case_id, int64_t user_id,
               struct cvd_arena *a, int64_t **ret, size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "read case teams");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, "read case teams", "no arena or result");
    return OPS(tx)->team_ids(tx, participant_id, case_id, user_id, a, ret, ret_n);
}

int cvd_store_team_list(struct cvd_store_tx *tx, int64_t participant_id, struct cvd_arena *a,
                        int64_t **ret, size_t *ret_n)
{
    return ids(tx, participant_id > 0 ? participant_id : -1, 0, 0, a, ret, ret_n);
}

int cvd_store_team_orgs(struct cvd_store_tx *tx, int64_t case_id, int64_t user_id,
                        struct cvd_arena *a, int64_t **ret, size_t *ret_n)
{
    return ids(tx, 0, case_id > 0 ? case_id : -1, user_id, a, ret, ret_n);
}

int cvd_store_team_cases(struct cvd_store_tx *tx, int64_t user_id, struct cvd_arena *a,
                         int64_t **ret, size_t *ret_n)
{
    return ids(tx, 0, 0, user_id, a, ret, ret_n);
}

/* ---- a case's embargo and pxa ---- */

int cvd_store_case_coord_get(struct cvd_store_tx *tx, int64_t case_id, struct cvd_embargo *ret_em,
                             unsigned *ret_pxa)
{
    int rc = cvd__store_need(tx, false, "read case embargo");
    if (rc)
        return rc;
    if (ret_em == NULL || ret_pxa == NULL)
        return cvd__store_bad_arg(tx, "read case embargo", "no result");
    return OPS(tx)->case_coord_get(tx, case_id, ret_em, ret_pxa);
}

int cvd_store_case_coord_put(struct cvd_store_tx *tx, int64_t case_id, const struct cvd_embargo *em,
                             unsigned pxa)
{
    const char *what = "store case embargo";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (em == NULL || case_id <= 0 || pxa > CVD_PXA_ALL)
        return cvd__store_bad_arg(tx, what, "no case or embargo, or bad pxa bits");
    if ((rc = cvd__store_check_enum(tx, &cvd__store_em_state, (int)em->state, what)) ||
        (rc = cvd__store_check_enum(tx, &cvd__store_em_reason, (int)em->reason, what)))
        return rc;
    return OPS(tx)->case_coord_put(tx, case_id, em, pxa);
}

int cvd_store_embargo_ending(struct cvd_store_tx *tx, int64_t before, struct cvd_arena *a,
                             int64_t **ret, size_t *ret_n)
{
    int rc = cvd__store_need(tx, false, "list ending embargoes");
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL)
        return cvd__store_bad_arg(tx, "list ending embargoes", "no arena or result");
    return OPS(tx)->embargo_ending(tx, before, a, ret, ret_n);
}
