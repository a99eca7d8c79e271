// A live page's updates (toasoan.live.views): every reader polls the same cached
// address every 10-12 s (data-live-every); the front cache answers, with a bodiless 304 while nothing
// changed. New posts wait under a "N cập nhật mới" button instead of moving the text
// under the reader's thumb; corrections and takedowns apply in place; a hidden tab
// polls every minute, and at once when it shows again. Without JavaScript, a reload
// shows everything.
(() => {
  const root = document.querySelector("[data-live-poll]");
  if (!root || !root.hasAttribute("data-live-on") || !window.fetch) return;
  const list = root.querySelector("[data-live-posts]");
  const newBar = root.querySelector(".live-new");
  const newButton = root.querySelector("[data-live-new]");
  const timeline = root.querySelector("[data-live-timeline]");
  const summary = root.querySelector("[data-live-summary]");
  const state = root.querySelector("[data-live-state]");
  const count = root.querySelector("[data-live-count]");
  let version = Number(root.dataset.liveVersion) || 0;
  let waiting = []; // new posts' HTML, newest first, shown on the reader's tap
  let timer = null;
  let stopped = false;

  const countShown = () => {
    const shown = list.querySelectorAll("[data-post]").length;
    count.textContent = shown;
    count.parentElement.hidden = !shown;
  };
  const parse = (html) => {
    const box = document.createElement("div");
    box.innerHTML = html;
    return box.firstElementChild;
  };
  const shownPost = (id) => list.querySelector(`[data-post="${id}"]`);

  const showWaiting = () => {
    if (!waiting.length) {
      newBar.hidden = true;
      return;
    }
    newButton.textContent = `${waiting.length} cập nhật mới`;
    newBar.hidden = false;
  };

  newButton.addEventListener("click", () => {
    const empty = list.querySelector(".live-empty");
    if (empty) empty.remove();
    // Oldest first onto the top, so the newest ends first.
    for (const item of waiting.slice().reverse()) {
      const old = shownPost(item.id);
      if (old) old.remove();
      list.prepend(parse(item.html));
    }
    waiting = [];
    showWaiting();
    countShown();
    list.firstElementChild?.scrollIntoView({ block: "start" });
  });

  // A key event still waiting under the button: the timeline's link shows the waiting
  // posts first, then goes to it.
  timeline.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (link && !document.getElementById(link.hash.slice(1)) && waiting.length) {
      newButton.click();
    }
  });

  const apply = (data) => {
    if (data.v <= version) return;
    if (data.floor > version) {
      // Slept through more changes than the poll lists: the page as it is now.
      newButton.textContent = "Có cập nhật mới, bấm để tải lại trang";
      newButton.onclick = () => location.reload();
      newBar.hidden = false;
      stopped = true;
      return;
    }
    for (const post of data.posts) {
      if (post.v <= version) continue;
      const old = shownPost(post.id);
      // The copy of a shared post at the page's top changes with it.
      const shared = root.querySelector(`.live-shared [data-post="${post.id}"]`);
      waiting = waiting.filter((item) => item.id !== post.id);
      if (post.removed) {
        if (old) old.remove(); // taken down: gone from the page too
        if (shared) shared.closest(".live-shared").remove();
      } else if (old) {
        old.replaceWith(parse(post.html)); // a correction, in place
        if (shared) {
          const copy = parse(post.html);
          copy.removeAttribute("id");
          copy.classList.add("live-post--shared");
          shared.replaceWith(copy);
        }
      } else {
        waiting.push(post);
      }
    }
    countShown();
    waiting.sort((a, b) => (a.at < b.at ? 1 : -1));
    showWaiting();
    timeline.innerHTML = data.timeline;
    if (summary) {
      summary.textContent = data.summary;
      summary.closest("section").hidden = !data.summary;
    }
    if (data.ended) {
      state.textContent = "Đã kết thúc";
      state.classList.add("live-badge--ended");
      stopped = true;
    }
    version = data.v;
  };

  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    const every = (Number(root.dataset.liveEvery) || 10) * 1000;
    const delay = document.hidden ? 6 * every : every * (1 + Math.random() / 5);
    timer = setTimeout(poll, delay);
  };

  async function poll() {
    try {
      // "no-cache": the browser asks every time, with its ETag; the front cache
      // answers 304 while the version is the same.
      const response = await fetch(root.dataset.livePoll, { cache: "no-cache" });
      if (response.ok) apply(await response.json());
    } catch (error) {
      // Offline for a moment: the next poll tries again.
    }
    schedule();
  }

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && !stopped) {
      clearTimeout(timer);
      poll();
    }
  });
  schedule();
})();
