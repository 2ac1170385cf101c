// The admin's import preview: one import per upload. A second click would only wait for the first
// (the server refuses it too), so the buttons are disabled once the form is on its way.
(function () {
  const form = document.getElementById("import-confirm");
  if (!form) return;
  form.addEventListener("submit", function () {
    // After the submit has gone, or the clicked button's name would not be sent.
    setTimeout(function () { form.querySelectorAll("input[type=submit]").forEach((b) => { b.disabled = true; }); }, 0);
  });
})();
