"""The JSON Lines parser: schema, bad lines, encodings, and the three real corpora in ../shared/corpus."""

import datetime as dt
import gzip
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importers.jsonl import parse_jsonl
from articles.importers.records import ArticleRecord, ParseFailure, RelatedRecord, TagRecord
from articles.importers.signoff import split_signoff
from articles.importers.text import decode_text, normalise_body
from articles.keys import slugify

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def parse(text, name="batch.jsonl", **kwargs):
    return list(parse_jsonl(text, name=name, **kwargs))


def one(obj, **kwargs) -> ArticleRecord:
    [result] = parse(json.dumps(obj), **kwargs)
    assert isinstance(result, ArticleRecord), result
    return result


def test_every_schema_field_is_read():
    data = (FIXTURES / "full-article.jsonl").read_bytes()
    [record] = parse(data, name="uploads/full-article.jsonl")

    assert record.external_id == "the-associated-press:42"
    assert record.title == "Storm closes port"
    assert record.body == (
        "The storm closed the port of Halifax on Wednesday, and ferries stayed in harbour until "
        "the wind eased.\n\nSecond paragraph."
    )
    assert record.published_at == dt.datetime(2024, 1, 3, 14, 37, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert record.updated_at == dt.datetime(2024, 1, 4, 9, 0, tzinfo=dt.UTC)
    assert record.published_date is None
    assert record.date_precision == "time"
    assert record.source == "The Associated Press"
    assert record.byline == "By Jane Roe"
    assert record.dateline == "HALIFAX"
    assert record.url == "https://apnews.com/article/storm-42"
    assert record.language == "en"
    assert record.photo_caption == "Waves hit the pier."
    assert record.photo_credit == "AP Photo/John Doe"
    assert record.lede == "A storm closed the port."
    assert record.topics == [
        TagRecord(name="Weather", slug="weather", origin="enrich", score=0.9),
        TagRecord(name="Shipping", slug="shipping", origin="imported", score=0.4),
    ]
    assert record.places == [
        TagRecord(name="Halifax", slug="halifax-ns", kind="city", country_code="CA", role="dateline"),
        TagRecord(name="Nova Scotia", slug="nova-scotia"),
    ]
    assert record.related == [
        RelatedRecord(
            title="Ferries cancelled",
            position=1,
            section="Top Stories",
            summary="All crossings off.",
            age="1h ago",
            url="https://apnews.com/article/ferries",
        ),
        RelatedRecord(
            title="Watch: the storm", position=2, section="Most Watched Today", kind="video", duration="2:33"
        ),
    ]
    assert record.links == ["https://apnews.com/hub/weather"]
    assert record.extra == {"wind_kmh": 120, "editor_notes": {"checked": True}, "_line": 1, "_id": "42"}
    assert record.original == data.decode().rstrip("\n")
    assert record.format == "jsonl"
    assert record.warnings == []


def test_the_example_line_in_the_import_format_docs_parses():
    docs = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"
    example = re.search(r"```json\n(.*?)\n```", docs.read_text(), re.S)[1]
    record = one(json.loads(example), name="example.jsonl")
    assert (record.external_id, record.source, record.extra) == (
        "the-canadian-press:42",
        "The Canadian Press",
        {"wind_kmh": 120, "_line": 1, "_id": "42"},  # the line and id name it in a report
    )
    assert [t.slug for t in record.topics] == ["weather", "shipping"]


def test_topics_and_places_as_plain_names_keep_order_and_drop_repeats():
    record = one(
        {"id": 1, "title": "T", "body": "B", "topics": ["Trade", "Oil prices", "trade"], "places": []}
    )
    assert [(t.name, t.slug, t.origin) for t in record.topics] == [
        ("Trade", "trade", "imported"),
        ("Oil prices", "oil-prices", "imported"),
    ]
    assert record.places == []


def test_naive_datetime_stays_naive_and_date_only_goes_to_published_date():
    naive = one({"title": "T", "body": "B", "published_at": "2024-01-03 14:37"})
    assert naive.published_at == dt.datetime(2024, 1, 3, 14, 37)
    assert naive.published_at.tzinfo is None

    dated = one({"title": "T", "body": "B", "date": "2019-01-04"})
    assert (dated.published_at, dated.published_date, dated.date_precision) == (
        None,
        dt.date(2019, 1, 4),
        "day",
    )

    month = one({"title": "T", "body": "B", "published_at": "2019-03"})
    assert (month.published_date, month.date_precision) == (dt.date(2019, 3, 1), "month")
    assert month.warnings == ["'published_at' gives only a month"]


def test_published_at_wins_over_date_which_is_then_kept_in_extra():
    record = one({"title": "T", "body": "B", "published_at": "2024-01-03T10:00:00", "date": "2023-12-31"})
    assert record.published_at == dt.datetime(2024, 1, 3, 10)
    assert record.extra == {"date": "2023-12-31", "_line": 1}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"title": "A", "body": "x" "y"}', "not valid JSON (Expecting ',' delimiter at column 28)"),
        ('{"body": ""}', "'title' is missing or empty, and so is 'body'"),
        ('{"title": "A", "published_at": "yesterday"}', "'published_at' is not a date: 'yesterday' (write it as 2024-01-31, 2024-01 or 2024-01-31T09:30:00+00:00)"),
        ('{"title": "A", "date": "2019-02-30"}', "'date' is not a date: '2019-02-30' (write it as 2024-01-31, 2024-01 or 2024-01-31T09:30:00+00:00)"),
        ('{"title": "A", "updated_at": 1700000000}', "'updated_at' is not a date: 1700000000 (a number is not read as a date: write it as 2024-01-31, 2024-01 or 2024-01-31T09:30:00+00:00)"),
        ('{"title": "A", "topics": "trade"}', "'topics' must be a list"),
        ('{"title": "A", "places": [{"slug": "x"}]}', "'places' item 1 has no 'name'"),
        ('{"title": "A", "topics": [3]}', "'topics' item 1 must be a name or an object, not a number"),
        ('{"title": "A", "topics": [{"name": "x", "score": "9"}]}',
         "'topics' item 1: 'score' must be a number, not text"),
        ('{"title": "A", "related": [{"summary": "s"}]}', "'related' item 1 needs a 'title'"),
        ('{"title": ["A"]}', "'title' must be text, not a list"),
        ('{"title": 5}', "'title' must be text, not a number (a number is read as a title only beside a body)"),
        ('{"title": 5, "body": " "}',
         "'title' must be text, not a number (a number is read as a title only beside a body)"),
        ('{"title": true, "body": "B"}', "'title' must be text, not true"),
        ('{"title": "A", "body": 5}', "'body' must be text, not a number"),
        ('{"title": "A", "body": {"text": "B"}}', "'body' must be text, not an object"),
        ('{"title": "A", "id": true}', "'id' must be text or a number, not true"),
        ('"just text"', "expected a JSON object, found text"),
    ],
)  # fmt: skip
def test_bad_line_messages(line, message):
    assert parse(line) == [ParseFailure("batch.jsonl line 1", f"{message}")]


