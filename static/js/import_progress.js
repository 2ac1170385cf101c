// An import batch's progress page: moves the bar and the counts from the batch's progress.json every
// second, and reloads the page once the import has ended (to show the links that follow it). Without
// JavaScript the page reloads itself instead (a <noscript> refresh).
(function () {
  const page = document.querySelector(".import-progress");
  if (!page || page.dataset.ended === "true") return;
  const number = (n) => Number(n).toLocaleString("en");
  const set = (id, text) => { const node = document.getElementById(id); if (node) node.textContent = text; };
  const bar = document.getElementById("import-bar");
  function show(state) {
    set("import-status", state.status_label);
    set("import-done", number(state.done));
    if (state.percent !== null) set("import-percent", state.percent);
    ["created", "updated", "unchanged", "failed"].forEach((name) => set("import-" + name, number(state[name])));
    set("import-rate", state.rate ? number(Math.round(state.rate)) + " records a second" : "");
    set("import-left", state.time_left ? ", about " + state.time_left + " left" : "");
    if (bar && state.total) { bar.max = state.total; bar.value = state.done; }
  }
  function poll() {
    fetch(page.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => response.ok ? response.json() : Promise.reject(response.status))
      .then((state) => {
        show(state);
        if (state.ended || state.waiting_for_worker !== (document.getElementById("import-waiting") !== null)) {
          window.location.reload();
        } else {
          setTimeout(poll, 1000);
        }
      })
      .catch(() => setTimeout(poll, 5000));
  }
  setTimeout(poll, 1000);
})();
