# Varnish 7.1 in front of toasoan: the full-page cache for anonymous readers.
#
# - Pages are kept as long as the app says (s-maxage: a day for pages, a minute for a
#   404) and purged by surrogate key the moment the newsroom changes what they show:
#   the app sends `PURGE` with an `xkey` header (varnish-modules' xkey vmod).
# - Grace: a page past its TTL is served at once while a fresh copy is fetched in the
#   background; while the app is down (its probe fails) pages are served up to 24 h stale.
# - /static/ and /media/ come from nginx (files on disk, no Python).
# - Whoever carries a session cookie (staff) and every non-GET passes to the app.
# `make prod-up` replaces the ports below with its own (APP_PORT, FILES_PORT).
vcl 4.1;

import std;
import xkey;

# Sick after 4 of the last 5 probes failed (8 s): a worker pool busy with a burst of
# uncached pages answers slowly, not never, and must not be taken for a dead one.
probe app_alive {
    .url = "/robots.txt";
    .interval = 2s;
    .timeout = 3s;
    .window = 5;
    .threshold = 2;
}

backend app {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = app_alive;
    # A page that takes longer than this to render is an error page, not a wait.
    .first_byte_timeout = 30s;
    .connect_timeout = 1s;
}

backend files {
    .host = "127.0.0.1";
    .port = "8002";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

acl front {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey) {
            return (synth(400, "xkey header required"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey);
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }
    # The app sees the reader's address here, never one a client wrote itself: only the
    # TLS front on this machine (deploy/nginx/tls-front.conf) may pass it on.
    if (client.ip !~ front || !req.http.X-Real-IP) {
        set req.http.X-Real-IP = client.ip;
    }
    if (req.url ~ "^/(static|media)/") {
        set req.backend_hint = files;
        unset req.http.Cookie;
        return (hash);
    }
    set req.backend_hint = app;
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/quan-tri(/|$)" || req.http.Authorization
            || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # The comment block and the API carry the CSRF cookie; they are never cached.
    if (req.url ~ "^/(binh-luan|api)/") {
        return (pass);
    }
    # Readers' other cookies (analytics, the CSRF token) change nothing on a page.
    unset req.http.Cookie;
    # Serve stale only briefly while the app is up; up to the full grace while it is down.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
    set beresp.grace = 24h;
    set beresp.keep = 24h;
    if (bereq.url ~ "^/static/") {
        # Hashed names: a changed file is a new URL.
        set beresp.ttl = 365d;
    } else if (bereq.url ~ "^/media/") {
        set beresp.ttl = 7d;
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-cache|no-store") {
        # Remember for two minutes not to wait for this URL (hit-for-miss).
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # A server error is never kept: while a stale copy exists (a background refresh),
    # the fetch is abandoned and the stale copy stays; else the error passes through.
    if (beresp.status >= 500) {
        if (bereq.is_bgfetch) {
            return (abandon);
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
}

sub vcl_backend_error {
    # The app is unreachable and nothing stale is left: a short Vietnamese page.
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "5";
    synthetic({"<!doctype html><html lang="vi"><meta charset="utf-8"><title>Tạm gián đoạn</title><p>Trang báo đang tạm gián đoạn. Xin bạn thử lại sau ít phút.</p></html>"});
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
