/* The paper's player is the browser's own <video> or <audio>: Safari and recent Chrome
   play HLS themselves; other browsers get hls.js (vendored, loaded only on pages with a
   player), which fetches the playlist only when the reader presses play. Captions are
   the element's <track>s; without JavaScript the MP4 plays. A live channel that fails
   shows the paper's message instead of a broken player. */
(function () {
  "use strict";
  if (window.toasoanPlayer) return;
  window.toasoanPlayer = true;

  function nativeHls(media) {
    return media.canPlayType("application/vnd.apple.mpegurl") !== "";
  }

  function streamDown(media) {
    var message = document.querySelector("[data-stream-down]");
    if (!media.dataset.live || !message) return false;
    message.hidden = false;
    var box = media.closest(".video-box");
    if (box) box.hidden = true;
    return true;
  }

  function fallback(media) {
    if (streamDown(media)) return;
    // Give the MP4 back to the reader rather than a player that does nothing.
    var mp4 = media.querySelector('source[type="video/mp4"]');
    if (mp4) {
      media.src = mp4.src;
      media.play().catch(function () { /* the reader presses play again */ });
    }
  }

  function attach(media) {
    if (media.dataset.attached) return;
    media.dataset.attached = "1";
    var hls = new window.Hls({ enableWorker: false, capLevelToPlayerSize: true });
    var loaded = false;
    hls.attachMedia(media);
    hls.on(window.Hls.Events.ERROR, function (event, data) {
      if (!data.fatal) return;
      hls.destroy();
      fallback(media);
    });
    media.addEventListener("play", function () {
      if (loaded) return;
      loaded = true;
      hls.loadSource(media.dataset.hls);
    });
  }

  function init() {
    var players = Array.prototype.slice.call(document.querySelectorAll("video[data-hls], audio[data-hls]"));
    if (!players.length) return;
    var needHls = [];
    players.forEach(function (media) {
      if (nativeHls(media)) {
        media.src = media.dataset.hls;
        if (media.dataset.live) media.addEventListener("error", function () { streamDown(media); });
      } else {
        needHls.push(media);
      }
    });
    if (!needHls.length || !window.MediaSource) return; // the MP4 (or the link) plays
    var script = document.createElement("script");
    script.src = needHls[0].dataset.hlsScript;
    script.onload = function () {
      if (!window.Hls || !window.Hls.isSupported()) return;
      needHls.forEach(attach);
    };
    document.head.appendChild(script);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
