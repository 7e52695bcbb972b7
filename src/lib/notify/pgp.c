/* Encrypting to a recipient's OpenPGP key with GPGME, in a GNUPGHOME of our own: a fresh
 * directory per call, so the user's keyring and trust database are never read or written, and
 * nothing is left behind. Every failure is an error; the caller never falls back to plaintext. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gpgme.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cvd/alloc.h"
#include "cvd/notify.h"
#include "notify-int.h"

#define ARMOR_PUBLIC  "-----BEGIN PGP PUBLIC KEY BLOCK-----"
#define HOME_PATH_MAX 1024
#define RMTREE_DEPTH  4

static int gpg_rc(gpgme_error_t err)
{
    return gpg_err_code(err) == GPG_ERR_ENOMEM ? CVD_ENOMEM : CVD_EIO;
}

/* Remove what gpg put into the directory fd refers to (a few files, a subdirectory or two).
 * Closes fd. */
static void rmtree_fd(int fd, int depth)
{
    DIR *d = fdopendir(fd);
    if (d == NULL) {
        close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth > 0) {
            int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            if (sub >= 0)
                rmtree_fd(sub, depth - 1);
            (void)unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
        } else {
            (void)unlinkat(dirfd(d), e->d_name, 0);
        }
    }
    closedir(d);
}

