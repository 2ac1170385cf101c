// The admin's import upload form. It says before sending what the server would refuse (it checks again
// regardless), and sends a folder, or more files than one request may carry, in parts with a progress
// bar: each part within the one-request limits, all of them into one upload (articles/admin_views.py,
// import_part), whose preview page it then opens. Without JavaScript the form is sent whole, as one part.
// The limits come from the form's data- attributes.
(function () {
  const form = document.getElementById("import-form");
  if (!form) return;
  const filesInput = document.getElementById("id_files");
  const folderInput = document.getElementById("id_folder");
  const note = document.getElementById("import-client-error");
  const submit = form.querySelector("input[type=submit]");
  const progress = document.getElementById("upload-progress");
  const bar = document.getElementById("upload-bar");
  const text = document.getElementById("upload-text");
  const PART_FILES = 500;  // under Django's field limit too: each file's folder path is a field
  const count = (n) => n.toLocaleString("en-US");
  // As the server writes a size (articles/importers/text.py, human_size), so that the page's "1.5 KiB"
  // and the limits and the preview's sizes are in the same units.
  const size = (n) => {
    if (n < 1024) return count(n) + (n === 1 ? " byte" : " bytes");
    let value = n, unit = "";
    for (unit of ["KiB", "MiB", "GiB"]) {
      value /= 1024;
      if (value < 1024 || unit === "GiB") break;
    }
    return value.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })
      .replace(/\.0$/, "") + " " + unit;
  };
  const fileCount = (n) => count(n) + (n === 1 ? " file" : " files");
  const limit = (name) => Number(form.dataset[name]);

  // A folder's files in the order the import_articles command reads a folder (name order, folder by
  // folder), not in the order the browser happens to list them: the preview and the report follow it.
  function byPath(a, b) {
    const left = a.path.split("/"), right = b.path.split("/");
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
      if (left[i] !== right[i]) return left[i] < right[i] ? -1 : 1;
    }
    return left.length - right.length;
  }

  function chosen() {
    const picked = Array.from(filesInput.files).map((file) => ({ file: file, path: "" }));
    if (folderInput) {
      const folder = Array.from(folderInput.files).map((file) => ({ file: file, path: file.webkitRelativePath }));
      picked.push(...folder.sort(byPath));
    }
    return picked;
  }

  function parts(picked) {
    const maxFiles = Math.min(PART_FILES, limit("maxFiles"));
    const maxBytes = limit("maxBytes");
    const out = [];
    let part = [], bytes = 0;
    picked.forEach((item) => {
      if (part.length && (part.length >= maxFiles || bytes + item.file.size > maxBytes)) {
        out.push(part);
        part = [];
        bytes = 0;
      }
      part.push(item);
      bytes += item.file.size;
    });
    if (part.length) out.push(part);
    return out;
  }

  function inParts(picked) {
    const total = picked.reduce((sum, item) => sum + item.file.size, 0);
    return (folderInput && folderInput.files.length > 0) || picked.length > limit("maxFiles")
      || total > limit("maxBytes");
  }

  function problem(picked) {
    const total = picked.reduce((sum, item) => sum + item.file.size, 0);
    const big = picked.find((item) => item.file.size > limit("maxBytes"));
    if (big) {
      return big.file.name + " is " + size(big.file.size) + "; the limit is " + form.dataset.maxSize
        + " for one file. Import it with the import_articles command.";
    }
    if (picked.length > limit("maxStagedFiles")) {
      return "You chose " + count(picked.length) + " files; the limit is " + count(limit("maxStagedFiles"))
        + " in one upload.";
    }
    if (total > limit("maxStagedBytes")) {
      return "The upload is " + size(total) + "; the limit is " + form.dataset.maxStagedSize + " in one upload.";
    }
    return "";
  }

  function show(message) {
    note.textContent = message;
    note.hidden = !message;
  }

  function check() {
    const picked = chosen();
    const message = problem(picked);
    show(message);
    submit.disabled = Boolean(message);
    const split = !message && inParts(picked) ? parts(picked) : [];
    progress.hidden = split.length === 0;
    bar.value = 0;
    text.textContent = split.length ? fileCount(picked.length) + " (" + size(picked.reduce((s, i) => s + i.file.size, 0))
      + ") will be sent in " + count(split.length) + " part" + (split.length === 1 ? "" : "s") + "." : "";
  }

  function send(data, onProgress) {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("POST", form.dataset.partUrl);
      request.upload.addEventListener("progress", (event) => onProgress(event.loaded));
      request.addEventListener("load", () => {
        let answer = null;
        try { answer = JSON.parse(request.responseText); } catch (error) { answer = null; }
        if (request.status === 200 && answer) resolve(answer);
        else reject(new Error(answer && answer.error ? answer.error
          : "The server refused a part of the upload (" + request.status + "); nothing was imported."));
      });
      request.addEventListener("error", () => reject(new Error(
        "The connection was lost while sending; nothing was imported. Upload again.")));
      request.send(data);
    });
  }

  async function sendInParts(picked) {
    const split = parts(picked);
    const total = picked.reduce((sum, item) => sum + item.file.size, 0);
    const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    let sent = 0, files = 0, upload = "";
    progress.hidden = false;
    bar.max = total || 1;
    submit.disabled = true;
    submit.value = "Uploading…";
    for (let index = 0; index < split.length; index++) {
      const part = split[index];
      const data = new FormData();
      data.append("csrfmiddlewaretoken", token);
      data.append("token", upload);
      data.append("format", form.elements.format.value);
      data.append("default_source", form.elements.default_source.value);
      if (index === split.length - 1) data.append("last", "1");
      part.forEach((item) => {
        data.append("files", item.file, item.file.name);
        data.append("paths", item.path);
      });
      const partBytes = part.reduce((sum, item) => sum + item.file.size, 0);
      text.textContent = "Sending part " + count(index + 1) + " of " + count(split.length) + ": "
        + count(files) + " of " + count(picked.length) + " files sent.";
      const answer = await send(data, (loaded) => { bar.value = sent + Math.min(loaded, partBytes); });
      upload = answer.token;
      sent += partBytes;
      files += part.length;
      bar.value = sent;
      if (answer.next) {
        text.textContent = "All " + fileCount(picked.length) + " sent; opening the preview.";
        window.location.assign(answer.next);
      }
    }
  }

  filesInput.addEventListener("change", check);
  if (folderInput) folderInput.addEventListener("change", check);
  form.addEventListener("submit", function (event) {
    const picked = chosen();
    if (!picked.length || !inParts(picked)) {
      submit.value = "Uploading…";
      return;  // one request, as without JavaScript
    }
    event.preventDefault();
    sendInParts(picked).catch((error) => {
      show(error.message);
      text.textContent = "";
      progress.hidden = true;
      submit.disabled = false;
      submit.value = "Upload and preview";
    });
  });
})();
