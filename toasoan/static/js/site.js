// Progressive enhancements only: every page reads fine without this file.
(function () {
  "use strict";
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
})();
