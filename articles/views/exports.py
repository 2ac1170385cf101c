"""A search as data: one page of JSON with the facets, or every match as CSV for a spreadsheet."""

from __future__ import annotations

import csv
import itertools
from typing import TYPE_CHECKING

from django.http import JsonResponse, StreamingHttpResponse

from articles import localtime

if TYPE_CHECKING:
    from articles.views.search import Search

CSV_COLUMNS = [
    "id", "external_id", "published_at", "title", "source", "byline", "dateline", "url", "topics", "places",
    "word_count",
]  # fmt: skip
CSV_CHUNK = 500
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def local_iso(value) -> str | None:
    return localtime.local_iso(value) or None


def json_response(search: Search) -> JsonResponse:
    request = search.request
    search.prefetch()
    results = [
        {
            "id": result.article.pk,
            "external_id": result.article.external_id,
            "title": result.article.title,
            "url": request.build_absolute_uri(result.article.get_absolute_url()),
            "published_at": local_iso(result.article.published_at),
            "source": result.article.source.name if result.article.source else None,
            "topics": [topic.name for topic in result.topics],
            "places": [place.name for place in result.places],
            "snippet": str(result.snippet),
        }
        for result in search.results
    ]
    facet_data = {
        facet.name: [{"slug": item.key, "name": item.name, "count": item.count} for item in facet.items]
        for facet in search.tag_facets
    }
    date_facet = search.date_facet
    facet_data[date_facet.name] = [{"value": item.key, "count": item.count} for item in date_facet.items]
    facet_data["timeline"] = {
        "unit": search.timeline.unit,
        "bars": [
            {"from": bar.date_from, "to": bar.date_to, "count": bar.count} for bar in search.timeline.bars
        ],
    }
    return JsonResponse(
        {
            "count": search.total,
            "count_is_estimate": search.counts.estimated,
            "best_match_among_newest": search.ranked_within,
            "page": search.page.number,
            "num_pages": search.paginator.num_pages,
            "query": {
                "q": search.filterset.cleaned("q") or "",
                "explanation": search.query.explanation if not search.query.is_blank else "",
                "sort": search.filterset.sort_order,
            },
            "problems": search.problems,
            "results": results,
            "facets": facet_data,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def safe_cell(value) -> object:
    """Neutralise spreadsheet formula injection: a text cell that would run as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """csv.writer writes into this and gets the line back, so each row can be streamed."""

    def write(self, value):
        return value


def csv_rows(search: Search):
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    base = search.request.build_absolute_uri("/")[:-1]
    for article in search.matches.for_list().iterator(chunk_size=CSV_CHUNK):
        row = [
            article.pk,
            article.external_id,
            local_iso(article.published_at) or "",
            article.title,
            article.source.name if article.source else "",
            article.byline,
            article.dateline,
            base + article.get_absolute_url(),
            "; ".join(topic.name for topic in article.topics.all()),
            "; ".join(place.name for place in article.places.all()),
            article.word_count,
        ]
        yield writer.writerow([safe_cell(cell) for cell in row])


def csv_response(search: Search) -> StreamingHttpResponse:
    rows = csv_rows(search)
    # The header and the first match before the response starts: a database that cannot be reached
    # then gives the 503 page (newsarchive/faults.py), not a 200 with an empty download.
    started = [row for row in (next(rows), next(rows, None)) if row is not None]
    response = StreamingHttpResponse(itertools.chain(started, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="newsarchive-search.csv"'
    return response
