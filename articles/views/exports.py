"""A search as data: one page of JSON with the facets, or every match as CSV for a spreadsheet, or as
RIS or BibTeX for a reference manager.

The rows are written by articles/exporting.py, as `export_articles` writes them.
"""

from __future__ import annotations

import itertools

from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone

from articles.exporting import iter_bibtex, iter_csv, iter_ris, summary
from articles.keys import slugify
from articles.selectors.search_page import AskedSearch, SearchPage


def site_url(request) -> str:
    """This site's address as the request reached it, without a trailing slash."""
    return request.build_absolute_uri("/")[:-1]


FILENAME_WORDS = 60  # characters of the search in an export's file name: enough to tell files apart


def export_filename(asked: AskedSearch, extension: str) -> str:
    """ "newsarchive-patriot-missiles-topic-ukraine-from-2024-2026-12-02.csv": the search (the page's own
    topic, place or source, the words, the filters, the dates) and the day of the export, slugified
    (ASCII letters, digits and hyphens only, so safe in a Content-Disposition header and any file
    system), so that several downloads do not all arrive as the same name."""
    params = asked.params
    parts = [f"{asked.scope[0]}-{asked.scope[1].slug}"] if asked.scope else []
    parts.append(params.get("q", ""))
    for kind in ("topic", "place", "source"):
        parts.extend(f"{kind}-{slug}" for slug in params.getlist(kind))
    # The dates say which end they are: "from-2020" and "to-2020" are different searches.
    parts.extend(
        f"{label}-{params[name]}"
        for name, label in (("date_from", "from"), ("date_to", "to"))
        if params.get(name)
    )
    described = slugify(" ".join(parts))[:FILENAME_WORDS].strip("-") or "search"
    return f"newsarchive-{described}-{timezone.localdate().isoformat()}.{extension}"


def json_response(page: SearchPage, request) -> JsonResponse:
    site = site_url(request)
    results = [
        {
            **summary(
                result.article,
                archive_url=site + result.url,
                topics=[topic.name for topic in result.topics],
                places=[place.name for place in result.places],
            ),
            "place_tags": result.place_tags,
            "snippet": str(result.snippet),
        }
        for result in page.results
    ]
    facet_data = {
        facet.name: [{"slug": item.key, "name": item.name, "count": item.count} for item in facet.items]
        for facet in page.tag_facets
    }
    date_facet = page.date_facet
    facet_data[date_facet.name] = [{"value": item.key, "count": item.count} for item in date_facet.items]
    facet_data["timeline"] = {
        "unit": page.timeline.unit,
        "bars": [
            {"from": bar.date_from, "to": bar.date_to, "count": bar.count} for bar in page.timeline.bars
        ],
    }
    query = page.query
    return JsonResponse(
        {
            "count": page.total,
            "group": "story" if page.grouped else "none",
            "stories": page.story_total,
            "articles": page.article_total,
            "copies": page.counts.duplicates,  # exact copies among `articles`, as the page says
            "count_is_estimate": page.counts.estimated,
            "best_match_among_newest": page.ranked_within,
            "page": page.page.number,
            "num_pages": page.paginator.num_pages,
            "query": {
                "q": query.raw,
                "explanation": query.explanation if not query.is_blank else "",
                "sort": page.filterset.sort_order,
                "places": "all" if page.filterset.include_mentions else "shown",
            },
            "problems": page.problems,
            "results": results,
            "facets": facet_data,
            "facet_counts": facet_counts(page),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def facet_counts(page: SearchPage) -> dict:
    """What the numbers in `facets` count: stories or articles, exactly or estimated, and among which
    matches. A kind with a value chosen counts its other values in the search without that choice (each
    would give those in place of it; choosing it too gives either's matches), the rest within the matches."""
    counted = {
        "unit": "stories" if page.grouped else "articles",
        "estimated": page.counts.sampled,
    }
    for kind, title in (("topic", "topics"), ("place", "places"), ("source", "sources")):
        counted[kind] = "the matches of this search" + (
            f" without its {title}, each in place of them" if page.asked.chosen.get(kind) else ""
        )
    return counted


def csv_response(asked: AskedSearch, request) -> StreamingHttpResponse:
    rows = iter_csv(asked.filterset.qs, site_url=site_url(request), mentions=asked.filterset.include_mentions)
    # The header and the first match before the response starts: a database that cannot be reached
    # then gives the 503 page (newsarchive/faults.py), not a 200 with an empty download.
    started = [row for row in (next(rows), next(rows, None)) if row is not None]
    response = StreamingHttpResponse(itertools.chain(started, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(asked, "csv")}"'
    return response


# format: (writer, content type, file extension). RIS's registered type is application/x-research-info-
# systems, which Zotero's connector and EndNote open directly; BibTeX has none, so it is plain text.
REFERENCE_FORMATS = {
    "ris": (iter_ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "bibtex": (iter_bibtex, "application/x-bibtex; charset=utf-8", "bib"),
}


def reference_response(asked: AskedSearch, request, output: str) -> StreamingHttpResponse:
    """Every match as RIS or BibTeX, streamed like the CSV (and, like it, a 503 rather than an empty
    download when the first match cannot be read)."""
    writer, content_type, extension = REFERENCE_FORMATS[output]
    records = writer(asked.filterset.qs, site_url=site_url(request))
    first = next(records, None)
    started = [first] if first is not None else []
    response = StreamingHttpResponse(itertools.chain(started, records), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(asked, extension)}"'
    return response
