/* The hub behind the framework: what `cvd serve` plugs into struct srv_app. The app's ctx is
 * the struct cvd_hub; handlers reach it and the request's principal through the helpers of
 * routes/routes-int.h. */
#ifndef CVD_SERVER_APP_H
#define CVD_SERVER_APP_H

#include "cvd/core.h"
#include "server/srv.h"

/**
 * The authenticate hook (struct srv_app) with ctx a struct cvd_hub: an `Authorization:
 * Bearer` token is an API token (cvd_hub_token_auth), else the session cookie is a session
 * (cvd_hub_session, with the CSRF token derived from its secret). ret->data points to the
 * struct cvd_principal, allocated in the request's arena. CVD_EAUTH when neither names
 * anyone: the request goes on anonymous. Follow-up secrets are not looked at here: they are
 * path parameters, and their routes check them.
 */
int srv_hub_authenticate(void *hub, struct srv_req *req, struct srv_principal *ret);

#endif
