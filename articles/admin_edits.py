"""Editors' changes kept over re-imports, in the article admin: recorded on save, shown, given back.

Saving an article in the admin records which imported fields the editor changed (`models.FieldEdit`);
a later re-import keeps them (`articles.ingest.edits`). The change page lists them under "Kept over
re-imports", and an action on the article list gives the chosen articles' fields back to the importer.
Used by `admin.ArticleAdmin` as a mixin; it touches FieldEdit rows, the import hash of the articles
whose fields it gives back, and the story of an article whose title or date an editor changed (a story's
headline is its latest version's title: the admin showed the old one until the next import).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from .ingest.story_store import refresh_stories
from .local_time import localtime
from .models import KEPT_FIELDS, Article, FieldEdit

KEPT = ("Kept over re-imports", {"fields": ["edits_kept"]})
STORY_FIELDS = {"title", "published_at"}  # what a story's headline, dates and order are made of


def record_edits(article, names, user) -> None:
    """Note that `user` changed these fields of `article` (those an import also writes)."""
    editor = user if getattr(user, "is_authenticated", False) else None
    for name in names:
        if name in KEPT_FIELDS:
            FieldEdit.objects.update_or_create(article=article, field=name, defaults={"edited_by": editor})


@admin.action(description="Let the next import overwrite editors' changes to the selected articles")
def give_back_to_import(modeladmin, request, queryset):
    edits = FieldEdit.objects.filter(article__in=queryset)
    edited = list(edits.values_list("article_id", flat=True).distinct())
    deleted, _ = edits.delete()
    # The file these articles came from is most often unchanged since: forgetting its hash makes the
    # next import of it update them ("unchanged" would leave the editors' values in place).
    Article.objects.filter(pk__in=edited).update(record_hash="")
    modeladmin.message_user(
        request,
        f"{deleted:,} edited field{'s' * (deleted != 1)} given back: "
        "a re-import of these articles now updates every field.",
        messages.SUCCESS,
    )


class KeepsEditorsChanges:
    """ModelAdmin mixin for articles; see the module's docstring."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and obj.external_id:
            record_edits(obj, form.changed_data, request.user)
        if change and obj.story_id and STORY_FIELDS & set(form.changed_data):
            # The story's headline, dates and first article follow its articles' titles and dates.
            refresh_stories({obj.story_id})

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "edits_kept"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.field_edits.exists():
            fieldsets.insert(1, KEPT)
        return fieldsets

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            actions["give_back_to_import"] = self.get_action(give_back_to_import)
        return actions

    @admin.display(description="fields an editor changed")
    def edits_kept(self, article):
        edits = article.field_edits.select_related("edited_by")
        return format_html(
            '<ul style="margin-left: 0; padding-left: 1.2em">{}</ul><p class="help">{}</p>',
            format_html_join(
                "",
                "<li>{} — {}, {}</li>",
                (
                    (
                        edit.get_field_display(),
                        edit.edited_by or "an editor",
                        date_format(localtime(edit.edited_at), "DATETIME_FORMAT"),
                    )
                    for edit in edits
                ),
            ),
            "A re-import of this article keeps these values and updates the other fields.",
        )