static void remove_home(const char *home)
{
    int fd = open(home, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (fd >= 0)
        rmtree_fd(fd, RMTREE_DEPTH);
    (void)rmdir(home);
}

/* Only an ASCII-armoured public key block: printable ASCII and line breaks. */
static int check_key(struct cvd_str key, struct cvd_diag *diag)
{
    if (key.len > CVD_NOTIFY_KEY_MAX)
        return cvd_diag_set(diag, CVD_ELIMIT, "recipient key: %zu bytes, more than %d", key.len,
                            CVD_NOTIFY_KEY_MAX);
    size_t i = 0;
    while (i < key.len && cvd_ascii_is_space((unsigned char)key.ptr[i]))
        i++;
    struct cvd_str rest = {key.ptr + i, key.len - i};
    if (!cvd_str_starts_with(rest, CVD_STR(ARMOR_PUBLIC)))
        return cvd_diag_set(diag, CVD_EINVAL,
                            "recipient key: not an ASCII-armoured OpenPGP public key");
    for (i = 0; i < key.len; i++) {
        unsigned char c = (unsigned char)key.ptr[i];
        if (!((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t'))
            return cvd_diag_set_at(diag, CVD_EINVAL, i, "recipient key: byte 0x%02x at %zu", c, i);
    }
    return 0;
}

static int make_home(const char *tmpdir, char home[HOME_PATH_MAX], struct cvd_diag *diag)
{
    if (tmpdir == NULL || tmpdir[0] == '\0')
        tmpdir = getenv("TMPDIR");
    if (tmpdir == NULL || tmpdir[0] != '/')
        tmpdir = "/tmp";
    int n = snprintf(home, HOME_PATH_MAX, "%s/cvd-gpg-XXXXXX", tmpdir);
    if (n < 0 || n >= HOME_PATH_MAX)
        return cvd_diag_set(diag, CVD_ELIMIT, "temporary directory name too long");
    if (mkdtemp(home) == NULL)
        return cvd_diag_set(diag, CVD_EIO, "cannot make a temporary GNUPGHOME under '%s': %s",
                            tmpdir, strerror(errno));
    /* gpg would start a gpg-agent for this home (import asks it about secret keys), a daemon
     * per message that lingers until it sees its socket gone: public-key work needs none. */
    char conf[HOME_PATH_MAX + 16];
    (void)snprintf(conf, sizeof(conf), "%s/gpg.conf", home);
    int fd = open(conf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    static const char opts[] = "no-autostart\n";
    bool ok = fd >= 0 && write(fd, opts, sizeof(opts) - 1) == (ssize_t)(sizeof(opts) - 1);
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (!ok) {
        remove_home(home);
        return cvd_diag_set(diag, CVD_EIO, "cannot write gpg.conf in a temporary GNUPGHOME");
    }
    return 0;
}

static int open_ctx(const char *home, gpgme_ctx_t *ret, struct cvd_diag *diag)
{
    gpgme_ctx_t ctx;
    gpgme_error_t err = gpgme_new(&ctx);
    if (err)
        return cvd_diag_set(diag, gpg_rc(err), "cannot create a gpgme context: %s",
                            gpgme_strerror(err));
    err = gpgme_ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, NULL, home);
    if (!err)
        err = gpgme_set_protocol(ctx, GPGME_PROTOCOL_OpenPGP);
    if (!err)
        err = gpgme_set_pinentry_mode(ctx, GPGME_PINENTRY_MODE_CANCEL);
    if (err) {
        gpgme_release(ctx);
        return cvd_diag_set(diag, CVD_EIO, "cannot use a temporary GNUPGHOME: %s",
                            gpgme_strerror(err));
    }
    gpgme_set_armor(ctx, 1);
    gpgme_set_offline(ctx, 1); /* never ask a key server or the web */
    *ret = ctx;
    return 0;
}

/* Import the key; it must be exactly one public key, usable for encryption. */
static int import_key(gpgme_ctx_t ctx, struct cvd_str key, gpgme_key_t *ret, struct cvd_diag *diag)
{
    gpgme_data_t data = NULL;
    gpgme_error_t err = gpgme_data_new_from_mem(&data, key.ptr, key.len, 0);
    if (err)
        return cvd_diag_set(diag, gpg_rc(err), "recipient key: %s", gpgme_strerror(err));
    err = gpgme_op_import(ctx, data);
    gpgme_data_release(data);
    if (err)
        return cvd_diag_set(diag, CVD_EINVAL, "recipient key: cannot import: %s",
                            gpgme_strerror(err));
    gpgme_import_result_t res = gpgme_op_import_result(ctx);
    if (res == NULL || res->considered != 1 || res->secret_read != 0 || res->imports == NULL ||
        res->imports->next != NULL || res->imports->result != 0 || res->imports->fpr == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "recipient key: not exactly one public key (%d)",
                            res ? res->considered : 0);
    gpgme_key_t k = NULL;
    err = gpgme_get_key(ctx, res->imports->fpr, &k, 0);
    if (err)
        return cvd_diag_set(diag, CVD_EINVAL, "recipient key: %s", gpgme_strerror(err));
    if (k->revoked || k->expired || k->disabled || k->invalid || !k->can_encrypt) {
        gpgme_key_unref(k);
        return cvd_diag_set(diag, CVD_EINVAL,
                            "recipient key: revoked, expired or not usable for encryption");
    }
    *ret = k;
    return 0;
}

/* Append the armoured cipher text to out with CRLF line ends. */
static int read_armor(gpgme_data_t cipher, struct cvd_buf *out, struct cvd_diag *diag)
{
    if (gpgme_data_seek(cipher, 0, SEEK_SET) != 0)
        return cvd_diag_set(diag, CVD_EIO, "cannot read the encrypted message");
    char chunk[4096];
    bool cr = false;
    for (;;) {
        ssize_t n = gpgme_data_read(cipher, chunk, sizeof(chunk));
        if (n < 0)
            return cvd_diag_set(diag, CVD_EIO, "cannot read the encrypted message");
        if (n == 0)
            break;
        for (ssize_t i = 0; i < n; i++) {
            int rc = 0;
            if (chunk[i] == '\n' && !cr)
                rc = cvd_buf_add_char(out, '\r');
            if (!rc)
                rc = cvd_buf_add_char(out, chunk[i]);
            if (rc)
                return cvd_diag_set(diag, rc, "encrypted message: %s", cvd_strerror(rc));
            cr = chunk[i] == '\r';
        }
    }
    return 0;
}

int cvd__notify_pgp_encrypt(struct cvd_str key, const char *tmpdir, struct cvd_str plain,
                            struct cvd_buf *out, struct cvd_diag *diag)
{
    int rc = check_key(key, diag);
    if (rc)
        return rc;
    char home[HOME_PATH_MAX];
    rc = make_home(tmpdir, home, diag);
    if (rc)
        return rc;
    gpgme_ctx_t ctx = NULL;
    gpgme_key_t k = NULL;
    gpgme_data_t in = NULL;
    gpgme_data_t cipher = NULL;
    struct cvd_buf armor;
    cvd_buf_init(&armor, CVD_NOTIFY_MAIL_MAX);
    rc = open_ctx(home, &ctx, diag);
    if (rc)
        goto out;
    rc = import_key(ctx, key, &k, diag);
    if (rc)
        goto out;
    gpgme_error_t err = gpgme_data_new_from_mem(&in, plain.len ? plain.ptr : "", plain.len, 0);
    if (!err)
        err = gpgme_data_new(&cipher);
    if (err) {
        rc = cvd_diag_set(diag, gpg_rc(err), "cannot encrypt: %s", gpgme_strerror(err));
        goto out;
    }
    gpgme_key_t recipients[2] = {k, NULL};
    /* The caller vouches for the key (the recipient registered it): no web of trust here. */
    err = gpgme_op_encrypt(ctx, recipients, GPGME_ENCRYPT_ALWAYS_TRUST, in, cipher);
    gpgme_encrypt_result_t res = gpgme_op_encrypt_result(ctx);
    if (err || res == NULL || res->invalid_recipients != NULL) {
        rc = cvd_diag_set(diag, err ? gpg_rc(err) : CVD_EINVAL, "cannot encrypt: %s",
                          err ? gpgme_strerror(err) : "the key was refused");
        goto out;
    }
    rc = read_armor(cipher, &armor, diag);
    if (rc)
        goto out;
    if (!cvd_str_starts_with(cvd_buf_str(&armor), CVD_STR("-----BEGIN PGP MESSAGE-----"))) {
        rc = cvd_diag_set(diag, CVD_EIO, "gpg wrote no OpenPGP message");
        goto out;
    }
    rc = cvd_buf_add(out, armor.ptr, armor.len);
    if (rc)
        cvd_diag_set(diag, rc, "encrypted message: %s", cvd_strerror(rc));
out:
    gpgme_data_release(in);
    gpgme_data_release(cipher);
    if (k)
        gpgme_key_unref(k);
    if (ctx)
        gpgme_release(ctx);
    cvd_buf_release(&armor);
    remove_home(home);
    return rc;
}
