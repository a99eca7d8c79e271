/* The print page viewer: swipe or arrow keys to the next page, a zoom button (and
   double tap) to read the page at 2.5×, the browser's own pinch zoom left alone. The
   page works without it: the links "Trang 2 →" and the thumbnails do the same. */
(function () {
  "use strict";
  var frame = document.querySelector("[data-print-frame]");
  if (!frame) return;
  var prev = document.querySelector("[data-print-prev]");
  var next = document.querySelector("[data-print-next]");
  var zoom = document.querySelector("[data-print-zoom]");

  function go(link) { if (link) window.location.href = link.href; }
  function zoomed() {
    var pinched = window.visualViewport && window.visualViewport.scale > 1.05;
    return pinched || frame.classList.contains("zoomed");
  }
  var pictures = frame.querySelectorAll("img[sizes], source[sizes]");
  var sizes = pictures.length ? pictures[0].getAttribute("sizes") : "";
  function setZoom(on, x, y) {
    frame.classList.toggle("zoomed", on);
    // Zoomed, the page is 2.5 times the window: the browser picks the large picture.
    pictures.forEach(function (p) { p.setAttribute("sizes", on ? "250vw" : sizes); });
    zoom.setAttribute("aria-pressed", on ? "true" : "false");
    zoom.textContent = on ? "Thu nhỏ" : "Phóng to";
    if (on && x !== undefined) {
      frame.scrollLeft = x * frame.scrollWidth - frame.clientWidth / 2;
      var top = frame.getBoundingClientRect().top + window.scrollY;
      window.scrollTo(0, top + y * frame.scrollHeight - window.innerHeight / 2);
    }
  }
  zoom.hidden = false;
  zoom.addEventListener("click", function () { setZoom(!frame.classList.contains("zoomed")); });

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || /INPUT|TEXTAREA|SELECT/.test(e.target.tagName)) return;
    if (zoomed()) return;  // the arrows move over the zoomed page
    if (e.key === "ArrowLeft") go(prev);
    else if (e.key === "ArrowRight") go(next);
  });

  var start = null, lastTap = 0;
  frame.addEventListener("touchstart", function (e) {
    start = e.touches.length === 1 ? { x: e.touches[0].clientX, y: e.touches[0].clientY, t: Date.now() } : null;
  }, { passive: true });
  frame.addEventListener("touchend", function (e) {
    if (!start || e.changedTouches.length !== 1) return;
    var t = e.changedTouches[0], dx = t.clientX - start.x, dy = t.clientY - start.y;
    var began = start; start = null;
    if (!zoomed() && Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(dy) && Date.now() - began.t < 800) {
      e.preventDefault();
      go(dx < 0 ? next : prev);
      return;
    }
    if (Math.abs(dx) < 10 && Math.abs(dy) < 10) {
      var now = Date.now();
      if (now - lastTap < 300) {  // double tap: zoom in where the finger is
        e.preventDefault();
        var box = frame.firstElementChild.getBoundingClientRect();
        setZoom(!frame.classList.contains("zoomed"), (t.clientX - box.left) / box.width, (t.clientY - box.top) / box.height);
        lastTap = 0;
      } else {
        lastTap = now;
      }
    }
  });

  // A story without a web article links to its text below: open it there.
  function openTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    var details = target && target.querySelector("details");
    if (details) details.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
