// The admin's import upload form: say so before a too-large upload is sent, rather than after; the
// server checks again regardless. The limits come from the form's data- attributes.
(function () {
  const form = document.getElementById("import-form");
  if (!form) return;
  const input = form.querySelector("input[type=file]");
  const note = document.getElementById("import-client-error");
  const submit = form.querySelector("input[type=submit]");
  const size = (n) => n < 1024 ? n + " bytes" : n < 1048576 ? (n / 1024).toFixed(1) + " KB"
    : n < 1073741824 ? (n / 1048576).toFixed(1) + " MB" : (n / 1073741824).toFixed(1) + " GB";
  input.addEventListener("change", function () {
    const files = Array.from(input.files);
    const total = files.reduce((sum, file) => sum + file.size, 0);
    let message = "";
    if (files.length > Number(form.dataset.maxFiles)) {
      message = "You chose " + files.length + " files; the limit is " + form.dataset.maxFiles + " at a time.";
    } else if (total > Number(form.dataset.maxBytes)) {
      message = "The upload is " + size(total) + "; the limit is " + form.dataset.maxSize + ".";
    }
    note.textContent = message;
    note.hidden = !message;
    submit.disabled = Boolean(message);
  });
  form.addEventListener("submit", function () { submit.value = "Uploading…"; });
})();
