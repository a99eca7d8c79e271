/* The newsroom's video uploader: a large file goes in 8 MB pieces, each retried when
   the connection drops, and resumes where it stopped (even after the page is reopened,
   for the same file); the form is then sent with the upload's token instead of the
   file. Without JavaScript the form sends the file whole. */
(function () {
  "use strict";
  var script = document.currentScript;
  var startUrl = script && script.dataset.start;
  var form = document.getElementById("w-editor-form");
  if (!form || !startUrl) return;
  var input = form.querySelector('input[type="file"][name="file"]');
  if (!input) return;
  // Where the finished upload's token goes (a field of the form, not of a panel).
  var tokenField = form.querySelector('input[name="upload_token"]');
  if (!tokenField) {
    tokenField = document.createElement("input");
    tokenField.type = "hidden";
    tokenField.name = "upload_token";
    form.appendChild(tokenField);
  }

  var status = document.createElement("div");
  status.className = "media-upload-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  var bar = document.createElement("progress");
  bar.max = 100;
  bar.value = 0;
  bar.hidden = true;
  bar.style.width = "20rem";
  var text = document.createElement("p");
  text.className = "help";
  status.appendChild(bar);
  status.appendChild(text);
  input.insertAdjacentElement("afterend", status);

  function kindOf() {
    var field = form.querySelector('[name="kind"]');
    return field && field.value === "audio" ? "audio" : "video";
  }

  function csrf() {
    var field = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return field ? field.value : "";
  }

  function say(message, isError) {
    text.textContent = message;
    text.className = isError ? "error-message" : "help";
  }

  function mb(bytes) {
    return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB";
  }

  function keyFor(file) {
    return "toasoan-upload:" + file.name + ":" + file.size + ":" + file.lastModified;
  }

  function sleep(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function json(response) {
    return response.json().catch(function () { return {}; }).then(function (data) {
      data._status = response.status;
      return data;
    });
  }

  function start(file) {
    var saved = null;
    try { saved = window.localStorage.getItem(keyFor(file)); } catch (e) { /* private mode */ }
    var resume = saved
      ? fetch(startUrl + saved + "/", { credentials: "same-origin" }).then(json).then(function (data) {
          return data._status === 200 ? { token: saved, received: data.received, done: data.done } : null;
        }).catch(function () { return null; })
      : Promise.resolve(null);
    return resume.then(function (found) {
      if (found) return found;
      return fetch(startUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ name: file.name, size: file.size, kind: kindOf() }),
      }).then(json).then(function (data) {
        if (data._status !== 200) throw new Error(data.error || "Không bắt đầu tải lên được.");
        try { window.localStorage.setItem(keyFor(file), data.token); } catch (e) { /* ignore */ }
        return data;
      });
    });
  }

  async function send(file) {
    var session = await start(file);
    var token = session.token;
    var received = session.received || 0;
    var chunk = session.chunk || 8388608;
    var failures = 0;
    bar.hidden = false;
    while (received < file.size) {
      bar.value = Math.floor((100 * received) / file.size);
      say("Đang tải lên: " + mb(received) + " / " + mb(file.size) + " (" + bar.value + "%)");
      var piece = file.slice(received, Math.min(received + chunk, file.size));
      var data;
      try {
        var response = await fetch(startUrl + token + "/", {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrf(), "X-Upload-Offset": String(received), "Content-Type": "application/octet-stream" },
          body: piece,
        });
        data = await json(response);
      } catch (e) {
        failures += 1;
        if (failures > 8) throw new Error("Mất kết nối quá lâu. Chọn lại đúng tệp này và bấm Lưu để gửi tiếp từ chỗ đã dừng.");
        say("Mất kết nối, đang thử lại (" + failures + ")…", true);
        await sleep(Math.min(30000, 1000 * Math.pow(2, failures)));
        continue;
      }
      if (data._status === 200) {
        received = data.received;
        failures = 0;
        if (data.done) break;
      } else if (data._status === 409) {
        received = data.received; // the server says where to go on from
      } else if (data._status >= 500 || data._status === 0) {
        // A proxy's timeout or a restart: the piece is tried again, nothing is lost.
        failures += 1;
        if (failures > 8) throw new Error("Máy chủ đang bận. Chọn lại đúng tệp này và bấm Lưu để gửi tiếp từ chỗ đã dừng.");
        say("Máy chủ chưa trả lời, đang thử lại (" + failures + ")…", true);
        await sleep(Math.min(30000, 1000 * Math.pow(2, failures)));
      } else {
        try { window.localStorage.removeItem(keyFor(file)); } catch (e) { /* ignore */ }
        throw new Error(data.error || "Máy chủ từ chối tệp.");
      }
    }
    bar.value = 100;
    try { window.localStorage.removeItem(keyFor(file)); } catch (e) { /* ignore */ }
    return token;
  }

  var busy = false;
  form.addEventListener(
    "submit",
    function (event) {
      if (busy) { event.preventDefault(); event.stopImmediatePropagation(); return; }
      var file = input.files && input.files[0];
      if (!file) return; // nothing to send in pieces: the form goes as it is
      event.preventDefault();
      event.stopImmediatePropagation();
      busy = true;
      say("Đang kiểm tra…");
      send(file).then(function (token) {
        tokenField.value = token;
        input.value = "";
        say("Đã tải lên xong, đang lưu…");
        busy = false;
        // Sent again through the submit event (now without a file), so Wagtail's own
        // handlers (unsaved-changes guard) see it.
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }).catch(function (error) {
        busy = false;
        bar.hidden = true;
        say(error.message, true);
      });
    },
    true,
  );
})();
