"""A tiny run of the scale benchmark (bench/generate.py, bench/run.py): every row of the report is
there with sane numbers. No timing is asserted; the numbers live in docs/benchmarks.md."""

import sqlite3
import sys

import pytest

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402
import run  # noqa: E402

pytestmark = pytest.mark.django_db
ARTICLES = 200


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    # The committed Wikinews demo set (the generator's fallback), so this test runs everywhere, fast.
    return generate.read_corpus(tmp_path_factory.mktemp("no-corpus"))


@pytest.fixture
def archive(corpus):
    timings = generate.load(ARTICLES, seed=3, corpus=corpus, progress=lambda line: None)
    assert all(seconds >= 0 for seconds in timings.values())


def test_generator_is_deterministic_and_realistic(corpus):
    first, again = generate.Generator(corpus, seed=5), generate.Generator(corpus, seed=5)
    assert [first.record(i) for i in range(20)] == [again.record(i) for i in range(20)]
    record = first.record(3)
    assert record["title"] in {story.title for story in corpus.stories}
    assert record["body"].split("\n\n")[0] in {story.paragraphs[0] for story in corpus.stories}
    assert record["published_at"][:4] >= "2005"


def test_generated_archive_is_searchable_and_tagged(archive):
    from articles import fulltext
    from articles.models import Article, ArticlePlace, ArticleTopic

    assert Article.objects.count() == ARTICLES
    assert Article.objects.values("source").distinct().count() > 5
    assert ArticleTopic.objects.exists() and ArticlePlace.objects.exists()
    title = Article.objects.order_by("pk").first().title
    word = next(word for word in title.split() if word.isalpha() and len(word) > 3)
    assert fulltext.search(Article.objects.all(), word).exists()


def test_report_has_every_row(archive, corpus, tmp_path):
    requests = run.mix(*run.first_article())
    search = run.measure_search(requests, repeat=2)
    assert [row.label for row in search] == [request.label for request in requests]
    for row in search:
        assert row.page_p50 > 0 and row.page_p95 >= row.page_p50 and row.sql_p50 > 0 and row.queries > 0
        assert row.matches is None or row.matches >= 0

    jsonl = generate.write_jsonl(tmp_path / "sample.jsonl", 30, seed=9, corpus=corpus)
    pages = generate.write_pages(tmp_path / "pages", 5, seed=10, corpus=corpus)
    imports = {"JSON Lines": run.import_files([jsonl]), "page text": run.import_files([pages])}
    assert imports["JSON Lines"]["created"] == 30 and imports["page text"]["created"] == 5
    assert all(r["failed"] == 0 and r["rate"] > 0 and r["peak_rss_mb"] > 0 for r in imports.values())

    exported = run.export_csv(run.csv_url(ARTICLES))
    assert exported["rows"] > 0 and exported["peak_rss_mb"] >= exported["rss_before_mb"] > 0
    plain = tmp_path / "bench.db"
    assert run.export_plain(plain) == ARTICLES + 35
    assert sqlite3.connect(plain).execute("SELECT count(DISTINCT source) FROM articles").fetchone()[0] > 5

    results = {
        "db": "test", "seed": 3, "data": "generated", "articles": ARTICLES, "machine": run.machine(), "load_end": (0, 0, 0),
        "command": "pytest", "import": imports, "search": [row.__dict__ for row in search],
        "peer": "skipped in the test suite", "csv": exported,
    }  # fmt: skip
    text = run.report(results)
    for label in [*(request.label for request in requests), "JSON Lines", "page text", "CSV export"]:
        assert label in text
