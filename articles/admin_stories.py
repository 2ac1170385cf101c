"""Stories in the admin: the list of stories, and editors' decisions as admin actions.

On articles: "Split out of its story" (each selected article gets a story of its own) and "Merge the
stories of the selected articles". On stories: "Merge the selected stories". Each decision is kept
(`StoryDecision`, shown on the story's page) and survives re-imports and `group_stories --all`; the
work is done by articles.ingest.regroup. Stories are not deleted here (they are their articles'
grouping); deleting articles refreshes the stories they were in (`delete_articles`).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from .admin_dates import WholeCalendarDateHierarchy
from .admin_widgets import BoundedIds
from .ingest.regroup import merge_stories, split_article
from .ingest.story_store import refresh_stories
from .local_time import localtime
from .models import Article, Story, StoryDecision, StoryRole


def admin_link(obj) -> str:
    if obj is None:
        return "-"
    url = reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


class StoryRoleFilter(admin.SimpleListFilter):
    title = "place in its story"
    parameter_name = "story_role"

    def lookups(self, request, model_admin):
        return [*((role, label) for role, label in StoryRole.choices if role), ("none", "Not grouped yet")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(story_role=StoryRole.NONE)
        if self.value() in StoryRole.values:
            return queryset.filter(story_role=self.value())
        return queryset


def delete_articles(articles) -> None:
    """Delete articles as the admin does, leaving their stories whole: each story they were in gets a
    new first article and its counts again, and a story left empty goes too."""
    with transaction.atomic():
        touched = set(articles.exclude(story=None).values_list("story_id", flat=True))
        articles.delete()
        refresh_stories(touched)


def _oldest(stories) -> Story:
    return min(stories, key=lambda s: (s.first_published_at is None, s.first_published_at, s.pk))


@admin.action(description="Split out of its story (keeps the decision)", permissions=["change"])
def split_out_of_story(modeladmin, request, queryset):
    done = 0
    for article in queryset.select_related("story"):
        if article.story_id and article.story.article_count > 1:
            split_article(article, user=request.user)
            done += 1
    modeladmin.message_user(
        request,
        f"{done} article{'s' if done != 1 else ''} split out into stories of their own; "
        "later imports and regrouping keep them apart.",
        messages.SUCCESS if done else messages.WARNING,
    )


@admin.action(description="Merge the stories of the selected articles", permissions=["change"])
def merge_articles_stories(modeladmin, request, queryset):
    stories = list(Story.objects.filter(pk__in=queryset.exclude(story=None).values("story_id")))
    _merge(modeladmin, request, stories)


def _merge(modeladmin, request, stories: list[Story]) -> None:
    if len(stories) < 2:
        modeladmin.message_user(request, "Choose articles of at least two stories.", messages.WARNING)
        return
    target = merge_stories(_oldest(stories), stories, user=request.user)
    modeladmin.message_user(
        request,
        f"{len(stories)} stories merged into “{target}” ({target.key}), {target.article_count} articles; "
        "later imports and regrouping keep them together.",
        messages.SUCCESS,
    )


def moment(value) -> str:
    """A stored moment through articles.local_time: one at the ends of the calendar (year 1 in UTC) has
    no local time, and Django's own display of the field was a 500 on it (stop 28)."""
    return value and date_format(localtime(value), "DATETIME_FORMAT")


class StoryArticleInline(admin.TabularInline):
    model = Article
    fields = ["article_link", "source", "published", "story_role"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False
    verbose_name, verbose_name_plural = "article", "articles (oldest first)"

    def get_queryset(self, request):
        order = (F("published_at").asc(nulls_last=True), "pk")
        return super().get_queryset(request).select_related("source").order_by(*order)

    @admin.display(description="article")
    def article_link(self, article):
        return admin_link(article)

    @admin.display(description="published at", empty_value="-")
    def published(self, article):
        return moment(article.published_at)


@admin.register(Story)
class StoryAdmin(BoundedIds, WholeCalendarDateHierarchy, admin.ModelAdmin):
    list_display = [
        "__str__",
        "key",
        "article_count",
        "version_count",
        "first_published",
        "last_published",
    ]
    search_fields = ["key", "headline"]
    date_hierarchy = "first_published_at"
    show_full_result_count = False
    actions = ["merge_selected"]
    fields = [
        "key",
        "headline",
        "article_count",
        "copy_count",
        "version_count",
        "first_published",
        "last_published",
        "decisions",
    ]
    readonly_fields = fields
    inlines = [StoryArticleInline]

    def has_add_permission(self, request):
        return False  # stories come from articles: imports, group_stories, or the actions here

    def has_delete_permission(self, request, obj=None):
        # A story is its articles' grouping, not a record of its own: deleting it would leave them with
        # a role in no story, and the next `group_stories` would group them again. Editors split an
        # article out, or merge stories; deleting the articles removes an emptied story.
        return False

    @admin.action(description="Merge the selected stories (keeps the decision)", permissions=["change"])
    def merge_selected(self, request, queryset):
        _merge(self, request, list(queryset))

    @admin.display(description="first published at", ordering="first_published_at", empty_value="-")
    def first_published(self, story):
        return story.first_published_at and date_format(
            localtime(story.first_published_at), "DATETIME_FORMAT"
        )

    @admin.display(description="last published at", ordering="last_published_at", empty_value="-")
    def last_published(self, story):
        return moment(story.last_published_at)

    @admin.display(description="editors' decisions")
    def decisions(self, story):
        found = StoryDecision.objects.filter(story_key=story.key).select_related("decided_by")[:50]
        if not found:
            return "-"
        rows = (
            (d.external_id, d.get_action_display(), d.decided_by or "unknown", d.decided_at.date())
            for d in found
        )
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {} ({}, {})</li>", rows))
