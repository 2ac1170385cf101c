"""Uploads waiting in the staging folder between the admin's upload, its preview and its import.

One folder per upload, named by a random token that is also kept in the uploader's session; files are
stored under generated names and their given names (with their folders inside a folder chosen) are only
used as labels (and, for page text, as the article's stable key, just as `import_articles` keys a page
by its path inside the folder it is given). The web process
writes the folder; the worker that runs the preview and the import (articles/tasks.py) reads it, so
both need the same IMPORT_STAGING_DIR (docs/deployment.md, "Workers").
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from functools import cached_property
from pathlib import Path

from django.conf import settings

from .importers.containers import skipped_in_folder
from .ingest import Upload

# An upload neither confirmed nor cancelled (its tab closed) is removed this long after it was last
# touched: at the next upload, at the next preview a worker makes, or by `manage.py clean_import_staging`.
# A day leaves time to come back to a preview after lunch or a meeting; the upload page says so.
STALE_AFTER = 24 * 60 * 60  # seconds
PROGRESS_EVERY = 1.0  # seconds between two writes of a running preview's progress
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_FOLDER = re.compile(r"^[0-9a-f]{32}(?:\.importing)?$")  # a waiting upload, or one being imported
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


def staging_root() -> Path:
    return Path(settings.IMPORT_STAGING_DIR)


class Staging:
    """One upload waiting for confirmation: its files, the options chosen and the preview."""

    def __init__(self, token: str, *, claimed: bool = False):
        if not _TOKEN.match(token):
            raise ValueError("not an upload token")
        self.token = token
        self.path = staging_root() / (f"{token}.importing" if claimed else token)

    @classmethod
    def create(
        cls,
        files,
        *,
        user,
        format: str,
        default_source: str,
        complete: bool = True,
        paths: list[str] | None = None,
    ) -> Staging:
        """A new upload holding `files`. One sent in parts (a folder, or more files than one request may
        carry) is created incomplete; `add` stores its later parts and `finish` marks it whole."""
        staging = cls(secrets.token_hex(16))
        staging.path.mkdir(parents=True, mode=0o700)
        manifest = {
            "user": user.pk,
            "format": format,
            "default_source": default_source,
            "files": [],
            "complete": complete,
        }
        staging._store(manifest, files, paths)
        return staging

    @cached_property
    def manifest(self) -> dict:
        return json.loads((self.path / "manifest.json").read_text())

    @property
    def complete(self) -> bool:
        return self.manifest.get("complete", True)  # uploads staged before parts existed were whole

    @property
    def stored_bytes(self) -> int:
        return sum(entry["size"] for entry in self.manifest["files"])

    def add(self, files, paths: list[str] | None = None) -> int:
        """Store one more part of an incomplete upload; returns how many of its files were kept. `paths`,
        when given, are the files' paths in the folder they were chosen from, in the same order."""
        if self.complete:
            raise ValueError("this upload is complete")
        before = len(self.manifest["files"])
        self._store(dict(self.manifest), files, paths)
        return len(self.manifest["files"]) - before

    def finish(self) -> None:
        self._store({**self.manifest, "complete": True}, [])

    def _store(self, manifest: dict, files, paths: list[str] | None = None) -> None:
        # Files the import_articles command would skip in a folder (hidden ones, README.md) are skipped
        # when their path in the folder the browser read says so; only the file's own name is kept.
        entries = list(manifest["files"])
        paths = paths if paths and len(paths) == len(files) else [""] * len(files)
        for upload, path in zip(files, paths, strict=True):
            if path and skipped_in_folder(path):
                continue
            number = len(entries) + 1
            stored = f"{number:05d}.upload"
            with open(self.path / stored, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            entries.append(
                {"stored": stored, "name": _display_name(upload.name, number, path), "size": upload.size}
            )
        manifest = {**manifest, "files": entries}
        self._write("manifest.json", manifest)
        self.__dict__["manifest"] = manifest

    def uploads(self) -> list[Upload]:
        # Imported as files from disk are (ingest opens archives, with its limits, and streams a big
        # JSON Lines file), under the names they were uploaded with.
        return [Upload(entry["name"], self.path / entry["stored"]) for entry in self.manifest["files"]]

    def save_preview(self, preview: dict) -> None:
        self._write("preview.json", preview)

    def load_preview(self) -> dict | None:
        """The finished preview, or None while it is still being made."""
        return self._read("preview.json")

    def save_progress(self, progress: dict) -> None:
        self._write("progress.json", {**progress, "at": time.time()})

    def load_progress(self) -> dict | None:
        return self._read("progress.json")

    def _write(self, name: str, value: dict) -> None:
        # Written whole and renamed, so that a page polling the file never reads half of it.
        partial = self.path / f".{name}.partial"
        partial.write_text(json.dumps(value))
        os.replace(partial, self.path / name)

    def _read(self, name: str) -> dict | None:
        try:
            return json.loads((self.path / name).read_text())
        except FileNotFoundError:
            return None

    def delete(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def claim(self) -> bool:
        """Take the upload for importing; False when another request (a double click) already has."""
        claimed = self.path.with_name(f"{self.token}.importing")
        try:
            self.path.rename(claimed)
        except FileNotFoundError:
            return False
        self.path = claimed
        return True

    @staticmethod
    def clean_stale(max_age: float = STALE_AFTER) -> int:
        """Remove uploads untouched for `max_age` seconds; returns how many. Only token folders are touched.

        One being imported (`.importing`) is removed only after STALE_AFTER whatever `max_age` is: its
        import removes it when it ends, so one that old was left by an import that was killed.
        """
        root = staging_root()
        if not root.is_dir():
            return 0
        now = time.time()
        removed = 0
        for folder in root.iterdir():
            if not (folder.is_dir() and _FOLDER.match(folder.name)):
                continue
            age = max(max_age, STALE_AFTER) if folder.name.endswith(".importing") else max_age
            try:
                stale = folder.stat().st_mtime < now - age
            except FileNotFoundError:  # removed meanwhile (imported, cancelled, another clean)
                continue
            if stale:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed


def _display_name(name: str, number: int, path: str = "") -> str:
    """The file's name, with its folders inside the folder chosen when one was ("a/index.txt": the
    folder's own name, the first part of the browser's path, left out, as `import_articles` leaves out
    the folder it is given), without control characters or empty and dot parts: a label and, for page
    text, the article's key (containers._keyed), never a path that is opened."""
    parts = [_UNPRINTABLE.sub("", part).strip() for part in re.split(r"[/\\]", path or "")[1:]]
    parts = [part for part in parts if part and part not in (".", "..")]
    base = _UNPRINTABLE.sub("", re.split(r"[/\\]", name or "")[-1]).strip()
    if len(parts) > 1 and parts[-1] == base:
        return "/".join(parts)[-300:].lstrip("/") or base[:200]
    return base[:200] or f"upload-{number}"