def test_array_element_that_is_not_an_object():
    assert parse('[{"title": "A"}, "B"]', name="x.json")[1] == ParseFailure(
        "x.json item 2", "expected a JSON object, found text"
    )


def test_one_bad_line_does_not_stop_the_others_and_blank_lines_are_skipped():
    text = '{"id": 1, "title": "One"}\n\n   \n{"id": 2, "title": "Two",}\n{"id": 3, "title": "Three"}\n'
    results = parse(text, default_source="Example Wire")
    assert [type(r).__name__ for r in results] == ["ArticleRecord", "ParseFailure", "ArticleRecord"]
    assert results[1].name == "batch.jsonl line 4"
    assert results[1].message.startswith("not valid JSON (Expecting property name")
    assert [r.external_id for r in results[::2]] == ["example-wire:1", "example-wire:3"]
    assert results[2].source == "Example Wire"


def test_unicode_line_separator_inside_a_string_does_not_split_the_line():
    [record] = parse('{"title": "A\u2028B", "body": "x"}\n')
    assert record.title == "A B"


def test_utf8_bom_utf16_and_cp1252_are_decoded():
    line = '{"title": "Café crème", "body": "Ünïcode – dash"}\n'
    for data in (b"\xef\xbb\xbf" + line.encode(), line.encode("utf-16")):
        [record] = parse(data)
        assert (record.title, record.body, record.warnings) == ("Café crème", "Ünïcode – dash", [])

    good = '{"title": "Good é"}\n'.encode()
    [ok, legacy] = parse(good + line.encode("cp1252"))
    assert ok.title == "Good é" and ok.warnings == ["no body text"]
    assert legacy.title == "Café crème"
    assert legacy.body == "Ünïcode – dash"
    assert legacy.warnings == ["not valid UTF-8; read as Windows-1252 (cp1252)"]


