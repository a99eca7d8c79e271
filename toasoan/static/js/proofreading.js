// The proofreader's flags where the words are: underlined in the headline and sapo fields
// and inside the body's rich-text editors (Draftail), with the fix and "Không phải lỗi"
// beside the word. The buttons post the panel's own actions (the server writes the fix
// as a new draft), so the list at the top and the words in the editor act alike.
//
// Draftail is a React editor that owns its DOM: nothing is inserted into it. The words are
// drawn with the CSS Custom Highlight API (ranges over its text, repainted as it
// re-renders); the headline and sapo are plain fields, drawn with a transparent copy of
// the field's text laid over it (the usual way to mark words in a textarea).
(function () {
  "use strict";
  const LETTER = /[\p{L}\p{M}]/u;

  function snapshot(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }

  // The nth whole-word occurrence of `word` in `text` (its offset), or -1.
  function nthWord(text, word, nth) {
    let from = 0;
    let seen = 0;
    for (;;) {
      const at = text.indexOf(word, from);
      if (at < 0) return -1;
      const before = at > 0 ? text[at - 1] : "";
      const after = text[at + word.length] || "";
      if (!LETTER.test(before) && !LETTER.test(after)) {
        if (seen === nth) return at;
        seen += 1;
      }
      from = at + 1;
    }
  }

  // Where a flag's words are in a field's current value, or -1 when the text changed.
  function fieldOffset(value, flag) {
    if (value.slice(flag.start, flag.end) === flag.text) return flag.start;
    return nthWord(value, flag.text, flag.nth);
  }

  function init() {
    const panel = document.querySelector("[data-proofreading]");
    const form = panel && panel.closest("form");
    if (!form) return;
    let saved = null;
    // Draftail fills its hidden inputs once its editors are up: take the snapshot then.
    window.setTimeout(function () { saved = snapshot(form); }, 1500);
    // The panel's buttons and the ones beside the words work on the saved version: when
    // the form holds changes not yet saved, say so before they are left behind.
    document.addEventListener("click", function (event) {
      const button = event.target.closest("[data-proofread-action]");
      if (!button || saved === null || snapshot(form) === saved) return;
      const go = window.confirm(
        "Bài có thay đổi chưa lưu. Bấm nút này sẽ bỏ các thay đổi đó (chỉ sửa bản đã lưu).\n" +
        "Bấm Hủy rồi “Lưu nháp” trước nếu muốn giữ chúng."
      );
      if (!go) event.preventDefault();
    });

    const data = document.getElementById("proofreading-data");
    if (!data) return;
    const info = JSON.parse(data.textContent);
    if (!form.id) form.id = "proofreading-form";
    const popover = makePopover(form.id, info);
    const fields = [];
    const editors = [];
    info.flags.forEach(function (flag) {
      if (flag.field === "title" || flag.field === "sapo") {
        const input = form.querySelector('[name="' + flag.field + '"]');
        if (!input) return;
        let entry = fields.find(function (f) { return f.input === input; });
        if (!entry) {
          entry = { input: input, flags: [] };
          fields.push(entry);
        }
        entry.flags.push(flag);
      } else if (flag.field === "body" && flag.block && flag.block.indexOf("/") < 0) {
        editors.push(flag);
      }
    });
    fields.forEach(function (entry) { drawField(entry, popover); });
    if (editors.length) drawEditors(editors, popover, form);
  }

  // --- the popover beside a word ---------------------------------------------------------

  function makePopover(formId, info) {
    const box = document.createElement("div");
    box.className = "proofread-popover";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Gợi ý sửa chính tả");
    box.hidden = true;
    document.body.appendChild(box);
    let current = null;

    function button(label, action, ref, secondary) {
      const b = document.createElement("button");
      b.type = "submit";
      b.className = "button button-small" + (secondary ? " button-secondary" : "");
      b.textContent = label;
      b.setAttribute("form", formId);
      b.formAction = action;
      b.formMethod = "post";
      b.formNoValidate = true;
      b.name = "flag";
      b.value = ref;
      b.setAttribute("data-proofread-action", "");
      return b;
    }

    function show(flag, rect) {
      if (current === flag && !box.hidden) return;
      current = flag;
      box.replaceChildren();
      const what = document.createElement("p");
      what.textContent = "«" + flag.text + "»: " + flag.message;
      box.appendChild(what);
      if (flag.suggestion) {
        box.appendChild(button("Sửa thành “" + flag.suggestion + "”", info.fix, flag.ref, false));
      }
      box.appendChild(button("Không phải lỗi", info.ignore, flag.ref, true));
      box.hidden = false;
      const width = box.offsetWidth;
      const left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
      box.style.left = left + window.scrollX + "px";
      box.style.top = rect.bottom + window.scrollY + 6 + "px";
    }

    function hide() {
      box.hidden = true;
      current = null;
    }

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
    // A press elsewhere closes it; in a flagged field, where the caret lands decides.
    document.addEventListener("mousedown", function (event) {
      if (!box.hidden && !box.contains(event.target) && !event.target.closest("[data-proofread-field]")) {
        hide();
      }
    });
    return { show: show, hide: hide, box: box };
  }

  // --- the headline and sapo: a transparent copy of the text laid over the field ----------

  const COPIED = [
    "fontFamily", "fontSize", "fontWeight", "fontStyle", "letterSpacing", "lineHeight",
    "textTransform", "wordSpacing", "textIndent", "paddingTop", "paddingRight",
    "paddingBottom", "paddingLeft", "borderTopWidth", "borderRightWidth",
    "borderBottomWidth", "borderLeftWidth", "boxSizing", "textAlign",
  ];

  function drawField(entry, popover) {
    const input = entry.input;
    input.setAttribute("data-proofread-field", "");
    const holder = input.parentElement;
    if (getComputedStyle(holder).position === "static") holder.style.position = "relative";
    const layer = document.createElement("div");
    layer.className = "proofread-layer";
    layer.setAttribute("aria-hidden", "true");
    holder.appendChild(layer);
    let marks = [];

    function paint() {
      const style = getComputedStyle(input);
      COPIED.forEach(function (name) { layer.style[name] = style[name]; });
      layer.style.borderStyle = "solid";
      layer.style.borderColor = "transparent";
      layer.style.whiteSpace = input.tagName === "TEXTAREA" ? "pre-wrap" : "pre";
      layer.style.left = input.offsetLeft + "px";
      layer.style.top = input.offsetTop + "px";
      layer.style.width = input.offsetWidth + "px";
      layer.style.height = input.offsetHeight + "px";
      const value = input.value;
      const spans = [];
      entry.flags.forEach(function (flag) {
        const at = fieldOffset(value, flag);
        if (at >= 0) spans.push({ at: at, end: at + flag.text.length, flag: flag });
      });
      spans.sort(function (a, b) { return a.at - b.at; });
      layer.replaceChildren();
      marks = [];
      let last = 0;
      spans.forEach(function (span) {
        if (span.at < last) return;
        layer.appendChild(document.createTextNode(value.slice(last, span.at)));
        const mark = document.createElement("mark");
        mark.className = "proofread-mark";
        mark.textContent = value.slice(span.at, span.end);
        layer.appendChild(mark);
        marks.push({ mark: mark, at: span.at, end: span.end, flag: span.flag });
        last = span.end;
      });
      layer.appendChild(document.createTextNode(value.slice(last) + "\u200b"));
      layer.scrollTop = input.scrollTop;
      layer.scrollLeft = input.scrollLeft;
      input.classList.toggle("proofread-flagged", marks.length > 0);
    }

    // The caret in a flagged word (a click on it, or the arrow keys) opens its popover.
    function check(event) {
      if (event && event.type === "keyup" && event.key === "Escape") return;
      const caret = input.selectionStart;
      const hit = marks.find(function (m) { return caret >= m.at && caret <= m.end; });
      if (hit) popover.show(hit.flag, hit.mark.getBoundingClientRect());
      else popover.hide();
    }

    paint();
    input.addEventListener("input", function () { popover.hide(); paint(); });
    input.addEventListener("scroll", paint);
    input.addEventListener("click", check);
    input.addEventListener("keyup", check);
    window.addEventListener("resize", paint);
    new ResizeObserver(paint).observe(input);
  }

  // --- the body's rich-text editors: highlights over Draftail's own text ------------------

  function textNodes(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  // A DOM range over the nth whole-word occurrence of flag.text in an editor.
  function editorRange(editable, flag) {
    const nodes = textNodes(editable);
    let text = "";
    const starts = [];
    let block = null;
    nodes.forEach(function (node) {
      // A line break between Draftail's blocks, as in the server's plain text: a word
      // ending one paragraph is a whole word.
      const own = node.parentElement && node.parentElement.closest('[data-block="true"]');
      if (block && own !== block) text += "\n";
      block = own;
      starts.push(text.length);
      text += node.data;
    });
    const at = nthWord(text, flag.text, flag.nth);
    if (at < 0) return null;
    const end = at + flag.text.length;
    const range = document.createRange();
    let set = 0;
    nodes.forEach(function (node, i) {
      const s = starts[i];
      const e = s + node.data.length;
      if (!(set & 1) && at >= s && at <= e) {
        range.setStart(node, at - s);
        set |= 1;
      }
      if (!(set & 2) && end >= s && end <= e) {
        range.setEnd(node, end - s);
        set |= 2;
      }
    });
    return set === 3 ? range : null;
  }

  function drawEditors(flags, popover, form) {
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
    let found = [];

    function paint() {
      found = [];
      flags.forEach(function (flag) {
        const block = document.querySelector('[data-contentpath="' + CSS.escape(flag.block) + '"]');
        const editable = block && block.querySelector('[contenteditable="true"]');
        if (!editable) return;
        editable.setAttribute("data-proofread-field", "");
        const range = editorRange(editable, flag);
        if (range) found.push({ range: range, flag: flag, editable: editable });
      });
      CSS.highlights.set("proofread", new Highlight(...found.map(function (f) { return f.range; })));
    }

    let pending = 0;
    function later() {
      window.clearTimeout(pending);
      pending = window.setTimeout(paint, 150);
    }
    // Draftail's editors mount after the page loads and re-render as the editor types.
    new MutationObserver(later).observe(form, {
      childList: true, subtree: true, characterData: true,
    });
    paint();

    document.addEventListener("selectionchange", function () {
      const selection = document.getSelection();
      if (!selection || !selection.rangeCount || !selection.isCollapsed) return;
      const node = selection.anchorNode;
      const offset = selection.anchorOffset;
      const mine = found.filter(function (f) { return f.editable.contains(node); });
      if (!mine.length) return;
      const hit = mine.find(function (f) { return f.range.isPointInRange(node, offset); });
      if (hit) popover.show(hit.flag, hit.range.getBoundingClientRect());
      else popover.hide();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
