"""Uploads waiting in the staging folder between the admin's upload, its preview and its import.

One folder per upload, named by a random token that is also kept in the uploader's session; files are
stored under generated names and their given names are only used as labels (and, for page text, as
the article's stable key, just as the `import_articles` command uses file names). The web process
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

from .ingest import Upload

STALE_AFTER = 24 * 60 * 60  # seconds
PROGRESS_EVERY = 1.0  # seconds between two writes of a running preview's progress
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_FOLDER = re.compile(r"^[0-9a-f]{32}(?:\.importing)?$")  # a waiting upload, or one being imported
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


def staging_root() -> Path:
    return Path(getattr(settings, "IMPORT_STAGING_DIR", settings.BASE_DIR / "var" / "import-staging"))


class Staging:
    """One upload waiting for confirmation: its files, the options chosen and the preview."""

    def __init__(self, token: str, *, claimed: bool = False):
        if not _TOKEN.match(token):
            raise ValueError("not an upload token")
        self.token = token
        self.path = staging_root() / (f"{token}.importing" if claimed else token)

    @classmethod
    def create(cls, files, *, user, format: str, default_source: str) -> Staging:
        staging = cls(secrets.token_hex(16))
        staging.path.mkdir(parents=True, mode=0o700)
        entries = []
        for number, upload in enumerate(files, start=1):
            stored = f"{number:05d}.upload"
            with open(staging.path / stored, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            entries.append(
                {"stored": stored, "name": _display_name(upload.name, number), "size": upload.size}
            )
        manifest = {"user": user.pk, "format": format, "default_source": default_source, "files": entries}
        (staging.path / "manifest.json").write_text(json.dumps(manifest))
        return staging

    @cached_property
    def manifest(self) -> dict:
        return json.loads((self.path / "manifest.json").read_text())

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
    def clean_stale(max_age: float = STALE_AFTER) -> None:
        """Remove uploads never confirmed nor cancelled; only folders named like a token are touched."""
        root = staging_root()
        if not root.is_dir():
            return
        cutoff = time.time() - max_age
        for folder in root.iterdir():
            if folder.is_dir() and _FOLDER.match(folder.name) and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def _display_name(name: str, number: int) -> str:
    """The file's own name, without any folder part or control characters: a label, never a path."""
    base = _UNPRINTABLE.sub("", re.split(r"[/\\]", name or "")[-1]).strip()
    return base[:200] or f"upload-{number}"
