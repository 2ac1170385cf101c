"""The archive's admin: editors correct articles and their tags; imports are uploaded and reported here.

The "Import articles" page itself lives in admin_views.py and is routed through ArticleAdmin.get_urls;
a batch's progress and undo pages live in admin_batches.py, routed through ImportBatchAdmin.get_urls.
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from . import admin_batches, admin_edits, admin_stories, admin_views
from .admin_dates import WholeCalendarDateHierarchy
from .admin_widgets import BoundedIds, ParentForm, StoredMomentField, StoredMomentWidget
from .local_time import localtime
from .models import (
    Article,
    ArticlePlace,
    ArticleTopic,
    ImportBatch,
    ImportItem,
    Place,
    PlaceName,
    RelatedLink,
    Source,
    SourceAlias,
    TagOrigin,
    Topic,
    TopicRule,
)

REPORT_ROWS = 100  # failures and items listed on a batch's page; the rest are a link away
# Django 6 makes "https" the scheme assumed for a typed address without one; say so now.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


ARTICLE_FIELDS = {
    **URL_FIELDS,
    models.DateTimeField: {"form_class": StoredMomentField, "widget": StoredMomentWidget},
}


def _admin_link(obj, label=None) -> str:
    if obj is None:
        return "-"
    url = reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label or obj)


def _pre(value) -> str:
    return format_html('<pre style="white-space: pre-wrap; max-height: 40em; overflow: auto">{}</pre>', value)


def _bullets(values, limit: int = 50, total: int | None = None) -> str:
    """The first `limit` values as a list, then how many more (of `total`, when more exist than given)."""
    values = list(values or [])
    if not values:
        return "-"
    shown = min(len(values), limit)
    total = max(total or 0, len(values))
    more = format_html("<li>… and {} more</li>", f"{total - shown:,}") if total > shown else ""
    # The admin's aligned forms indent lists to the field column; inside a read-only value they need not.
    return format_html(
        '<ul style="margin-left: 0; padding-left: 1.2em">{}{}</ul>',
        format_html_join("", "<li>{}</li>", ((v,) for v in values[:limit])),
        more,
    )


# -- Articles ---------------------------------------------------------------------------------------


class TagOriginFilter(admin.SimpleListFilter):
    title = "tag origin"
    parameter_name = "tag_origin"

    def lookups(self, request, model_admin):
        return TagOrigin.choices

    def queryset(self, request, queryset):
        if self.value() not in TagOrigin.values:
            return queryset
        # EXISTS rather than a join, so an article with several such tags is listed once.
        return queryset.filter(
            Exists(ArticleTopic.objects.filter(article=OuterRef("pk"), origin=self.value()))
            | Exists(ArticlePlace.objects.filter(article=OuterRef("pk"), origin=self.value()))
        )


class ArticleTopicInline(BoundedIds, admin.TabularInline):
    model = ArticleTopic
    fields = ["topic", "origin", "score", "evidence"]
    readonly_fields = ["origin", "evidence"]
    autocomplete_fields = ["topic"]
    extra = 1
    verbose_name, verbose_name_plural = "topic", "topics"


class ArticlePlaceInline(BoundedIds, admin.TabularInline):
    model = ArticlePlace
    fields = ["place", "role", "origin", "score", "count", "evidence"]
    readonly_fields = ["origin", "count", "evidence"]
    autocomplete_fields = ["place"]
    extra = 1
    verbose_name, verbose_name_plural = "place", "places"


class RelatedLinkInline(BoundedIds, admin.TabularInline):
    """Printed with the article, so only the link to the archived story (`target`) is editable."""

    model = RelatedLink
    fk_name = "article"
    fields = ["position", "section", "kind", "title", "age", "target", "target_link"]
    readonly_fields = ["position", "section", "kind", "title", "age", "target_link"]
    autocomplete_fields = ["target"]
    extra = 0
    verbose_name_plural = "related stories (as printed)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("target")

    @admin.display(description="archived story")
    def target_link(self, link):
        return _admin_link(link.target)


@admin.register(Article)
class ArticleAdmin(BoundedIds, admin_edits.KeepsEditorsChanges, WholeCalendarDateHierarchy, admin.ModelAdmin):
    list_display = ["title", "published", "source", "word_count", "is_duplicate"]
    list_select_related = ["source"]
    search_fields = ["title", "external_id", "byline"]
    list_filter = [
        "source",
        "published_at",
        ("topics", admin.RelatedOnlyFieldListFilter),
        ("places", admin.RelatedOnlyFieldListFilter),
        TagOriginFilter,
        "date_precision",
        admin_stories.StoryRoleFilter,
    ]
    actions = [admin_stories.split_out_of_story, admin_stories.merge_articles_stories]
    # The stored local day: drilling down by published_at has the database convert every moment to
    # local time, which fails on a moment in year 1 or 9999 (articles.local_time).
    date_hierarchy = "published_on"
    show_full_result_count = False
    autocomplete_fields = ["source"]
    formfield_overrides = ARTICLE_FIELDS
    inlines = [ArticleTopicInline, ArticlePlaceInline, RelatedLinkInline]
    change_list_template = "admin/articles/article/change_list.html"
    readonly_fields = [
        "word_count",
        "external_id",
        "fingerprint",
        "record_hash",
        "duplicate_link",
        "story_link",
        "batch_link",
        "created_at",
        "modified_at",
        "warnings_list",
        "original_format",
        "original_text",
        "extra_fields",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "source", "byline", "dateline", "lede", "body", "word_count"]}),
        ("Dates", {"fields": ["published_at", "date_precision", "source_updated_at"]}),
        ("Photo and links", {"fields": ["photo_caption", "photo_credit", "url", "language", "links"]}),
        (
            "Import",
            {
                "fields": [
                    "external_id",
                    "batch_link",
                    "story_link",
                    "duplicate_link",
                    "warnings_list",
                    "fingerprint",
                    "record_hash",
                    "created_at",
                    "modified_at",
                ]
            },
        ),
        (
            "As imported",
            {"classes": ["collapse"], "fields": ["original_format", "original_text", "extra_fields"]},
        ),
    ]

    def get_urls(self):
        # Before the default URLs, whose "<object_id>/" would otherwise take "import/".
        return [*admin_views.import_urls(self), *super().get_urls()]

    def delete_model(self, request, obj):
        admin_stories.delete_articles(Article.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        admin_stories.delete_articles(queryset)

    def save_formset(self, request, form, formset, change):
        # A tag an editor adds, or changes, is the editor's: a re-import replaces only imported tags.
        if formset.model in (ArticleTopic, ArticlePlace):
            for tag_form in formset.forms:
                if tag_form in formset.deleted_forms or not tag_form.has_changed():
                    continue
                tag_form.instance.origin = TagOrigin.EDITOR
        super().save_formset(request, form, formset, change)

    @admin.display(description="published at", ordering="published_at", empty_value="-")
    def published(self, article):
        return article.published_at and date_format(localtime(article.published_at), "DATETIME_FORMAT")

    @admin.display(boolean=True, description="copy", ordering="duplicate_of")
    def is_duplicate(self, article):
        return article.duplicate_of_id is not None

    @admin.display(description="copy of")
    def duplicate_link(self, article):
        return _admin_link(article.duplicate_of)

    @admin.display(description="story")
    def story_link(self, article):
        role = article.get_story_role_display().lower()
        return format_html("{} ({})", _admin_link(article.story), role) if article.story_id else "-"

    @admin.display(description="import batch")
    def batch_link(self, article):
        return _admin_link(article.batch)

    @admin.display(description="import warnings")
    def warnings_list(self, article):
        # A row written past the import may hold any JSON here: a number was a 500 (stop 28).
        warnings = article.import_warnings
        return _bullets(warnings if isinstance(warnings, list) else [warnings] if warnings else [])

    @admin.display(description="original document")
    def original_text(self, article):
        return _pre(article.original) if article.original else "-"

    @admin.display(description="input fields the importer does not know")
    def extra_fields(self, article):
        return _pre(json.dumps(article.extra, indent=2, ensure_ascii=False)) if article.extra else "-"


# -- Sources, topics, places ------------------------------------------------------------------------


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    fields = ["name", "key"]
    readonly_fields = ["key"]
    extra = 1


class ArticleCountMixin:
    """An "articles" column counted in the list query itself (one query, not one per row)."""

    count_of = "articles"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count(self.count_of, distinct=True))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Source)
class SourceAdmin(BoundedIds, ArticleCountMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "homepage", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SourceAliasInline]
    formfield_overrides = URL_FIELDS


class TopicRuleInline(admin.TabularInline):
    model = TopicRule
    fields = ["pattern", "kind", "weight"]
    extra = 3
    verbose_name, verbose_name_plural = (
        "tagging rule",
        "tagging rules (run `manage.py tag_articles --all` after a change)",
    )


@admin.register(Topic)
class TopicAdmin(BoundedIds, ArticleCountMixin, admin.ModelAdmin):
    count_of = "article_tags"
    list_display = ["name", "slug", "iptc_code", "parent", "article_count"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "iptc_code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    form = ParentForm
    inlines = [TopicRuleInline]


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    fields = ["name", "kind"]
    extra = 1
    verbose_name, verbose_name_plural = "other name", "other names (spellings, short forms, demonyms)"


@admin.register(Place)
class PlaceAdmin(BoundedIds, ArticleCountMixin, admin.ModelAdmin):
    count_of = "article_tags"
    list_display = ["name", "kind", "country_code", "parent", "population", "article_count"]
    list_select_related = ["parent"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "country_code", "names__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    form = ParentForm
    inlines = [PlaceNameInline]

    save_related = admin_views.save_place_and_namesakes


# -- Import reports ---------------------------------------------------------------------------------


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyMixin, WholeCalendarDateHierarchy, admin.ModelAdmin):
    list_display = ["__str__", "status", "via", "created_by", "created", "updated", "unchanged", "failed"]
    list_filter = ["status", "via", "format"]
    list_select_related = ["created_by"]
    date_hierarchy = "started_at"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "status",
                    "message",
                    "via",
                    "created_by",
                    "format",
                    "started_at",
                    "running_since",
                    "heartbeat_at",
                    "finished_at",
                    "file_list",
                ]
            },
        ),
        ("Counts", {"fields": ["total", "created", "updated", "unchanged", "failed", "duplicates"]}),
        ("Report", {"fields": ["failures", "items_report"]}),
    ]
    readonly_fields = ["file_list", "failures", "items_report"]
    # The change page links to the batch's progress and undo pages; the delete page says that deleting
    # a report keeps its articles, and offers undo for removing them.
    change_form_template = "admin/articles/importbatch/change_form.html"
    delete_confirmation_template = "admin/articles/importbatch/delete_confirmation.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/progress/", wrap(self._progress_view), name="articles_importbatch_progress"),
            path(
                "<int:pk>/progress.json", wrap(self._progress_json), name="articles_importbatch_progress_json"
            ),
            path("<int:pk>/undo/", wrap(self._undo_view), name="articles_importbatch_undo"),
            *super().get_urls(),
        ]

    def _progress_view(self, request, pk):
        return admin_batches.progress_page(request, self, pk)

    def _progress_json(self, request, pk):
        return admin_batches.progress_json(request, self, pk)

    def _undo_view(self, request, pk):
        return admin_batches.undo_page(request, self, pk)

    def has_delete_permission(self, request, obj=None):
        # Deleting a report keeps its articles; still, only a superuser may lose the record, and not
        # while a worker is writing it.
        if obj is not None and not obj.ended:
            return False
        return request.user.is_superuser

    def get_deleted_objects(self, objs, request):
        # A batch's items are its report: deleting the report deletes them, though no one deletes an
        # item alone (ImportItemAdmin), and they are not listed one by one (an import has 100,000).
        items = ImportItem.objects.filter(batch__in=objs).count()
        counts = {
            ImportBatch._meta.verbose_name_plural: len(objs),
            ImportItem._meta.verbose_name_plural: items,
        }
        return [str(obj) for obj in objs], counts, set(), []

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    @admin.display(description="files")
    def file_list(self, batch):
        return _bullets(batch.files_by_name, total=batch.files_given)

    @admin.display(description="failed items")
    def failures(self, batch):
        return self._item_table(batch, batch.items.filter(status=ImportItem.Status.FAILED), "failed")

    @admin.display(description="created and updated")
    def items_report(self, batch):
        return self._item_table(batch, batch.items.exclude(status=ImportItem.Status.FAILED), "")

    def _item_table(self, batch, items, status: str) -> str:
        total = items.count()
        if not total:
            return "None."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    item.name,
                    item.get_status_display(),
                    _admin_link(item.article) if item.article_id else "",
                    item.message,
                    "; ".join(item.warnings or []),
                )
                for item in items.select_related("article")[:REPORT_ROWS]
            ),
        )
        note = ""
        if total > REPORT_ROWS:
            url = reverse("admin:articles_importitem_changelist") + f"?batch__id__exact={batch.pk}"
            if status:
                url += f"&status__exact={status}"
            note = format_html(
                '<p>The first {} of {} are shown. <a href="{}">See them all</a>.</p>',
                REPORT_ROWS,
                f"{total:,}",
                url,
            )
        # A box of its own that scrolls sideways on a phone (the admin's form row clips what overflows it).
        return format_html(
            '<div class="import-items-scroll" tabindex="0" role="region" aria-label="{}">'
            "<table><thead><tr><th>Name</th><th>Status</th><th>Article</th><th>Message</th><th>Warnings</th>"
            "</tr></thead><tbody>{}</tbody></table></div>{}",
            "Failed items" if status else "Created and updated",
            rows,
            note,
        )


@admin.register(ImportItem)
class ImportItemAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Every item of a batch, paginated; reached from a batch's page, so not listed on the index."""

    list_display = ["name", "status", "article_link", "message", "batch"]
    list_filter = ["status"]
    list_select_related = ["article", "batch"]
    search_fields = ["name", "message"]
    list_per_page = 100
    fields = ["batch", "name", "status", "article_link", "message", "warnings"]
    readonly_fields = ["article_link"]

    def has_module_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="article")
    def article_link(self, item):
        return _admin_link(item.article) if item.article_id else "-"


admin.site.site_header = "NewsArchive administration"
admin.site.site_title = "NewsArchive admin"
admin.site.index_title = "Archive administration"
