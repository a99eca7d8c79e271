# Varnish 7.1 in front of toasoan: the full-page cache for anonymous readers.
#
# - Pages are kept as long as the app says (s-maxage: a day for pages, a minute for a
#   404) and purged by surrogate key the moment the newsroom changes what they show:
#   the app sends `PURGE` with an `xkey` header (varnish-modules' xkey vmod).
# - Purges are soft for changes (an edit, a comment, settings): the old copy is kept,
#   expired, for 24 h of grace; hard for removals (unpublish, move, delete), which must
#   never be shown again. The app asks for one or the other (`xkey-mode: soft`).
# - Stale if error: while the app answers, an expired or soft-purged page is fetched
#   afresh before anyone sees it (a correction is never shown late); when that fetch
#   fails (a 5xx, or nothing answers) the request starts again, once, with 24 h of grace
#   and gets the stale copy if there is one. While the probe finds the app down, stale
#   copies are served at once.
# - The blocks every reader of a page shares (its comments, "Đọc nhiều") are put into
#   it here, as Edge Side Includes, each from its own cached copy purged by its own keys:
#   a view is one request, not three (toasoan.serving.edge). An include that fails
#   leaves its place empty, never an error page inside the article.
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
    # Purges are accepted only on a listener of their own (varnishd -a
    # purge=127.0.0.1:PORT, the app's TOASOAN_PURGE_URLS), which no front forwards to:
    # on the readers' listener every request comes from 127.0.0.1 through the TLS front,
    # so an address check alone let anyone on the internet empty the cache.
    if (local.socket == "purge" && req.method != "PURGE") {
        return (synth(405, "Method Not Allowed"));
    }
    if (req.method == "PURGE" || req.method == "BAN") {
        if (local.socket != "purge" || client.ip !~ purgers) {
            return (synth(405, "Method Not Allowed"));
        }
        if (!req.http.xkey) {
            return (synth(400, "xkey header required"));
        }
        if (req.http.xkey-mode == "soft") {
            set req.http.n-gone = xkey.softpurge(req.http.xkey);
        } else {
            set req.http.n-gone = xkey.purge(req.http.xkey);
        }
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }
    # Includes are marked for vcl_backend_*: a failed one must leave an empty place.
    unset req.http.X-Edge-Empty;
    if (req.esi_level > 0) {
        set req.http.X-Edge-Include = "1";
    } else {
        unset req.http.X-Edge-Include;
    }
    # The app sees the reader's address here, never one a client wrote itself: only the
    # TLS front on this machine (deploy/nginx/tls-front.conf) may pass it on.
    if (client.ip !~ front || !req.http.X-Real-IP) {
        set req.http.X-Real-IP = client.ip;
    }
    # "Đọc nhiều": the view beacon is answered here, never passed to the app;
    # `toasoan view-counter` counts it from this log (varnishncsa), with X-Real-IP.
    if (req.method == "POST" && req.url ~ "^/xem/[0-9]{1,12}$") {
        return (synth(204));
    }
    # Readers get renditions, never the uploaded originals (nor uploads waiting for
    # their form; the admin shows renditions too): the app answers with the paper's 404.
    if (req.url ~ "^/media/(original_images|uploads)/") {
        set req.backend_hint = app;
        return (pass);
    }
    # Social and campaign tags (Facebook's fbclid, Zalo's zarsrc, utm_*, Google's
    # gclid...) change nothing on a page: taken off before the lookup, so a shared link's
    # every click is a hit on the one cached copy (the app's canonical URL has none).
    if (req.url ~ "[?&](utm_[a-z_]+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|zarsrc|zalo_[a-z_]+|_ga|_gl|mc_cid|mc_eid|igshid)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z_]+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|zarsrc|zalo_[a-z_]+|_ga|_gl|mc_cid|mc_eid|igshid)=[^&#]*(&|(?=#)|$)", "");
        set req.url = regsub(req.url, "[?&]+(#|$)", "\1");
    }
    if (req.url ~ "^/(static|media)/") {
        set req.backend_hint = files;
        unset req.http.Cookie;
        # A video's MP4 (hundreds of MB, read in byte ranges) streams from nginx
        # instead of filling the cache; its HLS segments (a few MB each) are cached.
        if (req.url ~ "^/media/video/.*\.mp4$" && req.url !~ "/init\.mp4$") {
            return (pass);
        }
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
    # The comment block as site.js fetches it (?khung=1) is the same for every reader and
    # cached like a page (purged by its article's comment key); the rest of /binh-luan/
    # (the reader's tokens, posting, the page without JavaScript) and the API carry the
    # CSRF cookie and are never cached.
    if (req.url ~ "^/(binh-luan|api)/"
            && req.url !~ "^/binh-luan/[0-9]+/\?([^#]*&)?khung=1(&|$)") {
        return (pass);
    }
    # Readers' other cookies (analytics, the CSRF token) change nothing on a page.
    unset req.http.Cookie;
    # Stale copies: none while the app is up (the fetch comes first), the full grace when
    # a fetch has just failed (the restart below) or the probe finds the app down.
    if (req.restarts > 0 && req.http.X-Stale-If-Error) {
        set req.grace = 24h;
    } else if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
        unset req.http.X-Stale-If-Error;
    }
    return (hash);
}

