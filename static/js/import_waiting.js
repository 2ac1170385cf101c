// The admin's import preview while it is being made: counts the records read so far from the upload's
// status.json every second, with the time left once it can be estimated, and reloads the page once the
// preview is ready. Without JavaScript the page reloads itself instead (a <noscript> refresh).
(function () {
  const page = document.querySelector(".import-waiting");
  if (!page || !document.getElementById("preview-bar")) return;
  const set = (id, text) => { const node = document.getElementById(id); if (node) node.textContent = text; };
  function poll() {
    fetch(page.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => response.ok ? response.json() : Promise.reject(response.status))
      .then((state) => {
        if (state.ready) { window.location.reload(); return; }
        set("preview-read", Number(state.read || 0).toLocaleString("en"));
        set("preview-files", Number(state.files_done || 0).toLocaleString("en"));
        const rate = state.rate ? ` (${state.rate} files a second)` : "";
        set("preview-left", state.time_left ? `: about ${state.time_left} left${rate}` : "");
        const bar = document.getElementById("preview-bar");
        if (bar.hasAttribute("max")) bar.value = Number(state.files_done || 0);
        setTimeout(poll, 1000);
      })
      .catch(() => setTimeout(poll, 5000));
  }
  setTimeout(poll, 1000);
})();