def test_decode_text_falls_back_to_latin1_when_cp1252_cannot_read_it():
    assert decode_text(b"caf\xe9 \x81") == ("café \x81", "not valid UTF-8 or Windows-1252; read as Latin-1")
    assert decode_text("é".encode("utf-16-be").join([b"\xfe\xff", b""])) == ("é", None)


def test_json_array_and_pretty_printed_single_object():
    array = json.dumps([{"id": "a", "title": "First"}, {"id": "b", "title": "Second"}], indent=2)
    results = parse(array, name="export.json")
    assert [r.external_id for r in results] == ["export:a", "export:b"]
    assert json.loads(results[1].original) == {"id": "b", "title": "Second"}

    [record] = parse(json.dumps({"id": "c", "title": "Only", "body": "Text."}, indent=2), name="one.json")
    assert (record.external_id, record.title, record.body) == ("one:c", "Only", "Text.")


@pytest.mark.parametrize(
    ("obj", "name", "expected"),
    [
        ({"id": "business/001"}, "data/bbc-dev.jsonl.gz", "bbc-dev:business/001"),
        ({"id": 7}, "upload.zip:x/reuters21578-train.ndjson", "reuters21578-train:7"),
        ({"id": 7, "source": "Le Monde"}, "x.jsonl", "le-monde:7"),
        ({"id": "reuters:7", "source": "AP"}, "x.jsonl", "reuters:7"),
        ({"id": "https://example.com/a", "source": "AP"}, "x.jsonl", "https://example.com/a"),
        ({"id": "Study:_Neanderthals"}, "wikinews.jsonl", "wikinews:Study:_Neanderthals"),
        ({"url": "https://example.com/b"}, "x.jsonl", "https://example.com/b"),
    ],
)
def test_external_id_rule(obj, name, expected):
    assert one({"title": "T", "body": "B", **obj}, name=name).external_id == expected


def test_external_id_without_id_or_url_hashes_the_clean_title_and_body():
    record = one({"title": "  A  title ", "body": "Some text\r\n\r\n\r\nMore"})
    expected = hashlib.sha1(b"A title\nSome text\n\nMore").hexdigest()
    assert record.external_id == f"sha1:{expected}"


def test_wire_signoff_is_removed_and_names_the_source():
    record = one(
        {"id": 5, "title": "T", "body": "Prices rose sharply today in the main markets.\n\n Reuter\n"}
    )
    assert (record.body, record.source, record.external_id) == (
        "Prices rose sharply today in the main markets.",
        "Reuters",
        "batch:5",  # the sign-off names the source, but not the key's namespace: that stays stable
    )
    # A source given by the record (or the upload) wins over the sign-off, which is still removed.
    given = one({"id": 5, "title": "T", "body": "Text.\nThe Associated Press"}, default_source="Metro Daily")
    assert (given.body, given.source, given.external_id) == ("Text.", "Metro Daily", "metro-daily:5")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Text.\n REUTER", ("Text.", "Reuters")),
        ("Text.\nREUTER...^M", ("Text.", "Reuters")),
        ("Text.\n\nThe Canadian Press", ("Text.", "The Canadian Press")),
        ("Text.\n— AP", ("Text.", "The Associated Press")),
        ("Text.\nAFP", ("Text.", "Agence France-Presse")),
        ("Total 55.8 (33.7).        REUTER", ("Total 55.8 (33.7).", "Reuters")),
        ("A tenth of an ounce. REUTER", ("A tenth of an ounce.", "Reuters")),
        ("Note: period ended January 31.\nREUTER\n Reuter", ("Note: period ended January 31.", "Reuters")),
        ("Text.\nap", ("Text.\nap", "")),
        ("He spoke to Reuters.", ("He spoke to Reuters.", "")),
    ],
)
def test_split_signoff(body, expected):
    assert split_signoff(body) == expected


def test_source_inferred_from_url_only_when_none_is_given():
    record = one({"id": "x", "title": "T", "body": "B", "url": "https://www.bbc.co.uk/news/1"})
    assert record.source == "Bbc"
    assert record.warnings == ["source 'Bbc' was inferred from the url"]
    assert record.external_id == "batch:x"  # an inferred source does not name the namespace
    assert one({"title": "T", "body": "B", "url": "https://x.org/a", "source": "Ours"}).warnings == []


def test_missing_title_comes_from_the_first_sentence_of_the_body_with_a_warning():
    record = one({"body": "The U.S. Treasury said it would sell bills today. More follows here."})
    assert record.title == "The U.S. Treasury said it would sell bills today."
    assert record.warnings == ["no title; the first sentence of the body was used"]


