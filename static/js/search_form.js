// The search form submits by GET, so the fields left empty would become `&date_from=&date_to=` in
// every permalink (and the sort menu's implied order is an empty value: includes/search_form.html).
// They are disabled just before submitting (a disabled field is not sent). Without this script the
// server redirects a URL with empty parameters to its clean form (articles/views/search.py).
(function () {
  document.querySelectorAll("form.search-form").forEach(function (form) {
    // Coming back to the page (the back button's cache) finds the form as it was left: usable again.
    window.addEventListener("pageshow", function () {
      form.querySelectorAll("input, select").forEach(function (field) { field.disabled = false; });
    });
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if (field.name && field.value === "") {
          field.disabled = true;
        }
      });
    });
  });
})();
