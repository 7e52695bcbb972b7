/* libFuzzer target for the model's input rules. The first byte picks what the rest is:
 * a tracking or case id (on success, formatting the parsed parts must give back the exact
 * input: one spelling per id), an enum name or TLP label (on success, the name of the value
 * must be the input, or the TLP name up to case and prefix), a text (one-line acceptance
 * implies multi-line acceptance; required acceptance means not blank; the trim is a
 * sub-view and trims to a fixed point), an e-mail address, an armoured key (an accepted key
 * is an accepted multi-line text), or a report whose text fields (but the e-mail address and
 * the key) are all the input: accepted only when the input is an accepted one-line title. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_id(struct cvd_str in, bool is_case)
{
    int year;
    uint64_t seq;
    struct cvd_diag d;
    int rc = is_case ? cvd_case_id_parse(in, &year, &seq, &d)
                     : cvd_tracking_id_parse(in, &year, &seq, &d);
    if (rc != 0)
        return;
    char out[CVD_CASE_ID_SIZE];
    int n = is_case ? cvd_case_id_format(year, seq, out, sizeof(out))
                    : cvd_tracking_id_format(year, seq, out, sizeof(out));
    if (n < 0 || (size_t)n != in.len || memcmp(out, in.ptr, in.len) != 0)
        abort();
}

static void check_names(struct cvd_str in)
{
    enum cvd_report_state rs;
    if (cvd_report_state_parse(in, &rs) == 0 && !cvd_str_eq_cstr(in, cvd_report_state_name(rs)))
        abort();
    enum cvd_report_action ra;
    if (cvd_report_action_parse(in, &ra) == 0 && !cvd_str_eq_cstr(in, cvd_report_action_name(ra)))
        abort();
    enum cvd_invalid_reason ir;
    if (cvd_invalid_reason_parse(in, &ir) == 0 && !cvd_str_eq_cstr(in, cvd_invalid_reason_name(ir)))
        abort();
    enum cvd_case_action ca;
    if (cvd_case_action_parse(in, &ca) == 0 && !cvd_str_eq_cstr(in, cvd_case_action_name(ca)))
        abort();
    enum cvd_tlp t;
    if (cvd_tlp_parse(in, &t) == 0) {
        struct cvd_str name = cvd_str_from_cstr(cvd_tlp_name(t));
        if (in.len < name.len ||
            !cvd_str_eq_nocase((struct cvd_str){in.ptr + in.len - name.len, name.len}, name))
            abort();
    }
}

static void check_text(struct cvd_str in)
{
    struct cvd_diag d;
    int one = cvd_text_check(in, 4096, 0, "f", &d);
    int multi = cvd_text_check(in, 4096, CVD_TEXT_MULTILINE, "f", &d);
    int req = cvd_text_check(in, 4096, CVD_TEXT_MULTILINE | CVD_TEXT_REQUIRED, "f", &d);
    if (one == 0 && multi != 0)
        abort();
    if (req == 0 && (multi != 0 || cvd_text_is_blank(in)))
        abort();
    if (multi == 0 && req != 0 && (req != CVD_EMISSING || !cvd_text_is_blank(in)))
        abort();
    struct cvd_str t = cvd_text_trim(in);
    if (t.len > in.len || (t.len > 0 && (t.ptr < in.ptr || t.ptr + t.len > in.ptr + in.len)))
        abort();
    struct cvd_str t2 = cvd_text_trim(t);
    if (t2.len != t.len || (t.len > 0 && t2.ptr != t.ptr))
        abort();
    if (cvd_text_is_blank(in) != (t.len == 0))
        abort();
}

static void check_key_and_email(struct cvd_str in)
{
    struct cvd_diag d;
    if (cvd_pgp_key_check(in, CVD_REPORT_PGP_KEY_MAX, "key", &d) == 0 &&
        cvd_text_check(in, CVD_REPORT_PGP_KEY_MAX, CVD_TEXT_MULTILINE, "key", &d) != 0)
        abort();
    if (cvd_email_check(in, "email", &d) == 0) {
        const char *at = memchr(in.ptr, '@', in.len);
        if (at == NULL || at == in.ptr || at + 1 == in.ptr + in.len ||
            memchr(at + 1, '@', (size_t)(in.ptr + in.len - at - 1)) != NULL)
            abort();
    }
}

static void check_report(struct cvd_str in)
{
    struct cvd_report r = {
        .title = in,
        .product = in,
        .versions = in,
        .description = in,
        .impact = in,
        .reproduction = in,
        .how_found = in,
        .disclosure_plans = in,
        .credit_wanted = true,
        .credit_name = in,
        .reporter_name = in,
    };
    const char *field = NULL;
    struct cvd_diag d;
    int rc = cvd_report_check(&r, NULL, &field, &d);
    if (rc != 0 && field == NULL)
        abort();
    if (rc == 0 && cvd_text_check(in, CVD_REPORT_TITLE_MAX, CVD_TEXT_REQUIRED, "t", &d) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct cvd_str in = {(const char *)data + 1, size - 1};
    switch (data[0] % 6) {
    case 0:
        check_id(in, false);
        break;
    case 1:
        check_id(in, true);
        break;
    case 2:
        check_names(in);
        break;
    case 3:
        check_text(in);
        break;
    case 4:
        check_key_and_email(in);
        break;
    default:
        check_report(in);
        break;
    }
    return 0;
}