def test_body_reflow_keeps_tables_and_is_idempotent():
    wrapped = (
        "Standard Oil Co and BP North America\nInc said they plan to form a venture to manage the money\n"
        "market borrowing of both companies.\n    BP North America is a subsidiary of British Petroleum\n"
        "Co Plc <BP>, which also owns a 55 pct interest in Standard Oil.\n"
    )
    assert normalise_body(wrapped) == (
        "Standard Oil Co and BP North America Inc said they plan to form a venture to manage the money "
        "market borrowing of both companies.\n\nBP North America is a subsidiary of British Petroleum "
        "Co Plc <BP>, which also owns a 55 pct interest in Standard Oil."
    )
    table = "CBT 11:50 EDT\nWHEAT\nMAY7  286 1/2 UP   1/4\nJUL7  271 3/4 OFF 1"
    assert normalise_body(table) == table
    long_lines = "A" * 120 + "\n" + "B" * 120
    assert normalise_body(long_lines) == "A" * 120 + "\n\n" + "B" * 120
    for text in (wrapped, table, long_lines):
        assert normalise_body(normalise_body(text)) == normalise_body(text)


def test_slugify_matches_django():
    assert slugify("West Germany") == "west-germany"
    assert slugify("  Café & Crème ") == "cafe-creme"
    assert slugify("U.S.") == "us"


# --- the real corpora -------------------------------------------------------------------------------


def corpus(name: str) -> list:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"needs ../shared/corpus/{name} beside the repository")
    return list(parse_jsonl(gzip.decompress(path.read_bytes()), name=name))


@pytest.mark.shared
def test_reuters_corpus_imports():
    results = corpus("reuters21578-train.jsonl.gz")
    failures = [r for r in results if isinstance(r, ParseFailure)]
    records = [r for r in results if isinstance(r, ArticleRecord)]
    assert len(results) == 15_390
    # One record (NEWID 12793) has neither title nor body: there is nothing to import.
    assert failures == [
        ParseFailure(
            "reuters21578-train.jsonl.gz line 12793 (id 12793)",
            "'title' is missing or empty, and so is 'body'",
        )
    ]

    first = records[0]
    assert first.external_id == "reuters21578-train:1"
    assert first.title == "BAHIA COCOA REVIEW"
    assert first.published_at == dt.datetime(1987, 2, 26, 15, 1, 1, 790000)
    assert first.dateline == "SALVADOR, Feb 26"
    assert [t.name for t in first.topics] == ["cocoa"]
    assert [(p.name, p.slug, p.origin) for p in first.places] == [
        ("el-salvador", "el-salvador", "imported"),
        ("usa", "usa", "imported"),
        ("uruguay", "uruguay", "imported"),
    ]
    assert first.source == "Reuters"
    assert first.body.startswith("Showers continued throughout the week in the Bahia cocoa zone, alleviating")
    assert first.body.endswith("after carnival which ends midday on February 27.")
    assert "Reuter" not in first.body
    assert "\n\nThe dry period means the temporao will be late this year.\n\n" in first.body
    assert first.extra["date_raw"] == "26-FEB-1987 15:01:01.79"
    assert first.extra["text_type"] == "NORM"

    brief = next(r for r in records if r.extra["text_type"] == "BRIEF")
    assert brief.body == "" and brief.warnings == ["no body text"]
    unproc = next(r for r in records if r.extra["text_type"] == "UNPROC")
    assert unproc.title == "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26"
    assert "no title; the first sentence of the body was used" in unproc.warnings
    assert " Net free reserves.............644 vs.....1,337\n" in unproc.body
    last_lines = [r.body.rsplit("\n", 1)[-1].strip(" .^M").lower() for r in records]
    assert last_lines.count("reuter") == 0
    assert sum(line.endswith("reuter") for line in last_lines) == 0


@pytest.mark.shared
def test_reuters_with_default_source_gives_every_record_one_namespace():
    path = CORPUS / "reuters21578-train.jsonl.gz"
    if not path.exists():
        pytest.skip("needs ../shared/corpus/reuters21578-train.jsonl.gz beside the repository")
    with gzip.open(path) as stream:
        head = b"".join(stream.readline() for _ in range(40))
    records = list(parse_jsonl(head, name=path.name, default_source="Reuters"))
    assert {r.external_id.split(":")[0] for r in records} == {"reuters"}


