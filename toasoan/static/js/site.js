// Progressive enhancements only: every page reads fine without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  // Reading comfort, remembered on this device (localStorage: no cookie, so pages stay
  // cacheable): text size in four steps, and a dark page (the system's choice until the
  // reader makes one).
  function stored(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function store(key, value) { try { window.localStorage.setItem(key, value); } catch (e) {} }
  var sizes = ["fs-small", "", "fs-large", "fs-xlarge"];
  var size = parseInt(stored("toasoan:font") || "1", 10);
  if (!(size >= 0 && size < sizes.length)) { size = 1; }
  var theme = stored("toasoan:theme");
  var dark = theme ? theme === "dark"
    : !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  function apply() {
    sizes.forEach(function (c) { if (c) { root.classList.remove(c); } });
    if (sizes[size]) { root.classList.add(sizes[size]); }
    root.classList.toggle("dark", dark);
  }
  apply();
  var tools = document.querySelector("[data-reader-tools]");
  if (tools) {
    tools.hidden = false;
    var themeButton = tools.querySelector("[data-theme-toggle]");
    function label() {
      themeButton.textContent = dark ? "Nền sáng" : "Nền tối";
      themeButton.setAttribute("aria-pressed", dark ? "true" : "false");
    }
    label();
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      if (button.hasAttribute("data-font")) {
        size = Math.min(sizes.length - 1, Math.max(0, size + parseInt(button.getAttribute("data-font"), 10)));
        store("toasoan:font", String(size));
      } else if (button === themeButton) {
        dark = !dark;
        store("toasoan:theme", dark ? "dark" : "light");
        label();
      }
      apply();
    });
  }
  // Phones: the menu button opens and closes the list of sections.
  var menu = document.querySelector("[data-menu]");
  if (menu) {
    menu.addEventListener("click", function () {
      var nav = menu.parentNode;
      var open = nav.classList.toggle("open");
      menu.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // The banner stays closed once closed. localStorage, not a cookie: article pages must
  // stay cacheable for anonymous readers (no Set-Cookie, no Vary: Cookie).
  var banner = document.getElementById("banner");
  if (banner) {
    var key = "toasoan:banner-closed:" + (banner.getAttribute("data-banner-key") || "");
    var closed = false;
    try { closed = window.localStorage.getItem(key) === "1"; } catch (e) {}
    if (closed) { banner.hidden = true; }
    var button = banner.querySelector("[data-close-banner]");
    if (button) {
      button.addEventListener("click", function () {
        banner.hidden = true;
        try { window.localStorage.setItem(key, "1"); } catch (e) {}
      });
    }
  }
  // "Đọc nhiều": one beacon per article read (the page itself comes from the cache and
  // cannot count; Varnish answers it and counts it from its log), and the block, which
  // Varnish puts in the page; fetched from /doc-nhieu (cached five minutes) only where
  // the page does not hold it (no Varnish in front, or its include failed).
  var read = document.querySelector("[data-article-id]");
  if (read && navigator.sendBeacon) {
    navigator.sendBeacon("/xem/" + read.getAttribute("data-article-id"));
  }
  var slot = document.querySelector("[data-most-read]");
  if (slot && !slot.querySelector(".most-read") && window.fetch) {
    fetch(slot.getAttribute("data-most-read")).then(function (r) {
      return r.ok ? r.text() : Promise.reject(r.status);
    }).then(function (html) { slot.innerHTML = html; }, function () { /* the link stays */ });
  }
  // "Sao chép liên kết" appears only where the clipboard API exists.
  var copy = document.querySelector("[data-copy]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.getAttribute("data-copy")).then(function () {
        copy.textContent = "Đã sao chép";
      });
    });
  }
  // On phones, the system's own share sheet (Zalo, Messenger…) through the Web Share API;
  // nothing of a third party is loaded until the reader picks one.
  var share = document.querySelector("[data-web-share]");
  if (share && navigator.share) {
    share.hidden = false;
    share.addEventListener("click", function () {
      navigator.share({ title: share.getAttribute("data-title"), url: share.getAttribute("data-web-share") })
        .catch(function () {});
    });
  }
})();

