"""Pages imported before their key was their path: finding them again, so a re-import updates them.

Until stop 25 a page was keyed by the last part of its name only (`file:index.txt`), so two files of one
name in two folders were one article, the second overwriting the first. A page is now keyed by its path
inside the folder or zip given (`file:a/index.txt`, containers.py). When no article has that key, the
writer (writer.py) looks for one under the old key and takes it over, renaming it, instead of creating a
second article for the same file: re-importing a folder imported before the change updates its pages
once and duplicates none. An old key written by this import is never taken (the top-level
`index.txt` beside `a/index.txt` keeps its own article).
"""

from __future__ import annotations

from ..models import Article
from .fields import Prepared


def old_key(item: Prepared) -> str:
    """The key this page had before stop 25, or "" when it is the same (no folder in its path)."""
    key = item.fields["external_id"]
    if item.record.format != "page" or not key.startswith("file:") or "/" not in key:
        return ""
    return "file:" + key.rsplit("/", 1)[1]


def take_over(
    prepared: list[Prepared], existing: dict[str, int], hashes: dict[int, str], written: set[str]
) -> None:
    """Give each page of `prepared` that has no article under its key the one under its old key, if
    there is one that neither this chunk nor this import (`written`, the old-form keys it wrote) holds.
    Fills `existing` and `hashes` as the writer's own look-up does; says so in the item's note."""
    held = written | {item.fields["external_id"] for item in prepared}
    wanted: dict[str, Prepared] = {}
    for item in prepared:
        old = old_key(item)
        if old and item.fields["external_id"] not in existing and old not in held and old not in wanted:
            wanted[old] = item
    if not wanted:
        return
    for old, pk, record_hash in Article.objects.filter(external_id__in=list(wanted)).values_list(
        "external_id", "id", "record_hash"
    ):
        item = wanted[old]
        existing[item.fields["external_id"]], hashes[pk] = pk, record_hash
        said = (
            f"imported before as “{old.removeprefix('file:')}”, keyed by its file name alone; now by its path"
        )
        item.note = f"{item.note}; {said}" if item.note else said


def remember(prepared: list[Prepared], written: set[str]) -> None:
    """Add the chunk's page keys that an old key could be mistaken for (those with no folder)."""
    written.update(
        item.fields["external_id"]
        for item in prepared
        if item.record.format == "page" and "/" not in item.fields["external_id"]
    )
