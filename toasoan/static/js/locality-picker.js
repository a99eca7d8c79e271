// The article editor's locality picker: finds units as you type (with or without marks,
// today's units first) and keeps the chosen ones as chips with hidden inputs.
(function () {
  "use strict";

  function chip(picker, id, label) {
    const list = picker.querySelector("[data-chosen]");
    if (list.querySelector('input[value="' + id + '"]')) return;
    const item = document.createElement("li");
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = picker.dataset.name;
    input.value = id;
    const text = document.createElement("span");
    text.textContent = label;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "button button-small button-secondary";
    remove.dataset.remove = "";
    remove.setAttribute("aria-label", "Bỏ " + label);
    remove.textContent = "Bỏ";
    item.append(input, text, " ", remove);
    list.append(item);
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function setUp(picker) {
    const search = picker.querySelector("[data-search]");
    const results = picker.querySelector("[data-results]");
    const empty = picker.querySelector("[data-empty]");
    let timer = null;
    let asked = 0;

    function show(units) {
      results.replaceChildren();
      empty.hidden = units.length > 0 || search.value.trim().length < 2;
      units.forEach(function (unit) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "locality-picker-result" + (unit.current ? " is-current" : "");
        button.dataset.id = unit.id;
        button.textContent = unit.label;
        button.addEventListener("click", function () {
          chip(picker, unit.id, unit.label);
          search.value = "";
          show([]);
          search.focus();
        });
        item.append(button);
        results.append(item);
      });
    }

    search.addEventListener("input", function () {
      clearTimeout(timer);
      const query = search.value.trim();
      if (query.length < 2) return show([]);
      timer = setTimeout(function () {
        const mine = ++asked;
        fetch(picker.dataset.searchUrl + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) { if (mine === asked) show(data.results); })
          .catch(function () { show([]); });
      }, 150);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault(); // never submit the article from the search box
      const first = results.querySelector("button");
      if (first) first.click();
    });
    picker.addEventListener("click", function (event) {
      const remove = event.target.closest("[data-remove]");
      if (!remove) return;
      const item = remove.closest("li");
      item.remove();
      picker.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function init() {
    document.querySelectorAll("[data-locality-picker]:not([data-ready])").forEach(function (p) {
      p.dataset.ready = "";
      setUp(p);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
