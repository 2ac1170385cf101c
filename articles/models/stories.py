"""Stories: every copy and version of one wire story, across outlets and through the day.

An article belongs to one `Story` (`Article.story`) in one role (`Article.story_role`): the story's
`first` article, a `copy` of an article before it (the same text, allowing for cuts and the outlet's
own headline) or a `version` (the text changed: numbers updated, paragraphs added, headline
rewritten). Grouping happens at import (articles/ingest/stories.py) and with `manage.py
group_stories`; candidates are found through `StoryBand`, an indexed table of band keys, so that
finding them costs a few index look-ups whatever the archive's size.

Editors' decisions (`StoryDecision`: an article split out of its story, two stories merged) are kept
by the article's external id, so they survive re-import, undoing an import and `group_stories --all`.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse

KEY_LENGTH = 16  # hex digits of SHA-1: 64 bits, no collision expected below billions of stories


def story_key(external_id: str, attempt: int = 0) -> str:
    """The key of a story founded by the article with this external id: the same after re-importing the
    same files into another archive, so that links and exports keep meaning the same story.
    `attempt` gives another key when this one is taken (an article split out of the story it founded)."""
    text = external_id if not attempt else f"{external_id}\0{attempt}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:KEY_LENGTH]


class StoryRole(models.TextChoices):
    FIRST = "first", "First"
    COPY = "copy", "Copy"
    VERSION = "version", "Version"
    NONE = "", "Not grouped yet"


class StoryQuerySet(models.QuerySet):
    def with_articles(self):
        """Stories that still hold an article (an emptied story is deleted at once; this is for reads
        racing with a write)."""
        return self.filter(article_count__gt=0)


class Story(models.Model):
    """One wire story. The counts, dates and headline are kept up to date by `refresh_stories`
    (articles/ingest/stories.py) whenever an article joins or leaves it."""

    key = models.CharField(max_length=40, unique=True, help_text="Stable across re-imports and exports.")
    headline = models.CharField(max_length=500, blank=True, help_text="Its latest version's title.")
    article_count = models.PositiveIntegerField(default=0, help_text="Every copy and version.")
    copy_count = models.PositiveIntegerField(default=0, help_text="Articles in the role 'copy'.")
    version_count = models.PositiveIntegerField(
        default=0, help_text="Distinct versions: the first article and those in the role 'version'."
    )
    first_published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-last_published_at", "-pk"]

    def __str__(self) -> str:
        return self.headline or self.key

    def get_absolute_url(self) -> str:
        return reverse("articles:story", args=[self.key])


class StoryBand(models.Model):
    """One band key of an article's text (articles.stories.similarity.band_keys): two articles sharing a
    key are candidates to compare. Looked up by key, so indexed on (key, article)."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="story_bands")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key", "article"], name="storyband_key_article")]

    def __str__(self) -> str:
        return f"{self.key} -> {self.article_id}"


class StoryDecision(models.Model):
    """An editor's decision about one article's story, which automatic grouping never undoes.

    Kept by the article's external id and the story's key (not foreign keys), so it holds after the
    article (or the whole story) is deleted by an undone import and imported again. `split`: the article
    was taken out of its story into one of its own; `merge`: its story was merged into another. Either
    way the article stays in the story `story_key`.
    """

    class Action(models.TextChoices):
        SPLIT = "split", "Split out of its story"
        MERGE = "merge", "Merged into another story"

    external_id = models.CharField(max_length=500, unique=True)
    story_key = models.CharField(max_length=40, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.external_id}: {self.get_action_display()}"
