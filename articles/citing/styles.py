"""An article formatted in APA, Chicago and MLA, by the Citation Style Language styles through citeproc-py.

The three styles are the CSL project's own files, vendored in articles/citing/csl/ (CC BY-SA 3.0; see
the README there). citeproc-py 0.11 reads them with three gaps, bridged here rather than by editing
the files, so that a newer copy can be dropped in:

- it ignores `initialize="false"`, so Chicago and MLA, which set `initialize-with` on the whole style and
  switch it off for the bibliography's names, would print "Roe, J." for "Roe, Jane": the style-wide
  option is moved onto the name elements that do not switch it off;
- it prints a `<label>` whose variable is empty (Chicago's newspaper "Edition."): our items carry no
  numbered variables (edition, volume, page, locator), so labels are dropped;
- it does not move a period or comma inside closing quotation marks as US English asks
  (`punctuation-in-quote`): done on the formatted string;
- its HTML output leaves the item's own text unescaped (a title with "<" would be markup), so the HTML
  is rendered from escaped values;
- when a style puts the title in the author's place it prints the title twice (the substitution is not
  suppressed through a macro), so an article without a named person is credited to its outlet as a
  group author, which is what a wire byline ("By The Associated Press") says; an article with neither
  a named person nor an outlet puts its title in the author's place itself (and nowhere else), which is
  where all three styles move the title of a work with no author;
- it looks a macro up by an XPath search of the whole style every time one is called, thousands of
  times per article: two thirds of the time formatting took (343 ms for the three styles, 124 ms with
  each macro looked up once per style; a busy two-core machine, issue 16), so `_macro` remembers them;
  and it works out again and again whether an element prints a variable, which the style alone decides,
  so `_remembered` keeps each element's answer.

Parsing a style takes ~0.1 s (Chicago's is 170 kB), so each is parsed once per process (newsarchive/wsgi.py
parses them as a worker starts); citeproc-py's objects are not documented as thread-safe, so formatting
holds a lock (a few milliseconds).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from html import escape, unescape
from pathlib import Path

from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.model import CitationStylesElement, Parent, Text
from citeproc.source.json import CiteProcJSON
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from . import Citation

CSL_DIR = Path(__file__).resolve().parent / "csl"
CSL_NS = "{http://purl.org/net/xbiblio/csl}"
STYLES = [  # key, short name, full name, file
    ("apa", "APA", "APA (7th edition)", "apa.csl"),
    ("chicago", "Chicago", "Chicago (18th edition, author-date)", "chicago-author-date.csl"),
    ("mla", "MLA", "MLA (9th edition)", "modern-language-association.csl"),
]
_LOCK = threading.Lock()
# The double closing quote only: ’ also ends a possessive ("the teachers’.").
_PUNCTUATION_OUTSIDE_QUOTE = re.compile(r"(”)([.,])")


@dataclass(frozen=True)
class Formatted:
    key: str
    short_name: str
    name: str
    html: SafeString  # the style's italics as <i>, the article's text escaped
    text: str


def _bridge_gaps(style: CitationStylesStyle) -> None:
    root = style.root  # the three styles set `initialize-with` on <style> only
    inherited = root.attrib.pop("initialize-with", None)
    if inherited:
        for name in root.iter(f"{CSL_NS}name"):
            if name.get("initialize") != "false" and "initialize-with" not in name.attrib:
                name.set("initialize-with", inherited)
    for label in list(root.iter(f"{CSL_NS}label")):
        label.getparent().remove(label)


# (id of a style's root element, macro name) -> (the root, kept alive so its id is not reused; the macro)
_MACROS: dict[tuple[int, str], tuple[object, object]] = {}


def _macro(element, name: str):
    """citeproc-py's `get_macro`, each style's macros found once: the styles are not changed after
    `_bridge_gaps`, which runs before any formatting."""
    root = element.get_root()
    found = _MACROS.get((id(root), name))
    if found is None:
        found = _MACROS[(id(root), name)] = (root, root.xpath_search(f"cs:macro[@name='{name}'][1]")[0])
    return found[1]


# id of an element -> (the element, kept alive so that lxml hands out this same object for it; whether
# it or its macros print a variable)
_CALLS_VARIABLE: dict[int, tuple[object, bool]] = {}


def _remembered(calls_variable):
    """citeproc-py's `calls_variable`, which walks an element's whole subtree and its macros again for
    every group it renders (a fifth of the time left), answered once per element: it depends on the
    style alone."""

    def remembered(element) -> bool:
        found = _CALLS_VARIABLE.get(id(element))
        if found is None or found[0] is not element:
            found = _CALLS_VARIABLE[id(element)] = (element, calls_variable(element))
        return found[1]

    return remembered


CitationStylesElement.get_macro = _macro
Parent.calls_variable = _remembered(Parent.calls_variable)
Text.calls_variable = _remembered(Text.calls_variable)


@cache
def _style(filename: str) -> CitationStylesStyle:
    style = CitationStylesStyle(str(CSL_DIR / filename), locale="en-US", validate=False)
    _bridge_gaps(style)
    return style


def csl_item(cite: Citation, *, for_html: bool = False) -> dict:
    """The article as CSL-JSON, the data model every CSL processor reads (its text escaped `for_html`)."""
    text = (lambda value: escape(value, quote=False)) if for_html else str
    authors = [{"family": text(author.family), "given": text(author.given)} for author in cite.authors]
    title = text(cite.title)
    if not authors:
        authors = [{"literal": text(cite.outlet)}] if cite.outlet else [{"literal": title}]
        title = title if cite.outlet else ""
    item = {
        "id": cite.key,
        "type": "article-newspaper",
        "title": title,
        "author": authors,
        "container-title": text(cite.outlet),
        "URL": text(cite.url or cite.archive_url),
        # Chicago and MLA title-case English titles only: a German title keeps its own capitals.
        "language": cite.language,
        "accessed": {"date-parts": [[cite.accessed.year, cite.accessed.month, cite.accessed.day]]},
    }
    if cite.date:
        item["issued"] = {"date-parts": [list(cite.date)]}
    return {key: value for key, value in item.items() if value}


def _render(filename: str, item: dict, output) -> str:
    with _LOCK:
        bibliography = CitationStylesBibliography(_style(filename), CiteProcJSON([item]), output)
        bibliography.register(CslCitation([CitationItem(item["id"])]))
        entries = bibliography.bibliography()
    text = str(entries[0]) if entries else ""
    return _PUNCTUATION_OUTSIDE_QUOTE.sub(r"\2\1", text)


def formatted(cite: Citation) -> list[Formatted]:
    """The article in each style, as HTML for the page (escaped values, see the module's docstring)
    and as plain text for a clipboard."""
    item = csl_item(cite, for_html=True)
    styled = []
    for key, short_name, name, filename in STYLES:
        html = _render(filename, item, formatter.html)
        # The plain text is the HTML's: one rendering per style (~30 ms each).
        styled.append(Formatted(key, short_name, name, mark_safe(html), unescape(strip_tags(html))))  # noqa: S308
    return styled
