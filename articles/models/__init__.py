"""The archive's data: sources, articles, related-story links, topics and places (`archive`), import
batches with their items (`imports`), readers' saved collections of articles (`collections`), stories,
each grouping the copies and versions of one wire story (`stories`), and what is counted or found once
and read by key (`aggregates`), and which fields editors changed, kept over re-imports (`edits`). Every name is re-exported here, so callers keep writing
`from articles.models import Article`.
"""

from .aggregates import ArchiveOverview, SimilarArticles
from .archive import (
    LIST_DEFERRED,
    OPENING_CHARS,
    URL_SLUG,
    Article,
    ArticlePlace,
    ArticleQuerySet,
    ArticleTopic,
    MonthOf,
    Place,
    PlaceName,
    PlaceQuerySet,
    RelatedLink,
    Source,
    SourceAlias,
    TagOrigin,
    Topic,
    TopicRule,
    derived_fields,
    fingerprint,
    local_day,
    normalise_alias,
    normalise_title,
    tag_url,
)
from .collections import Collection, CollectionItem
from .edits import KEPT_FIELDS, FieldEdit
from .imports import ImportBatch, ImportBatchQuerySet, ImportItem
from .stories import Story, StoryBand, StoryDecision, StoryQuerySet, StoryRole, story_key

__all__ = [
    "ArchiveOverview",
    "LIST_DEFERRED",
    "OPENING_CHARS",
    "URL_SLUG",
    "Article",
    "ArticlePlace",
    "ArticleQuerySet",
    "ArticleTopic",
    "Collection",
    "CollectionItem",
    "FieldEdit",
    "ImportBatch",
    "ImportBatchQuerySet",
    "ImportItem",
    "KEPT_FIELDS",
    "MonthOf",
    "Place",
    "PlaceName",
    "PlaceQuerySet",
    "RelatedLink",
    "SimilarArticles",
    "Source",
    "SourceAlias",
    "Story",
    "StoryBand",
    "StoryDecision",
    "StoryQuerySet",
    "StoryRole",
    "TagOrigin",
    "Topic",
    "TopicRule",
    "derived_fields",
    "fingerprint",
    "local_day",
    "normalise_alias",
    "normalise_title",
    "story_key",
    "tag_url",
]
