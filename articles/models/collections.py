"""Readers' collections: a search frozen at a moment, as the articles it matched then.

A collection keeps the ids of the articles, not the search: later imports add nothing to it, and its
page (articles/views/collections.py) shows exactly these articles until its owner adds or removes one.
The query string is kept beside them so that the page can say how the live search differs now.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .archive import Article

NAME_MAX = 200  # characters: a name is a heading, not a note
NOTES_MAX = 20_000  # characters: a few pages of notes; the form says so beyond it
QUERY_MAX = 4_000  # characters of the frozen query string: the search page's URLs stay well below it


class Collection(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collections")
    name = models.CharField(max_length=NAME_MAX)
    notes = models.TextField(blank=True, max_length=NOTES_MAX)
    query = models.TextField(
        blank=True, max_length=QUERY_MAX, help_text="The search's query string when it was frozen."
    )
    count = models.PositiveIntegerField(default=0, help_text="Articles the search matched when frozen.")
    created_at = models.DateTimeField(auto_now_add=True)
    frozen_at = models.DateTimeField(default=timezone.now)
    # Set while the collection is shared by link; None when it is not (and a new token when shared
    # again, so an old link stays dead).
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:collection", args=[self.pk])

    @property
    def share_url(self) -> str:
        return reverse("articles:shared_collection", args=[self.share_token]) if self.share_token else ""

    def share(self) -> None:
        self.share_token = secrets.token_urlsafe(24)  # 192 bits: not guessable
        self.save(update_fields=["share_token"])

    def unshare(self) -> None:
        self.share_token = None
        self.save(update_fields=["share_token"])

    def articles(self):
        """The collection's articles in its order (the search's order when frozen, added ones last)."""
        return Article.objects.filter(collection_items__collection=self).order_by(
            "collection_items__position", "pk"
        )

    def add(self, article: Article) -> bool:
        """Put `article` last; False when it is there already."""
        if self.items.filter(article=article).exists():
            return False
        last = self.items.aggregate(last=models.Max("position"))["last"]
        CollectionItem.objects.create(collection=self, article=article, position=(last or 0) + 1)
        return True

    def remove(self, article_id: int) -> bool:
        """Take the article out; False when it was not in the collection."""
        deleted, _ = self.items.filter(article_id=article_id).delete()
        return bool(deleted)


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    # An article deleted from the archive (an import undone, an editor's delete) leaves its collections.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="collection_items")
    position = models.PositiveIntegerField()
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "article"], name="collection_item_once"),
        ]
        indexes = [models.Index(fields=["collection", "position"], name="collection_item_order")]

    def __str__(self) -> str:
        return f"{self.collection_id}: {self.article_id}"
