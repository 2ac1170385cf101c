// A filter box over each list marked data-filter (the search page's facets, a facet's full list, the
// places index): typing narrows the list to the entries whose name contains what was typed, accents
// and case aside; a nested entry (a country) stays while a place within it matches. When one entry's
// own name is left, Enter opens it (the status says so); otherwise Enter does nothing (the box is no
// search). Without a script the lists are whole, and the "All …" links lead to every value.
(function () {
  const fold = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  document.querySelectorAll("[data-filter]").forEach(function (box, n) {
    const items = Array.from(box.querySelectorAll("li"));
    if (items.length < 6) return; // a short list is read at a glance
    const id = "filter-" + n;
    const field = document.createElement("p");
    field.className = "filter-box";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Filter " + box.dataset.filter;
    const input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    const status = document.createElement("span");
    status.className = "filter-box__status";
    status.setAttribute("role", "status");
    field.append(label, input, status);
    const heading = box.querySelector(":scope > h1, :scope > h2, :scope > h3");
    if (heading && box.contains(heading)) heading.after(field); else box.prepend(field);
    // Each entry's names: its own and those of the places within it.
    const names = items.map((item) => Array.from(item.querySelectorAll("a")).map((a) => fold(a.textContent)).join("\n"));
    const own = items.map((item) => item.querySelector("a"));
    // The one entry whose own name holds what was typed, if there is exactly one.
    const only = function (wanted) {
      const found = own.filter((link, i) => link && !items[i].hidden && fold(link.textContent).includes(wanted));
      return wanted !== "" && found.length === 1 ? found[0] : null;
    };
    input.addEventListener("input", function () {
      const wanted = fold(input.value);
      let shown = 0;
      items.forEach(function (item, i) {
        item.hidden = wanted !== "" && !names[i].includes(wanted);
        if (!item.hidden) shown += 1;
      });
      box.querySelectorAll("[data-group]").forEach(function (group) {
        group.hidden = wanted !== "" && !group.querySelector("li:not([hidden])");
      });
      status.textContent = wanted
        ? shown + " of " + items.length + " shown" + (only(wanted) ? "; Enter opens it" : "")
        : "";
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const link = only(fold(input.value));
      if (link) window.location.assign(link.href);
    });
  });
})();
