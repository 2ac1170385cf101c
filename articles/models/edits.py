"""Editors' changes to imported fields: which fields of an article an editor changed in the admin.

A re-import of the article's file (because the file changed, or the page reader improved) keeps the
editor's value of each field named here and updates the others (`articles.ingest.edits`). The rows are
written by the admin (`articles.admin_edits`) and removed with the article, or by the admin action that
gives the fields back to the importer.
"""

from django.conf import settings
from django.db import models

# The fields an editor changes in the admin that an import also writes: the only ones recorded.
KEPT_FIELDS = (
    "title",
    "slug",
    "source",
    "byline",
    "dateline",
    "lede",
    "body",
    "published_at",
    "date_precision",
    "source_updated_at",
    "photo_caption",
    "photo_credit",
    "url",
    "language",
    "links",
)


class FieldEdit(models.Model):
    """One field of one article as an editor left it; the value itself is the article's own."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="field_edits")
    field = models.CharField(max_length=40, choices=[(name, name.replace("_", " ")) for name in KEPT_FIELDS])
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article", "field"]
        constraints = [models.UniqueConstraint(fields=["article", "field"], name="fieldedit_article_field")]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.field}"

    @property
    def column(self) -> str:
        return column(self.field)


def column(field: str) -> str:
    """The Article attribute holding a kept field's value (a foreign key's id)."""
    return "source_id" if field == "source" else field