// Comments: the article page is cached and cookie-free; its comment block is the same
// for every reader, cached on its own (/binh-luan/<id>/?khung=1) and put in the page by
// Varnish, or fetched from there where the page holds only its fallback. What is
// this reader's own (CSRF token, form and reader tokens, idempotency key) is asked for
// only when they start to write, like or report: a reader who only reads sends nothing
// the cache cannot answer. Without JavaScript the block's link opens the same content as
// a page of its own, with everything filled in, and every form there works by plain POST.
(function () {
  "use strict";
  var section = document.querySelector("[data-comments-src]");
  if (!section || !window.fetch) { return; }
  // The shared block's forms show only where this script can fill them in (site.css).
  document.documentElement.classList.add("js-comments");
  var tokens = null;
  var tokensAt = 0;
  var asking = null;
  // The form token proves the form was open a few seconds (the server refuses faster
  // sends) and lasts four hours: a send waits out the first, the tokens are asked again
  // before the second.
  var MIN_OPEN_MS = 3500;
  var TOKENS_MAX_AGE_MS = 3 * 3600 * 1000;

  function newKey() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID().replace(/-/g, "") : String(Date.now()) + Math.random();
  }

  function fill() {
    if (!tokens) { return; }
    section.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (i) { i.value = tokens.csrf_token; });
    var form = section.querySelector("[data-comment-form]");
    if (!form) { return; }
    form.elements.ts.value = tokens.form_token;
    // Each comment its own key, made here: a block loaded again must not bring back the
    // key of a comment already sent (the server would take the new one for a retry).
    if (!form.elements.idempotency_key.value) { form.elements.idempotency_key.value = newKey(); }
    if (form.elements.reader && !form.elements.reader.value) {
      var kept = null;
      try { kept = window.localStorage.getItem("toasoan:reader"); } catch (e) {}
      form.elements.reader.value = kept || tokens.reader_token;
      try { if (!kept) { window.localStorage.setItem("toasoan:reader", tokens.reader_token); } } catch (e) {}
    }
  }

  function ensureSession() {
    if (tokens && Date.now() - tokensAt > TOKENS_MAX_AGE_MS) { tokens = null; asking = null; }
    if (tokens) { fill(); return Promise.resolve(tokens); }
    if (!asking) {
      var src = section.getAttribute("data-comments-src").split("?")[0];
      asking = fetch(src.replace(/\/?$/, "/") + "phien", {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (t) { tokens = t; tokensAt = Date.now(); fill(); return t; }, function (e) { asking = null; throw e; });
    }
    return asking;
  }

  function load(url) {
    var sep = url.indexOf("?") < 0 ? "?" : "&";
    return fetch(url + (url.indexOf("khung=1") < 0 ? sep + "khung=1" : ""), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) { section.innerHTML = html; wire(); });
  }

  function say(box, text) {
    box.textContent = text;
    box.hidden = !text;
  }

  // A server that is restarting answers {retry: true} (503): the same form, with the
  // same idempotency key, is sent again a few seconds later, so nothing is stored twice.
  function post(form, extra, tries) {
    return ensureSession().then(function () {
      var wait = tokensAt + MIN_OPEN_MS - Date.now();
      return wait > 0 ? new Promise(function (done) { setTimeout(done, wait); }) : null;
    }).then(function () { return send(form, extra, tries); }, function () {
      return { status: "error", message: "Mất kết nối với tòa soạn; vui lòng thử lại sau ít giây." };
    });
  }

  function send(form, extra, tries) {
    var data = new FormData(form);
    if (extra) { Object.keys(extra).forEach(function (k) { data.set(k, extra[k]); }); }
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (r) {
      return r.json().catch(function () { return { status: "error", message: "Không gửi được. Vui lòng thử lại." }; });
    }, function () {
      return { status: "error", message: "Mất kết nối. Bình luận chưa được gửi; vui lòng bấm Gửi lại." };
    }).then(function (res) {
      tries = tries || 0;
      if (!res.retry || tries >= 3) { return res; }
      return new Promise(function (done) { setTimeout(done, 3000 * (tries + 1)); })
        .then(function () { return send(form, extra, tries + 1); });
    });
  }

  function wire() {
    var form = section.querySelector("[data-comment-form]");
    var message = section.querySelector("[data-comment-message]");
    fill();  // a block loaded again (another page, a new comment) after the reader acted
    section.querySelectorAll("[data-comment-form], [data-small-form]").forEach(function (f) {
      f.addEventListener("focusin", function () { ensureSession().catch(function () {}); });
    });
    section.querySelectorAll("[data-comments-nav]").forEach(function (a) {
      a.addEventListener("click", function (e) { e.preventDefault(); load(a.href); });
    });
    // A like or a report answers beside its own button (on a phone the block's top is
    // screens away); a like's new count shows at once.
    section.querySelectorAll("[data-small-form]").forEach(function (f) {
      f.addEventListener("submit", function (e) {
        e.preventDefault();
        post(f).then(function (res) {
          var button = f.querySelector("button");
          if (typeof res.likes === "number" && button) {
            button.textContent = "Thích (" + res.likes + ")";
            button.disabled = true;
          }
          var note = f.querySelector("[data-small-message]");
          if (!note) {
            note = document.createElement("span");
            note.setAttribute("role", "status");
            note.setAttribute("data-small-message", "");
            note.className = "small-message";
            f.appendChild(note);
          }
          note.textContent = " " + (res.message || "");
        });
      });
    });
    if (!form) { return; }
    // What this browser keeps (localStorage, not a cookie: the article pages must stay
    // cacheable): the reader's name and e-mail for the next comment, and one signed
    // reader token, so the limits count per browser and two readers behind one office
    // or carrier address can both comment. Filled now and after each sent comment.
    function fillFromBrowser() {
      try {
        var remembered = JSON.parse(window.localStorage.getItem("toasoan:commenter") || "{}");
        ["name", "email"].forEach(function (k) {
          if (form.elements[k] && !form.elements[k].value && remembered[k]) { form.elements[k].value = remembered[k]; }
        });
        if (form.elements.reader) {
          // The reader token comes with the session (fill) unless this browser has one.
          var kept = window.localStorage.getItem("toasoan:reader");
          if (kept) { form.elements.reader.value = kept; }
        }
      } catch (e) {}
    }
    fillFromBrowser();
    var formMessage = form.querySelector("[data-form-message]");
    var errors = form.querySelector("[data-form-errors]");
    var box = form.querySelector("[data-restore-box]");
    var body = form.elements.body;
    section.querySelectorAll("[data-reply]").forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        form.elements.parent.value = a.getAttribute("data-reply");
        var to = form.querySelector("[data-reply-to]");
        to.querySelector("[data-reply-name]").textContent = a.getAttribute("data-reply-name");
        to.hidden = false;
        body.focus();
      });
    });
    var cancel = form.querySelector("[data-cancel-reply]");
    if (cancel) {
      cancel.addEventListener("click", function (e) {
        e.preventDefault();
        form.elements.parent.value = "";
        form.querySelector("[data-reply-to]").hidden = true;
      });
    }
    var keep = false;
    var keepButton = form.querySelector("[data-keep-original]");
    if (keepButton) { keepButton.addEventListener("click", function () { keep = true; }); }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var extra = keep ? { body: form.elements.original.value } : null;
      keep = false;
      var button = form.querySelector("button[type=submit].button");
      button.disabled = true;
      say(errors, "");
      if (formMessage) { say(formMessage, ""); }
      post(form, extra).then(function (res) {
        button.disabled = false;
        if (res.status === "confirm") {
          form.elements.original.value = body.value;
          form.elements.confirmed.value = "True";
          if (res.restored_name) { form.elements.name.value = res.restored_name; }
          form.querySelector("[data-restore-original]").textContent = body.value;
          body.value = res.restored;
          box.hidden = false;
          say(message, "");
          body.focus();
        } else if (res.status === "pending" || res.status === "approved") {
          try {
            window.localStorage.setItem("toasoan:commenter", JSON.stringify({
              name: form.elements.name.value, email: form.elements.email.value
            }));
          } catch (e) {}
          var token = form.elements.idempotency_key;
          form.reset();
          form.elements.original.value = "";
          form.elements.confirmed.value = "";
          // A new comment gets a new key; a retry of this one reused the old key.
          token.value = newKey();
          box.hidden = true;
          fillFromBrowser();
          say(formMessage || message, res.message);
          if (res.status === "approved") { load(section.getAttribute("data-comments-src")); }
        } else {
          say(errors, res.message || "Không gửi được bình luận.");
          if (errors.scrollIntoView) { errors.scrollIntoView({ block: "nearest" }); }
        }
      });
    });
  }

  if (section.querySelector("[data-comments-inner]")) {
    wire();
  } else {
    load(section.getAttribute("data-comments-src")).catch(function () { /* the link stays */ });
  }
})();

