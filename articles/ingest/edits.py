"""Re-imports keep editors' changes: an updated article keeps the value of every field an editor changed.

Called by the writer (writer.py) for each chunk, before the chunk is placed in stories and written: for
each article being updated whose fields an editor changed in the admin (`models.FieldEdit`), the stored
values of those fields replace the imported ones, the fields derived from them are computed again (and
a lede the record did not give is taken from the kept body, as an import takes it), the
tags and story band keys are found again from the text as it will be stored, and the report says which
fields were kept. Reads only; writes nothing itself.
"""

from __future__ import annotations

from collections import defaultdict

from ..models import Article, FieldEdit, derived_fields
from ..models.edits import column
from .fields import lede_of

# What the report says of an article that kept an editor's changes, before the fields' names.
KEPT_NOTE = "kept the editor's changes to"
# Kept fields the tags are found from (enrich.workers.TextRow), and those the story band keys are.
TAGGED = {"title", "body", "photo_caption", "dateline", "links"}
GROUPED = {"title", "body"}


def keep_edits(items) -> None:
    """Give the updated items among `items` their editors' values (see the module's docstring)."""
    updated = {item.existing_id: item for item in items if item.status == "updated"}
    if not updated:
        return
    edited: dict[int, list[str]] = defaultdict(list)
    for pk, name in FieldEdit.objects.filter(article_id__in=updated).values_list("article_id", "field"):
        edited[pk].append(name)
    if not edited:
        return
    columns = {column(name) for names in edited.values() for name in names} | {"slug"}
    stored = {row["id"]: row for row in Article.objects.filter(pk__in=edited).values("id", *columns)}
    for pk, names in edited.items():
        item, row = updated[pk], stored[pk]
        fields = item.fields
        for name in names:
            fields[column(name)] = row[column(name)]
        if "body" in names and "lede" not in names and not (item.record.lede or "").strip():
            # The lede was the imported body's first paragraph: it is the kept body's now.
            fields["lede"] = lede_of(fields["body"])
        # An edited title keeps the article's address too, as saving it in the admin did.
        slug = row["slug"] if {"slug", "title"} & set(names) else ""
        fields.update(
            derived_fields(
                title=fields["title"], body=fields["body"], published_at=fields["published_at"], slug=slug
            )
        )
        if TAGGED & set(names):
            item.found = None
        if GROUPED & set(names):
            item.bands = None
        kept = ", ".join(sorted(name.replace("_", " ") for name in names))
        item.note = "; ".join(filter(None, [item.note, f"{KEPT_NOTE} {kept}"]))
