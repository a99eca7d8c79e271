/* The episode's player is the browser's <audio>: skip ±15 s, speed 1×–2×, the position
   remembered on this phone (localStorage, per episode) and offered back, transcript and
   chapter times that seek. Without JavaScript the browser's own controls remain. */
(function () {
  "use strict";
  var box = document.querySelector("[data-podcast-player]");
  var article = document.querySelector("[data-episode]");
  if (!box || !article) return;
  var audio = box.querySelector("audio");
  var key = "toasoan-podcast:" + article.dataset.episode;
  var controls = box.querySelector(".podcast-controls");
  controls.hidden = false;

  box.querySelectorAll("[data-skip]").forEach(function (button) {
    button.addEventListener("click", function () {
      var to = audio.currentTime + Number(button.dataset.skip);
      audio.currentTime = Math.max(0, Math.min(to, audio.duration || to));
    });
  });
  var speed = box.querySelector("[data-speed]");
  try {
    var savedSpeed = window.localStorage.getItem("toasoan-podcast-speed");
    if (savedSpeed) speed.value = savedSpeed;
  } catch (e) { /* private mode */ }
  audio.playbackRate = Number(speed.value) || 1;
  speed.addEventListener("change", function () {
    audio.playbackRate = Number(speed.value) || 1;
    try { window.localStorage.setItem("toasoan-podcast-speed", speed.value); } catch (e) { /* ignore */ }
  });
  audio.addEventListener("ratechange", function () {
    if (String(audio.playbackRate) !== speed.value) audio.playbackRate = Number(speed.value) || 1;
  });

  document.querySelectorAll("[data-seek]").forEach(function (button) {
    button.addEventListener("click", function () {
      audio.currentTime = Number(button.dataset.seek);
      audio.play().catch(function () { /* the reader presses play */ });
    });
  });

  // Where the listener stopped: saved every few seconds, offered back on return.
  var saved = 0;
  try { saved = Number(window.localStorage.getItem(key)) || 0; } catch (e) { /* ignore */ }
  if (saved > 5) {
    audio.addEventListener("loadedmetadata", function restore() {
      audio.removeEventListener("loadedmetadata", restore);
      if (saved < (audio.duration || 0) - 5) audio.currentTime = saved;
    });
    if (audio.readyState >= 1 && saved < audio.duration - 5) audio.currentTime = saved;
  }
  var last = 0;
  audio.addEventListener("timeupdate", function () {
    if (Math.abs(audio.currentTime - last) < 3) return;
    last = audio.currentTime;
    try { window.localStorage.setItem(key, String(Math.floor(audio.currentTime))); } catch (e) { /* ignore */ }
  });
  audio.addEventListener("ended", function () {
    try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
  });
})();