// Rich bodies: an embed's player only after the reader taps its poster (until then the
// page asks nothing of YouTube, Facebook, TikTok or X), galleries' arrows and the
// full-screen viewer (no third-party script; each photo keeps its own #link).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var poster = event.target.closest && event.target.closest(".embed-poster");
    if (!poster) { return; }
    var frame = poster.parentNode;
    var src = frame.getAttribute("data-embed");
    if (!src) { return; }
    event.preventDefault();
    var iframe = document.createElement("iframe");
    iframe.src = src;
    iframe.title = frame.getAttribute("data-embed-title") || "Video";
    iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    iframe.setAttribute("allowfullscreen", "");
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    frame.replaceChild(iframe, poster);
    iframe.focus();
  });

  var galleries = document.querySelectorAll("[data-gallery]");
  if (!galleries.length || !window.HTMLDialogElement) { return; }
  var viewer, stage, caption, count, items, index;
  function build() {
    viewer = document.createElement("dialog");
    viewer.className = "viewer";
    viewer.setAttribute("aria-label", "Xem ảnh toàn màn hình");
    viewer.innerHTML = '<div class="viewer-stage"></div><div class="viewer-bar">' +
      '<div class="viewer-controls"><span class="viewer-count"></span>' +
      '<button type="button" data-step="-1" aria-label="Ảnh trước">‹</button>' +
      '<button type="button" data-step="1" aria-label="Ảnh sau">›</button>' +
      '<button type="button" data-close aria-label="Đóng">✕</button></div><p class="viewer-caption"></p></div>';
    document.body.appendChild(viewer);
    stage = viewer.querySelector(".viewer-stage");
    caption = viewer.querySelector(".viewer-caption");
    count = viewer.querySelector(".viewer-count");
    viewer.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      if (button.hasAttribute("data-close")) { viewer.close(); } else { show(index + parseInt(button.getAttribute("data-step"), 10)); }
    });
    viewer.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { show(index + 1); } else if (event.key === "ArrowLeft") { show(index - 1); }
    });
    var startX = null;
    stage.addEventListener("pointerdown", function (event) { startX = event.clientX; });
    stage.addEventListener("pointerup", function (event) {
      if (startX === null) { return; }
      var dx = event.clientX - startX;
      startX = null;
      if (Math.abs(dx) > 40) { show(index + (dx < 0 ? 1 : -1)); }
    });
    viewer.addEventListener("close", function () {
      var item = items && items[index];
      if (item) { item.scrollIntoView({ block: "nearest", inline: "center" }); }
    });
  }
  function show(i) {
    if (i < 0 || i >= items.length) { return; }
    index = i;
    var item = items[i];
    var picture = item.querySelector("picture").cloneNode(true);
    Array.prototype.forEach.call(picture.querySelectorAll("source, img"), function (el) {
      el.setAttribute("sizes", "100vw");
    });
    var img = picture.querySelector("img");
    img.removeAttribute("loading");
    stage.replaceChildren(picture);
    count.textContent = (i + 1) + "/" + items.length;
    var text = item.querySelector(".gallery-caption");
    caption.textContent = text ? text.textContent.replace(/^\s*\d+\/\d+\s*/, "") : "";
    if (window.history.replaceState) { window.history.replaceState(null, "", "#" + item.id); }
  }
  Array.prototype.forEach.call(galleries, function (gallery) {
    var track = gallery.querySelector(".gallery-track");
    if (!gallery.classList.contains("gallery--story")) {
      var nav = document.createElement("div");
      nav.className = "gallery-nav";
      nav.innerHTML = '<button type="button" data-step="-1" aria-label="Ảnh trước">‹</button>' +
        '<button type="button" data-step="1" aria-label="Ảnh sau">›</button>';
      nav.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (button) { track.scrollBy({ left: parseInt(button.getAttribute("data-step"), 10) * track.clientWidth * 0.9, behavior: "smooth" }); }
      });
      gallery.appendChild(nav);
    }
    gallery.addEventListener("click", function (event) {
      var link = event.target.closest(".gallery-open");
      if (!link) { return; }
      event.preventDefault();
      if (!viewer) { build(); }
      items = gallery.querySelectorAll(".gallery-item");
      viewer.showModal();
      show(Array.prototype.indexOf.call(items, link.parentNode));
    });
  });
})();
