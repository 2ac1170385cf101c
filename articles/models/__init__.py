"""The archive's data: sources, articles, related-story links, topics and places (`archive`), and import
batches with their items (`imports`). Every name is re-exported here, so callers keep writing
`from articles.models import Article`.
"""

from .archive import (
    LIST_DEFERRED,
    OPENING_CHARS,
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
)
from .imports import ImportBatch, ImportBatchQuerySet, ImportItem

__all__ = [
    "LIST_DEFERRED",
    "OPENING_CHARS",
    "Article",
    "ArticlePlace",
    "ArticleQuerySet",
    "ArticleTopic",
    "ImportBatch",
    "ImportBatchQuerySet",
    "ImportItem",
    "MonthOf",
    "Place",
    "PlaceName",
    "PlaceQuerySet",
    "RelatedLink",
    "Source",
    "SourceAlias",
    "TagOrigin",
    "Topic",
    "TopicRule",
    "derived_fields",
    "fingerprint",
    "local_day",
    "normalise_alias",
    "normalise_title",
]
