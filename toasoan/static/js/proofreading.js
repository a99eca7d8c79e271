// The proofreading panel's buttons ("Sửa", "Không phải lỗi") work on the saved version:
// when the editor form holds changes not yet saved, say so before they are left behind.
(function () {
  "use strict";
  function snapshot(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }
  function init() {
    const panel = document.querySelector("[data-proofreading]");
    const form = panel && panel.closest("form");
    if (!form) return;
    let saved = null;
    // Draftail fills its hidden inputs once its editors are up: take the snapshot then.
    window.setTimeout(function () { saved = snapshot(form); }, 1500);
    panel.addEventListener("click", function (event) {
      const button = event.target.closest("[data-proofread-action]");
      if (!button || saved === null || snapshot(form) === saved) return;
      const go = window.confirm(
        "Bài có thay đổi chưa lưu. Bấm nút này sẽ bỏ các thay đổi đó (chỉ sửa bản đã lưu).\n" +
        "Bấm Hủy rồi “Lưu nháp” trước nếu muốn giữ chúng."
      );
      if (!go) event.preventDefault();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
