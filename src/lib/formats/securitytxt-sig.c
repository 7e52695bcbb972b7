/* OpenPGP cleartext signatures of security.txt files through GPGME. Every call names its own
 * GNUPGHOME (engine info per context), so the user's default keyring is never consulted. */
#include "cvd/securitytxt.h"

#include <gpgme.h>
#include <string.h>
#include <sys/stat.h>

/* Copy a gpg message, first letter lower-cased as cvd messages are. */
static void copy_cstr(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
    if (dst[0] >= 'A' && dst[0] <= 'Z')
        dst[0] = (char)(dst[0] - 'A' + 'a');
}

/* gpgme_check_version() must run once before any context is made; it is idempotent. */
static int open_ctx(const char *gnupghome, gpgme_ctx_t *ret, struct cvd_diag *diag)
{
    /* gpg would quietly treat a missing home as an empty keyring: "no key" for everything. */
    struct stat st;
    if (stat(gnupghome, &st) != 0 || !S_ISDIR(st.st_mode))
        return cvd_diag_set(diag, CVD_ENOTFOUND, "GNUPGHOME '%s' is not a directory", gnupghome);
    if (gpgme_check_version(NULL) == NULL)
        return cvd_diag_set(diag, CVD_EIO, "gpgme cannot be initialised");
    gpgme_error_t err = gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP);
    if (err)
        return cvd_diag_set(diag, CVD_EIO, "no usable gpg engine: %s", gpgme_strerror(err));
    gpgme_ctx_t ctx;
    err = gpgme_new(&ctx);
    if (err)
        return cvd_diag_set(diag, gpg_err_code(err) == GPG_ERR_ENOMEM ? CVD_ENOMEM : CVD_EIO,
                            "cannot create a gpgme context: %s", gpgme_strerror(err));
    err = gpgme_ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, NULL, gnupghome);
    if (!err)
        err = gpgme_set_protocol(ctx, GPGME_PROTOCOL_OpenPGP);
    if (!err)
        err = gpgme_set_pinentry_mode(ctx, GPGME_PINENTRY_MODE_LOOPBACK);
    if (err) {
        gpgme_release(ctx);
        return cvd_diag_set(diag, CVD_EIO, "cannot use GNUPGHOME '%s': %s", gnupghome,
                            gpgme_strerror(err));
    }
    *ret = ctx;
    return 0;
}