sub vcl_backend_fetch {
    # The app puts includes in the pages it sends here (and only here).
    set bereq.http.Surrogate-Capability = "varnish=ESI/1.0";
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Control ~ "ESI/1.0") {
        unset beresp.http.Surrogate-Control;
        set beresp.do_esi = true;
    }
    set beresp.grace = 24h;
    set beresp.keep = 24h;
    if (bereq.url ~ "^/static/") {
        # Hashed names: a changed file is a new URL.
        set beresp.ttl = 365d;
    } else if (bereq.url ~ "^/media/") {
        set beresp.ttl = 7d;
    }
    # A server error is never kept, and is looked at first (an error page's no-store
    # must not make its URL uncacheable for two minutes). A background refresh that fails
    # is abandoned (the stale copy stays); so is a reader's cacheable fetch, the first
    # time: vcl_synth starts the request again with grace, for the stale copy. The second
    # time (or for a pass: a POST's body cannot be sent twice) the app's own error page
    # passes through.
    if (beresp.status >= 500) {
        if (bereq.is_bgfetch || (!bereq.uncacheable && !bereq.http.X-Stale-If-Error)) {
            return (abandon);
        }
        if (bereq.http.X-Edge-Include) {
            return (error(503));
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # An include that is not its block (a 404 after a takedown...) leaves its place
    # empty at once (no second try): vcl_backend_error.
    if (bereq.http.X-Edge-Include && beresp.status != 200) {
        set bereq.http.X-Edge-Empty = "1";
        return (error(beresp.status));
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-cache|no-store") {
        # Remember for two minutes not to wait for this URL (hit-for-miss).
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_backend_error {
    if (!bereq.http.X-Edge-Empty
            && (bereq.is_bgfetch || (!bereq.uncacheable && !bereq.http.X-Stale-If-Error))) {
        return (abandon);  # as for a 5xx above: the stale copy, if any, comes next
    }
    if (bereq.http.X-Edge-Include) {
        # In the include's place: the block's link, which site.js replaces by the
        # block it fetches. Not kept, and for 5 s every
        # reader's include goes to the app on its own (hit-for-miss) instead of
        # queueing behind one fetch.
        set beresp.status = 200;
        set beresp.ttl = 5s;
        set beresp.uncacheable = true;
        if (bereq.url ~ "^/binh-luan/[0-9]+/") {
            synthetic({"<p><a class="button" href=""} + regsub(bereq.url, "^(/binh-luan/[0-9]+/).*$", "\1")
                + {"">Xem bình luận</a></p>"});
        } else if (bereq.url ~ "^/doc-nhieu") {
            synthetic({"<p class="box most-read-link"><a href="/doc-nhieu">Tin đọc nhiều hôm nay</a></p>"});
        } else {
            synthetic("");
        }
        return (deliver);
    }
    # The app is unreachable and nothing stale is left: a short Vietnamese page.
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "5";
    synthetic({"<!doctype html><html lang="vi"><meta charset="utf-8"><title>Tạm gián đoạn</title><p>Trang báo đang tạm gián đoạn. Xin bạn thử lại sau ít phút.</p></html>"});
    return (deliver);
}

sub vcl_synth {
    # The view beacon's answer: nothing, and nothing to keep (no built-in error page).
    if (resp.status == 204) {
        set resp.http.Cache-Control = "no-store";
        return (deliver);
    }
    # An abandoned fetch (see vcl_backend_response) comes here as a 503: once, a reader's
    # GET starts again, asking for a stale copy.
    if (resp.status == 503 && req.restarts == 0 && (req.method == "GET" || req.method == "HEAD")
            && !req.http.X-Stale-If-Error) {
        set req.http.X-Stale-If-Error = "1";
        return (restart);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The readers' front (deploy/nginx/front.conf) may keep what is cached here until the
    # end of the current second; what passes (staff, forms, a reader's own tokens, a stale
    # copy) it may not. An absolute second: nginx counts whole seconds, and "1" would
    # keep a copy up to two.
    # A stale copy (grace) or anything else: "0", kept nowhere (nginx would otherwise
    # read the page's s-maxage and keep it a day).
    if (obj.ttl > 0s && !obj.uncacheable) {
        set resp.http.X-Accel-Expires = "@" + std.integer(time=now);
    } else {
        set resp.http.X-Accel-Expires = "0";
    }
    unset resp.http.xkey;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    # Which software (and which version) answers is nobody's business.
    unset resp.http.Server;
    unset resp.http.X-Powered-By;
}
