/* The paper's video player is the browser's own <video>: Safari plays HLS itself, other
   browsers get hls.js (vendored, loaded only on pages with a video) which fetches the
   playlist only when the reader presses play. Captions are the <video>'s <track>s;
   without JavaScript the MP4 plays. */
(function () {
  "use strict";
  if (window.toasoanPlayer) return;
  window.toasoanPlayer = true;

  function nativeHls(video) {
    return video.canPlayType("application/vnd.apple.mpegurl") !== "";
  }

  function attach(video) {
    if (video.dataset.attached) return;
    video.dataset.attached = "1";
    var hls = new window.Hls({ enableWorker: false, capLevelToPlayerSize: true, autoStartLoad: true });
    var loaded = false;
    hls.attachMedia(video);
    hls.on(window.Hls.Events.ERROR, function (event, data) {
      if (!data.fatal) return;
      // Give the MP4 back to the reader rather than a player that does nothing.
      hls.destroy();
      var mp4 = video.querySelector('source[type="video/mp4"]');
      if (mp4) {
        video.src = mp4.src;
        video.play().catch(function () { /* the reader presses play again */ });
      }
    });
    video.addEventListener("play", function () {
      if (loaded) return;
      loaded = true;
      hls.loadSource(video.dataset.hls);
    });
  }

  function init() {
    var videos = Array.prototype.slice.call(document.querySelectorAll("video[data-hls]"));
    if (!videos.length) return;
    var needHls = videos.filter(function (v) { return !nativeHls(v); });
    videos.forEach(function (v) {
      if (nativeHls(v)) v.src = v.dataset.hls;
    });
    if (!needHls.length || !window.MediaSource) return; // the MP4 plays
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