int cvd_securitytxt_verify(struct cvd_str in, const char *gnupghome,
                           struct cvd_securitytxt_sig *ret, struct cvd_diag *diag)
{
    if (gnupghome == NULL || ret == NULL || (in.ptr == NULL && in.len))
        return cvd_diag_set(diag, CVD_EINVAL, "verify needs input and a GNUPGHOME");
    if (in.len > CVD_SECURITYTXT_MAX_BYTES)
        return cvd_diag_set(diag, CVD_ELIMIT, "file of %zu bytes is larger than %zu", in.len,
                            CVD_SECURITYTXT_MAX_BYTES);
    *ret = (struct cvd_securitytxt_sig){.status = CVD_SECURITYTXT_SIG_NONE};
    gpgme_ctx_t ctx = NULL;
    gpgme_data_t sig = NULL;
    gpgme_data_t plain = NULL;
    int rc = open_ctx(gnupghome, &ctx, diag);
    if (rc)
        return rc;
    gpgme_error_t err = gpgme_data_new_from_mem(&sig, in.len ? in.ptr : "", in.len, 0);
    if (!err)
        err = gpgme_data_new(&plain);
    if (err) {
        rc = cvd_diag_set(diag, CVD_ENOMEM, "cannot hand the file to gpgme: %s",
                          gpgme_strerror(err));
        goto out;
    }
    err = gpgme_op_verify(ctx, sig, NULL, plain);
    gpgme_verify_result_t res = gpgme_op_verify_result(ctx);
    if (res == NULL || res->signatures == NULL) {
        /* No signature found, or gpg refused the armour: a verdict, not a failure. */
        ret->status = gpg_err_code(err) == GPG_ERR_NO_DATA || err == 0 ? CVD_SECURITYTXT_SIG_NONE
                                                                       : CVD_SECURITYTXT_SIG_ERROR;
        copy_cstr(ret->detail, sizeof(ret->detail),
                  err ? gpgme_strerror(err) : "no signature found");
        goto out;
    }
    gpgme_signature_t s = res->signatures;
    copy_cstr(ret->fpr, sizeof(ret->fpr), s->fpr);
    ret->created = (int64_t)s->timestamp;
    copy_cstr(ret->detail, sizeof(ret->detail), gpgme_strerror(s->status));
    switch (gpg_err_code(s->status)) {
    case GPG_ERR_NO_ERROR:
        ret->status = CVD_SECURITYTXT_SIG_GOOD;
        ret->detail[0] = '\0';
        break;
    case GPG_ERR_BAD_SIGNATURE:
        ret->status = CVD_SECURITYTXT_SIG_BAD;
        break;
    case GPG_ERR_NO_PUBKEY:
        ret->status = CVD_SECURITYTXT_SIG_NO_KEY;
        break;
    default:
        ret->status = CVD_SECURITYTXT_SIG_ERROR;
        break;
    }
    /* One file, one signer: a second signature that is not good spoils the verdict. */
    for (gpgme_signature_t t = s->next; t != NULL; t = t->next) {
        if (gpg_err_code(t->status) != GPG_ERR_NO_ERROR &&
            ret->status == CVD_SECURITYTXT_SIG_GOOD) {
            ret->status = CVD_SECURITYTXT_SIG_ERROR;
            copy_cstr(ret->detail, sizeof(ret->detail), "one of several signatures is not good");
        }
    }
out:
    gpgme_data_release(plain);
    gpgme_data_release(sig);
    gpgme_release(ctx);
    return rc;
}

int cvd_securitytxt_sign(struct cvd_str text, const char *gnupghome, const char *key_id,
                         struct cvd_buf *out, struct cvd_diag *diag)
{
    if (gnupghome == NULL || key_id == NULL || out == NULL || (text.ptr == NULL && text.len))
        return cvd_diag_set(diag, CVD_EINVAL, "sign needs text, a GNUPGHOME and a key");
    gpgme_ctx_t ctx = NULL;
    gpgme_key_t key = NULL;
    gpgme_data_t in = NULL;
    gpgme_data_t signed_data = NULL;
    char *mem = NULL;
    int rc = open_ctx(gnupghome, &ctx, diag);
    if (rc)
        return rc;
    gpgme_error_t err = gpgme_get_key(ctx, key_id, &key, 1);
    if (err) {
        rc = cvd_diag_set(diag, CVD_ENOTFOUND, "no secret key '%s' in '%s': %s", key_id, gnupghome,
                          gpgme_strerror(err));
        goto out;
    }
    gpgme_set_armor(ctx, 1);
    gpgme_set_textmode(ctx, 1);
    err = gpgme_signers_add(ctx, key);
    if (!err)
        err = gpgme_data_new_from_mem(&in, text.len ? text.ptr : "", text.len, 0);
    if (!err)
        err = gpgme_data_new(&signed_data);
    if (!err)
        err = gpgme_op_sign(ctx, in, signed_data, GPGME_SIG_MODE_CLEAR);
    if (err) {
        rc = cvd_diag_set(diag, CVD_EIO, "cannot sign with key '%s': %s", key_id,
                          gpgme_strerror(err));
        goto out;
    }
    size_t len = 0;
    mem = gpgme_data_release_and_get_mem(signed_data, &len);
    signed_data = NULL;
    if (mem == NULL && len) {
        rc = cvd_diag_set(diag, CVD_ENOMEM, "cannot take the signed text from gpgme");
        goto out;
    }
    rc = cvd_buf_add(out, mem ? mem : "", len);
    if (rc)
        cvd_diag_set(diag, rc, "cannot store the signed text");
out:
    gpgme_free(mem);
    gpgme_data_release(signed_data);
    gpgme_data_release(in);
    gpgme_key_unref(key);
    gpgme_release(ctx);
    return rc;
}
