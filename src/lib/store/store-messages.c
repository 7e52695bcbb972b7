/* Case messages and search: argument checks, default times, and the one place a user's search
 * text becomes an FTS5 query (quoted terms only), then dispatch to the backend. */
#include "store-int.h"

#include <string.h>

#define OPS(tx) ((tx)->store->ops)

static bool ids_ok(const int64_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (ids[i] <= 0)
            return false;
        for (size_t j = 0; j < i; j++) {
            if (ids[j] == ids[i])
                return false;
        }
    }
    return true;
}

int cvd_store_case_message_add(struct cvd_store_tx *tx, const struct cvd_store_case_message *m,
                               int64_t *ret_id)
{
    const char *what = "add case message";
    int rc = cvd__store_need(tx, true, what);
    if (rc)
        return rc;
    if (m == NULL || m->case_id <= 0 || m->author_user <= 0 || m->thread_id < 0 ||
        m->author_org < 0 || m->created_at < 0)
        return cvd__store_bad_arg(tx, what, "no case or author");
    if ((rc = cvd__store_check_enum(tx, &cvd__store_tlp, (int)m->tlp, what)))
        return rc;
    if (m->n_audience_orgs > CVD_STORE_AUDIENCE_MAX ||
        m->n_audience_users > CVD_STORE_AUDIENCE_MAX - m->n_audience_orgs ||
        (m->n_audience_orgs && m->audience_orgs == NULL) ||
        (m->n_audience_users && m->audience_users == NULL) ||
        !ids_ok(m->audience_orgs, m->n_audience_orgs) ||
        !ids_ok(m->audience_users, m->n_audience_users))
        return cvd__store_bad_arg(tx, what, "an audience of distinct positive ids, at most 256");
    struct cvd_store_case_message c = *m;
    c.body = cvd__store_or_empty(c.body);
    if (c.created_at == 0)
        c.created_at = tx->now;
    return OPS(tx)->case_message_add(tx, &c, ret_id);
}

int cvd_store_case_message_list(struct cvd_store_tx *tx, int64_t case_id, size_t limit,
                                size_t offset, struct cvd_arena *a,
                                struct cvd_store_case_message **ret, size_t *ret_n)
{
    const char *what = "list case messages";
    int rc = cvd__store_need(tx, false, what);
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL || limit > CVD_STORE_LIST_MAX ||
        offset > INT64_MAX)
        return cvd__store_bad_arg(tx, what, "no arena or result, or a limit over 1000");
    return OPS(tx)->case_message_list(tx, case_id, limit ? limit : CVD_STORE_LIST_DEFAULT, offset,
                                      a, ret, ret_n);
}

/* The FTS5 query for the user's text: each whitespace-separated term as a string ("..." with
 * '"' doubled), so operators, column filters, prefixes and NEAR are plain text. */
static int fts_query(struct cvd_str q, char *out, size_t size)
{
    size_t len = 0, terms = 0, i = 0;
    while (i < q.len) {
        while (i < q.len && (q.ptr[i] == ' ' || q.ptr[i] == '\t'))
            i++;
        if (i == q.len)
            break;
        if (++terms > CVD_STORE_SEARCH_TERMS_MAX)
            return CVD_EINVAL;
        if (len + 2 > size)
            return CVD_EINVAL;
        if (len > 0)
            out[len++] = ' ';
        out[len++] = '"';
        for (; i < q.len && q.ptr[i] != ' ' && q.ptr[i] != '\t'; i++) {
            unsigned char ch = (unsigned char)q.ptr[i];
            if (ch < 0x20 || ch == 0x7f)
                return CVD_EINVAL;
            if (len + 3 > size)
                return CVD_EINVAL;
            if (ch == '"')
                out[len++] = '"';
            out[len++] = (char)ch;
        }
        out[len++] = '"';
    }
    if (terms == 0 || len + 1 > size)
        return CVD_EINVAL;
    out[len] = '\0';
    return 0;
}

int cvd_store_case_message_search(struct cvd_store_tx *tx, struct cvd_str query,
                                  const int64_t *case_ids, size_t n_case_ids, size_t limit,
                                  struct cvd_arena *a, struct cvd_store_case_message **ret,
                                  size_t *ret_n)
{
    const char *what = "search case messages";
    int rc = cvd__store_need(tx, false, what);
    if (rc)
        return rc;
    if (a == NULL || ret == NULL || ret_n == NULL || limit == 0 || limit > CVD_STORE_LIST_MAX ||
        (n_case_ids && case_ids == NULL) || n_case_ids > CVD_STORE_LIST_MAX)
        return cvd__store_bad_arg(tx, what, "no arena, result or limit");
    if (query.ptr == NULL || query.len > CVD_STORE_SEARCH_BYTES_MAX)
        return cvd__store_bad_arg(tx, what, "a query of 1 to 200 bytes");
    /* Every byte may be doubled, plus quotes and separators per term. */
    char match[2 * CVD_STORE_SEARCH_BYTES_MAX + 3 * CVD_STORE_SEARCH_TERMS_MAX + 1];
    if (fts_query(query, match, sizeof(match)) != 0)
        return cvd__store_bad_arg(tx, what, "a query of 1 to 8 words without control characters");
    *ret = NULL;
    *ret_n = 0;
    if (n_case_ids == 0)
        return 0;
    return OPS(tx)->case_message_search(tx, match, case_ids, n_case_ids, limit, a, ret, ret_n);
}

/* ---- read marks ---- */

int cvd_store_read_mark_get(struct cvd_store_tx *tx, int64_t user_id, int64_t case_id,
                            int64_t *ret_last)
{
    int rc = cvd__store_need(tx, false, "read the read mark");
    if (rc)
        return rc;
    if (ret_last == NULL)
        return cvd__store_bad_arg(tx, "read the read mark", "no result");
    return OPS(tx)->read_mark_get(tx, user_id, case_id, ret_last);
}

int cvd_store_read_mark_put(struct cvd_store_tx *tx, int64_t user_id, int64_t case_id, int64_t last)
{
    int rc = cvd__store_need(tx, true, "mark messages read");
    if (rc)
        return rc;
    if (user_id <= 0 || case_id <= 0 || last < 0)
        return cvd__store_bad_arg(tx, "mark messages read", "no user, case or message");
    return OPS(tx)->read_mark_put(tx, user_id, case_id, last);
}
