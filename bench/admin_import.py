"""Import a file or a folder through the admin as an editor would, timing each step (docs/benchmarks.md).

Signs in, uploads, waits for the preview (polling its status.json), confirms, then follows the batch's
progress.json until the import ends, printing a line whenever the count moves:

    .venv/bin/python bench/admin_import.py http://127.0.0.1:8000 FILE|FOLDER USERNAME PASSWORD

A FOLDER is sent as the import page's script sends one chosen with "Or a folder" (static/js/import_form.js):
in parts of at most 500 files and the one-request byte limit, each file with its path in the folder, to
the import's part URL; the last part opens the preview.

The server must answer plain HTTP with insecure cookies (SESSION_COOKIE_SECURE=false,
CSRF_COOKIE_SECURE=false, SECURE_SSL_REDIRECT=false), and a worker (`manage.py db_worker`) must run.
Only the standard library is used.
"""

import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

base, path, username, password = sys.argv[1:5]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def csrf():
    return next(c.value for c in jar if c.name == "csrftoken")


def get(url):
    with opener.open(base + url) as r:
        return r.geturl(), r.read().decode()


def post(url, data, files=None, referer=None):
    """POST a multipart form: `data` and `files` are dicts or lists of pairs (a name may repeat)."""
    boundary = uuid.uuid4().hex
    body = b""
    for k, v in data.items() if isinstance(data, dict) else data:
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
    files = files or {}
    for k, (name, content) in files.items() if isinstance(files, dict) else files:
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    body += f"--{boundary}--\r\n".encode()
    req = urllib.request.Request(
        base + url,
        data=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": base + (referer or url),
        },
    )
    with opener.open(req) as r:
        return r.geturl(), r.read().decode()


get("/admin/login/")
post(
    "/admin/login/?next=/admin/",
    {"csrfmiddlewaretoken": csrf(), "username": username, "password": password, "next": "/admin/"},
)
page_url, form = get("/admin/articles/article/import/")
t0 = time.monotonic()
if Path(path).is_dir():
    part_url = re.search(r'data-part-url="([^"]+)"', form).group(1)
    max_bytes = int(re.search(r'data-max-bytes="(\d+)"', form).group(1))
    max_files = min(500, int(re.search(r'data-max-files="(\d+)"', form).group(1)))
    folder = Path(path)
    chosen = sorted(p for p in folder.rglob("*") if p.is_file())
    parts, part, size = [], [], 0
    for file in chosen:
        length = file.stat().st_size
        if part and (len(part) >= max_files or size + length > max_bytes):
            parts.append(part)
            part, size = [], 0
        part.append(file)
        size += length
    parts.append(part)
    token = ""
    for number, part in enumerate(parts, start=1):
        fields = [
            ("csrfmiddlewaretoken", csrf()),
            ("token", token),
            ("format", "auto"),
            ("default_source", ""),
        ]
        fields += [("paths", str(file.relative_to(folder.parent))) for file in part]
        if number == len(parts):
            fields.append(("last", "1"))
        try:
            _, answer = post(part_url, fields, [("files", (file.name, file.read_bytes())) for file in part])
        except urllib.error.HTTPError as error:
            sys.exit(f"part {number} refused: {error.read().decode()}")
        answer = json.loads(answer)
        token = answer["token"]
        print(
            f"  part {number}/{len(parts)} sent ({len(part)} files) at {time.monotonic() - t0:.1f} s",
            flush=True,
        )
    url = base + answer["next"]
    print(f"{len(chosen)} files sent in {len(parts)} parts", flush=True)
else:
    url, page = post(
        "/admin/articles/article/import/",
        {"csrfmiddlewaretoken": csrf(), "format": "auto", "default_source": ""},
        {"files": (path.split("/")[-1], Path(path).read_bytes())},
    )
t_upload = time.monotonic() - t0
preview_path = urllib.parse.urlparse(url).path
print(f"upload answered in {t_upload:.2f} s -> {preview_path}", flush=True)
while True:
    status = json.loads(get(preview_path + "status.json")[1])
    if status.get("ready"):
        break
    time.sleep(0.5)
t_preview = time.monotonic() - t0
url, page = get(preview_path)
counts = re.findall(r"<strong>([\d,]+)</strong> (would be created|would be updated|unchanged|failed)", page)
print(f"preview ready after {t_preview:.1f} s: {counts}", flush=True)
t1 = time.monotonic()
url, page = post(preview_path, {"csrfmiddlewaretoken": csrf(), "confirm": "Import"}, referer=preview_path)
print(f"confirm answered in {time.monotonic() - t1:.2f} s -> {urllib.parse.urlparse(url).path}", flush=True)
progress = urllib.parse.urlparse(url).path.replace("progress/", "progress.json")
last = None
beats = []
while True:
    state = json.loads(get(progress)[1])
    if state["done"] != last:
        last = state["done"]
        print(
            f"  {time.monotonic() - t1:6.1f} s {state['status']} {state['done']}/{state['total']} rate {state['rate']} left {state['time_left']}",
            flush=True,
        )
    if state["ended"]:
        break
    time.sleep(1)
print(
    f"import {state['status']} after {time.monotonic() - t1:.1f} s: "
    + json.dumps(
        {k: state[k] for k in ("done", "total", "created", "updated", "unchanged", "failed", "duplicates")}
    ),
    flush=True,
)
