"""Lists of other stories printed around an article ("Top Stories", "Most Watched Today", "Trending").

Sites name these lists in many ways, so a list is recognised by its shape: a short heading line, then
items that each carry some sign of being a teaser rather than prose: a headline printed twice on
consecutive lines, a video duration ("2:33") before it, or an age ("1h ago") after its summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .page_lines import ends_sentence, is_age, is_duration, is_status, is_title_like, word_count
from .records import RelatedRecord

# Names that need no further proof of being a list heading; other headings must be followed by teasers.
KNOWN_LIST = re.compile(
    r"^(?:top (?:stories|news|videos)|most (?:watched|read|popular|viewed|shared|recent)|trending|latest|"
    r"more (?:from|videos|stories|news|on)|popular|you (?:may|might) (?:also )?like|related|"
    r"editor'?s’? ?picks|editors’ picks|recommended|featured|in case you missed it|what to read next|"
    r"read next|up next|watch next|around the web|from our partners|must reads?|don'?t miss|"
    r"breaking news|top headlines)",
    re.I,
)
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(?P<title>.+)$")
_VIDEO_HEADING = re.compile(r"\b(?:videos?|watch(?:ed)?|clips?)\b", re.I)


@dataclass
class RelatedSection:
    heading: str
    items: list[RelatedRecord] = field(default_factory=list)
    line_numbers: set[int] = field(default_factory=set)  # lines of the page this list used up


Row = tuple[int, str]  # (line number in the page, stripped text) for each non-blank line


def is_heading(text: str) -> bool:
    """Short label shape: up to 6 words and 50 characters, no sentence punctuation, no numbers-only."""
    stripped = text.strip().rstrip(":")
    if not stripped or len(stripped) > 50 or word_count(stripped) > 6:
        return False
    if stripped.endswith((".", ",", ";", "!", "?", "…")) or is_age(stripped) or is_duration(stripped):
        return False
    return bool(re.match(r"^[A-Z]", stripped)) and not is_status(stripped)


def _item(rows: list[Row], k: int, named: bool) -> tuple[RelatedRecord, int, int] | None:
    """Read one teaser starting at ``rows[k]``: the record, the next row index and how much proof it had."""
    n = len(rows)
    evidence = 0
    duration = ""
    if k < n and is_duration(rows[k][1]):
        duration, k, evidence = rows[k][1], k + 1, evidence + 1
    if k >= n:
        return None
    printed_title = rows[k][1]
    title = printed_title
    numbered = _NUMBERED.match(title)
    if numbered and named:
        title, evidence = numbered["title"], evidence + 1
    if not is_title_like(title) or KNOWN_LIST.match(title):
        return None
    k += 1
    if k < n and rows[k][1] == printed_title:
        k, evidence = k + 1, evidence + 1
    summary: list[str] = []
    while k < n and len(summary) < 3:
        text = rows[k][1]
        if is_age(text) or is_duration(text) or is_status(text) or not ends_sentence(text):
            break
        if k + 1 < n and rows[k + 1][1] == text:  # the next teaser's doubled headline
            break
        summary.append(text)
        k += 1
    while k < n and is_status(rows[k][1]):
        k += 1
    age = ""
    if k < n and is_age(rows[k][1]):
        age, k, evidence = rows[k][1], k + 1, evidence + 1
    if not evidence and (not named or is_heading(title)):
        return None
    record = RelatedRecord(title=title, summary=" ".join(summary), age=age, duration=duration)
    return record, k, evidence


def _section(rows: list[Row], k: int, heading: str) -> tuple[RelatedSection, int] | None:
    named = bool(KNOWN_LIST.match(heading))
    section = RelatedSection(heading=heading)
    proof = 0
    start = k
    while k < len(rows):
        found = _item(rows, k, named)
        if found is None:
            break
        record, end, evidence = found
        if proof and not evidence:
            break  # the teasers so far carried ages or durations; a plain line after them is not one
        if not evidence and record.summary:
            break  # title-only lists have no summaries; a headline with a sentence under it is the story
        if evidence or named:
            record.kind = "video" if record.duration or _VIDEO_HEADING.search(heading) else "story"
            record.section = heading
            section.items.append(record)
            section.line_numbers.update(row[0] for row in rows[k:end])
        proof += evidence
        k = end
    enough = len(section.items) >= 2 and proof >= len(section.items) if not named else section.items
    if not enough:
        return None
    if heading:
        section.line_numbers.add(rows[start - 1][0])
    return section, k


def find_related(rows: list[Row]) -> list[RelatedSection]:
    """Every teaser list on the page, in page order, each with the page lines it used up."""
    sections: list[RelatedSection] = []
    k = 0
    while k < len(rows):
        text = rows[k][1]
        found = None
        if is_heading(text):
            found = _section(rows, k + 1, text.rstrip(":").strip())
        elif is_duration(text) or (k + 1 < len(rows) and rows[k + 1][1] == text and is_title_like(text)):
            # Teasers without a heading still show themselves by doubled headlines or durations.
            found = _section(rows, k, "")
        if found:
            sections.append(found[0])
            k = max(found[1], k + 1)
        else:
            k += 1
    return sections


def merge_sections(sections: list[RelatedSection]) -> list[RelatedRecord]:
    """One record per teaser: pages often print the same list twice, so repeats of a title are dropped."""
    records: list[RelatedRecord] = []
    seen: set[tuple[str, str]] = set()
    positions: dict[str, int] = {}
    for section in sections:
        key_section = section.heading.lower()
        for item in section.items:
            key = (key_section, item.title.lower())
            if key in seen:
                continue
            seen.add(key)
            item.position = positions.get(key_section, 0)
            positions[key_section] = item.position + 1
            records.append(item)
    return records