@pytest.mark.shared
def test_bbc_corpus_category_becomes_a_topic():
    results = corpus("bbc-dev.jsonl.gz")
    assert len(results) == 1_560
    assert all(isinstance(r, ArticleRecord) for r in results)
    first = results[0]
    assert first.external_id == "bbc-dev:business/001"
    assert first.title == "Ad sales boost Time Warner profit"
    assert first.topics == [TagRecord(name="business", slug="business")]
    assert "category" not in first.extra
    assert first.published_at is None and first.published_date is None
    assert {r.topics[0].name for r in results} == {"business", "entertainment", "politics", "sport", "tech"}


@pytest.mark.shared
def test_wikinews_corpus_url_date_source_and_date_line():
    results = corpus("wikinews.jsonl.gz")
    assert len(results) == 293
    assert all(isinstance(r, ArticleRecord) for r in results)
    first = results[0]
    assert first.url == (
        "https://en.wikinews.org/wiki/Magnitogorsk_apartment_building_collapses_after_explosion,_dozens_dead"
    )
    assert (
        first.external_id == "wikinews:Magnitogorsk_apartment_building_collapses_after_explosion,_dozens_dead"
    )
    assert first.published_date == dt.date(2019, 1, 4)
    assert first.source == "Wikinews"
    assert first.warnings == ["source 'Wikinews' was inferred from the url"]
    assert first.body.startswith("An apartment building collapsed on Monday in Magnitogorsk")
    assert not any(re.match(r"\w+day, \w+ \d+, 20\d\d", r.body) for r in results)
    assert all(r.published_date.year in (2019, 2020) for r in results)
    # "_line" and "_id" name the record in a report and are never stored (articles/importers/values.py).
    assert {k: v for k, v in first.extra.items() if not k.startswith("_")} == {
        "source_file": "wikinews_2019.csv"
    }


ENGLISH = (
    "The storm closed the port of Halifax on Wednesday, and ferries stayed in harbour until the wind eased."
)
ESTONIAN = (
    "Tallinna sadam suleti kolmapäeval tormi tõttu ning praamid jäid sadamasse, kuni tuul vaibus ja "
    "ilm muutus taas rahulikuks."
)


def test_a_record_without_a_language_gets_the_one_its_text_is_written_in():
    assert one({"title": "Storm closes port", "body": ENGLISH}).language == "en"
    assert one({"title": "Torm sulges sadama", "body": ESTONIAN}).language == "et"


def test_a_given_language_wins_over_the_detected_one():
    assert one({"title": "Storm closes port", "body": ENGLISH, "language": "fr"}).language == "fr"


def test_too_little_text_gets_no_language_rather_than_a_guess():
    record = one({"title": "Storm closes port"})
    assert record.language == ""
    assert record.warnings == ["no body text"]


def test_a_number_beside_a_body_is_still_read_as_the_title():
    assert one({"title": 1984, "body": ENGLISH}).title == "1984"


def test_every_wikinews_demo_record_is_detected_as_english():
    data = (Path(__file__).resolve().parents[2] / "demo" / "wikinews.jsonl.gz").read_bytes()
    records = parse(gzip.decompress(data), name="wikinews.jsonl.gz")
    assert len(records) == 293
    assert {record.language for record in records} == {"en"}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)
FIELD_NAMES = ["id", "title", "body", "published_at", "source", "language", "url", "topics", "places",
               "related"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(title=json_values, body=json_values, others=st.dictionaries(st.sampled_from(FIELD_NAMES), json_values))
def test_any_json_in_any_field_gives_one_record_or_one_message(title, body, others):
    obj = {**others, "title": title, "body": body}
    [result] = parse(json.dumps(obj) + "\n" + json.dumps({"title": "Good", "body": ENGLISH}))[:1]
    assert isinstance(result, ArticleRecord | ParseFailure)
    number = isinstance(title, int | float) and not isinstance(title, bool)
    title_ok = title is None or isinstance(title, str) or (number and isinstance(body, str) and body.strip())
    if not (title_ok and (body is None or isinstance(body, str))):
        assert isinstance(result, ParseFailure)
        if not others:  # another bad field may be the one named
            assert result.message.startswith(("'title' must be text", "'body' must be text"))
    if isinstance(result, ArticleRecord):
        assert isinstance(result.title, str) and result.title
        assert isinstance(result.language, str)
    else:
        assert result.name.startswith("batch.jsonl line 1")  # and its id, when it has one
        assert result.message and "could not be read" not in result.message  # a rule said why, not a crash
