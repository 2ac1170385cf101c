"""What one line of a scraped page is: furniture, a byline, a photo caption, a dateline, prose...

Scraped pages lose their markup, so each helper here judges a line by its shape (length, case, final
punctuation, the words it is made of) rather than by the site it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .dates import find_date
from .page_dateline import Dateline, capital_labels, parse_dateline  # noqa: F401 (their home until stop 19)
from .page_notes import repair_entities
from .wire import AGENCIES, canonical_source

# Lines that are the site talking, not the story. Compared lower-cased, without trailing punctuation.
FURNITURE = {
    "share", "share this", "share this article", "share on facebook", "share on twitter", "facebook",
    "twitter", "x", "email", "e-mail", "copy link", "copy", "link copied", "print", "whatsapp", "linkedin",
    "reddit", "pinterest", "flipboard", "menu", "search", "home", "subscribe", "sign in", "sign up",
    "log in", "login", "register", "accept", "accept all", "reject", "reject all", "decline", "agree",
    "i agree", "ok", "close", "loading", "skip to content", "skip to main content", "skip navigation",
    "advertisement", "ad", "story continues below", "story continues below advertisement",
    "article continues below", "submit a correction", "accessibility feedback", "report an error",
    "report a typo", "more videos", "more stories", "see more", "view all", "load more", "show more",
    "read more", "back to top", "comments", "leave a comment", "listen", "listen to this article",
    "watch live", "live", "newsletter", "newsletters", "follow us", "next", "previous", "top", "sections",
    "news", "local", "weather", "traffic", "sports", "sport", "business", "world", "politics",
    "entertainment", "lifestyle", "opinion", "video", "videos", "photos", "audio", "podcasts", "more",
    "trending now", "advertise", "contact us", "about us", "privacy policy", "terms of use",
    "cookie settings", "manage cookies", "open in app", "continue reading", "gift this article",
}  # fmt: skip

_FURNITURE_PATTERNS = [
    re.compile(p, re.I)
    for p in (
        r"^we use cookies\b",
        r"^(?=.*\b(?:we|our|this (?:site|website))\b).*\bcookies?\b"
        r".*\b(?:consent|accept|policy|experience|browsing)\b",
        r"^by (?:clicking|continuing|using this site)\b",
        r"^(?:©|\(c\)|copyright\b)",
        r"\ball rights reserved\b",
        r"^(?:sign up|subscribe|register)\b.{0,80}$",
        r"^\d+\s*min(?:ute)?s?\s+read$",
        # a reading time, a site's name glued before it: "ESPN.comReading: 3 minutes." (stop 24)
        r"^\S*(?:reading(?: time)?|lesezeit|leestijd|temps de lecture|tiempo de lectura|tempo di lettura)\s*:?\s*"
        r"\d+\s*(?:min|mins|minutes?|minuten|minuti|minutos)\.?$",
        r"^(?:share|tweet|post|email)\s+(?:this|on|via|to)\b.{0,30}$",
        r"^click here\b",
        r"^(?:this|the) (?:article|story|page) (?:is|was) (?:available|loading)\b",
        r"^(?:advertisement|sponsored content|paid content|ad feedback)\b.{0,30}$",
        r"^(?:story|article) continues below\b",
        r"^loading\b.{0,20}$",
        r"^(?:you are|you're) (?:now )?(?:signed|logged) in\b",
        r"^(?:already a subscriber|not a subscriber)\b",
        r"^(?:enable|please enable) javascript\b",
        r"\benable javascript\b|\bjavascript (?:is )?(?:disabled|required|enabled)\b",
        # a browser notice (stop 25): "IE 11 is not supported. For an optimal experience visit our site on ..."
        r"^(?:ie ?\d+|internet explorer|your browser|this browser)\b.{0,30}\b(?:not supported|no longer supported|out of date|outdated)\b",
        # Paywalls: "You have exhausted your free article limit.", "Please support quality journalism."
        r"\bfree (?:article|story) limit\b|^please support (?:quality|independent|our) journalism\b",
        r"\bread this (?:article|story) by download|\balready a subscriber\b",
        r"^support our (?:reporting|journalism)\W*$|^this is a premium (?:article|story)\b",
        # a blog's comment form and its social buttons' prompt (stop 20)
        r"^leave a (?:reply|comment)\b.{0,40}$|^your email address will not be published\b|"
        r"^required fields are marked\b|^please follow (?:and|&) like us\W*$",
        r"^(?:get|download) (?:the|our) app\b",
        r"^(?:follow|like) us on\b",
        r"^(?:image|photo|video)\s*\d+\s*(?:of|/)\s*\d+$",
        r"^[_\-=*~·•.]{3,}$",
    )
]
# Inserts that sit inside the body ("Related: ...", "READ MORE: ...", "Watch: ...").
_INSERT = re.compile(
    r"^(?:related(?: story| stories| article| video| coverage)?|read more|read also|also read|see also|"
    r"more(?: on this)?|watch|watch more|listen|recommended|video|photos?|gallery|click here)\s*[:>»|]\s*",
    re.I,
)
_NAV_SPLIT = re.compile(r"\s*[|•·»›]\s*|\s+[>/]\s+|\s{3,}")
_AGE = re.compile(
    r"^(?:updated\s+|posted\s+)?(?:(?:\d+|an?|one)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|"
    r"w|wks?|weeks?|mo|mos|months?|y|yrs?|years?)\s+ago|yesterday|just now|today|now)$",
    re.I,
)
_DURATION = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_RULE = re.compile(r"^[_\-=*~]{3,}$")
STATUS_WORDS = {"updated", "new", "live", "breaking", "exclusive", "video", "opinion", "analysis",
                "sponsored", "watch", "developing", "just in"}  # fmt: skip

_CREDIT_PATTERNS = [
    # "(AP Photo/Efrem Lukatsky)", "(Photo by Jane Doe/Getty Images)", "(Jane Doe/The Canadian Press)"
    re.compile(
        r"\((?P<credit>(?:[A-Z][\w.&-]*\s+)*(?:Pool\s+)?(?:Photo|Photograph|Image|Picture|Credit|Illustration|"
        r"(?<=[A-Z]{2} )photo(?=:))"  # "(AP photo: Jane Doe)", stop 25
        r"\b[^()]{0,80}|[^()]{1,60}/\s*(?:Getty Images|AFP|Reuters|AP|Bloomberg|The Canadian Press|"
        r"THE CANADIAN PRESS|Shutterstock|EPA|Pool)[^()]{0,40})\)",
    ),
    # "Photo: Jane Doe/Reuters", "Photograph: Jane Doe", "Credit: Jane Doe"
    re.compile(
        r"(?:^|\s)(?:Photo|Photograph|Image|Picture|Credit|Photo credit)\s*:\s*(?P<credit>[^.]{2,80})\.?$"
    ),
    # "... the alliance's 31st member. Source: AP / Geert Vanden Wijngaert": an agency and its photographer
    # (stop 22); "Source: BBC" alone names where a story came from, no photographer: not a credit.
    re.compile(r"(?:^|(?<=[.!?])\s)Source\s*:\s*(?P<credit>[^./]{2,40}\s*/\s*[^./]{2,60})$"),
    # Canadian Press style: "... on Wednesday. THE CANADIAN PRESS/Sean Kilpatrick"; a photographer and an
    # agency alone on the line under a caption: "Jane Doe/Associated Press" (stop 21).
    re.compile(
        r"(?:^|\s)(?P<credit>THE CANADIAN PRESS/[\w .'’-]+|[\w .'’-]{2,40}/(?i:Getty Images|AFP|"
        r"Associated Press|Reuters|EPA))\s*$"
    ),
]
_CAPTION_TAIL = re.compile(r"^\W*(?:copyright\b|©|\(c\)|all rights reserved)", re.I)

# "By Jane Doe", "Reported By:Jane Doe", and a label glued before it: "Details By Jane Doe".
_BY = re.compile(
    r"^(?:(?:written|story|words|reporting|reported|posted|details|rédigé|écrit|escrito|scritto|geschrieben)\s+"
    r"|[A-Z][a-z]{2,12}\s+(?=By\b))?"
    r"(?:by|von|por|par|di|door)(?:\s*:\s*|\s+)(?P<rest>\S.*)$",
    re.I,
)
_NAME_PARTICLES = {"de", "van", "von", "da", "di", "del", "la", "le", "der", "den", "bin", "al", "el", "du"}
ROLE_WORDS = re.compile(
    r"\b(?:reporter|correspondent|writer|editor|columnist|producer|journalist|contributor|anchor|host|critic|"
    r"analyst|photographer|videographer|staff|bureau chief|presenter|meteorologist)s?\b",
    re.I,
)
# Words that make a credit an outlet, not a person (the last five, stop 20's second round: "By Jane Doe, NASA
# Earth Observatory").
_ORG_WORDS = re.compile(
    r"\b(?:press|news|reuters|times|post|star|journal|herald|globe|tribune|telegraph|guardian|media|wire|"
    r"agency|bloomberg|afp|associated|network|broadcasting|cbc|bbc|cnn|gazette|sun|daily|magazine|radio|"
    r"television|tv|citynews|ctv|service|nasa|observatory|institute|university|laboratory)\b",
    re.I,
)
# The next credit after the authors: "Jane Doe| Edited By: ...", and Reuters' "... Edited by John Roe" or
# "...; Editing by John Roe" (stop 21).
_NEXT_CREDIT = re.compile(
    r"\s*\|\s*(?:edited|source|photos?|produced)\b[^|:]{0,12}:|;?\s+(?:edited|editing) by\s", re.I
)
_BYLINE_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\||·|•|\s[-–—]\s)\s*")
_TIME_LABEL = re.compile(
    r"\b(?:posted|published|updated|last updated|modified|first published|originally published)\b", re.I
)

_GLUED_CAPITALS = re.compile(
    r"(?<=[A-Z]{2})(?=(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:January|February|March|April|June|July|"
    r"August|September|October|November|December)\b)"
)
_GLUED_READ_TIME = re.compile(r"\b((?:19|20)\d{2})(\d{1,2}\s*min(?:ute)?s?\.?\s+read\b)", re.I)


def normalise_text(text: str) -> str:
    """Unify line endings and spaces, repair HTML entity debris, and drop control characters that scraping
    leaves behind."""
    text = repair_entities(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    # Words a crawl glued together: "POHORILOVWednesday", "May 16, 20231 min. read".
    text = _GLUED_CAPITALS.sub(" ", text)
    text = _GLUED_READ_TIME.sub(r"\1 \2", text)
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\t", "    ")
    if text.replace("\n", "").isprintable():  # no control or format character at all: the usual page
        return text
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C" or ch == " ")


# A letter or figure (what str.isalnum says: \w without "_"), a space, or ordinary punctuation.
_ORDINARY = re.compile(r"[^\W_]|\s|[.,;:!?'\"’“”()\-—–$%&/]")


def is_readable(line: str) -> bool:
    """True for a line a person could read: words or figures, and mostly ordinary characters."""
    stripped = line.strip()
    if not re.search(r"[^\W_]{2,}", stripped):
        return False
    ordinary = len(_ORDINARY.findall(stripped))
    return ordinary / len(stripped) >= 0.8


def _key(line: str) -> str:
    return re.sub(r"[\s.:!…]+$", "", line.strip().lower())


def is_rule(line: str) -> bool:
    return bool(_RULE.match(line.strip()))


def is_nav(line: str) -> bool:
    """A row of menu items: "Home | News | Sports | Weather"."""
    parts = [part for part in _NAV_SPLIT.split(line.strip()) if part]
    return len(parts) >= 3 and all(
        len(part.split()) <= 3 and not _SENTENCE_END.search(part) for part in parts
    )


def is_furniture(line: str) -> bool:
    """Site furniture: menus, share buttons, cookie notices, ads, copyright lines, rules."""
    stripped = line.strip()
    if not stripped:
        return False
    if _key(stripped) in FURNITURE or any(p.search(stripped) for p in _FURNITURE_PATTERNS):
        return True
    return is_nav(stripped)


def is_insert(line: str) -> bool:
    """A one-line insert inside the body: "Related: ...", "READ MORE: ...", "Watch: ..."."""
    return bool(_INSERT.match(line.strip()))


def is_age(line: str) -> bool:
    return bool(_AGE.match(line.strip()))


def is_duration(line: str) -> bool:
    return bool(_DURATION.match(line.strip()))


def is_status(line: str) -> bool:
    return line.strip().lower() in STATUS_WORDS


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip()))


def introduces_items(line: str) -> bool:
    """ "In Salisbury Police Department reports:": a sentence that opens a list, ending with a colon."""
    return (
        line.endswith(":") and word_count(line) >= 4 and re.search(r"\b[^\W\d_A-Z]{3,}\b", line) is not None
    )


def word_count(line: str) -> int:
    return len(line.split())


def is_prose(line: str) -> bool:
    """A sentence-like line: enough words, lower-case words among them, and finished or long."""
    stripped = line.strip()
    words = stripped.split()
    if len(words) < 8:
        return False
    if not re.search(r"\b[a-z]{2,}\b", stripped):
        # A story typed in capitals (a radio station's script): several finished sentences, not a heading.
        return len(words) >= 25 and len(re.findall(r"[A-Z]{2}[.!?]\s+[A-Z]", stripped)) >= 2
    return ends_sentence(stripped) or len(words) >= 15


def is_title_like(line: str) -> bool:
    """Shaped like a headline: 3-30 words, 15-200 characters, capitalised, not a finished sentence."""
    stripped = line.strip()
    if not 15 <= len(stripped) <= 200 or not 3 <= word_count(stripped) <= 30:
        return False
    if not re.match(r"^[\"'“‘(\[]?[A-Z0-9]", stripped):
        return False
    return not stripped.endswith((".", "…", ",", ";", ":"))


@dataclass
class Caption:
    caption: str
    credit: str


def split_caption(line: str) -> Caption | None:
    """A photo caption with its credit, or None when the line carries no photo credit."""
    stripped = line.strip()
    for pattern in _CREDIT_PATTERNS:
        match = pattern.search(stripped)
        if match:
            tail = stripped[match.end() :].strip()
            if tail and not _CAPTION_TAIL.match(tail) and word_count(tail) > 3:
                continue
            credit = match["credit"].strip().strip(".").strip()
            return Caption(caption=stripped[: match.start()].strip(), credit=credit)
    return None


@dataclass
class Byline:
    byline: str
    source: str = ""
    authors: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    rest: str = ""  # whatever followed the names on the same line, e.g. a publication time
    place: str = ""  # "PTI | Dubai | Updated: ...": the place between the credit and the time


# A section's name is no person's: "By" / "National News" / "October 26, 2023" (stop 20, second round).
# Any "... News" of one or two words names a section or an outlet, never a person ("Entertainment News", stop 23).
_SECTION = re.compile(r"^(?:\S+\s+){1,2}news$", re.I)
# A credit line with the outlet before the bar: "WAMU 88.5 | By Jane Doe" (stop 23); the day in figures after the
# names: "Jane Doe | 05-24-2023".
_OUTLET_BEFORE_BY = re.compile(r"^(?P<outlet>[^|]{2,40}?)\s*\|\s*(?P<by>(?i:by)\s+\S.*)$")
_BAR_NUMERIC_DAY = re.compile(r"\s*\|\s*(?=\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})\b)")


def is_person_name(text: str) -> bool:
    if _SECTION.match(text.strip()):
        return False
    tokens = text.split()
    if not 2 <= len(tokens) <= 5:
        return False
    capitalised = [re.match(r"^[A-Z][\w'’.\-]*$", token) is not None for token in tokens]
    if not (capitalised[0] and capitalised[-1]):
        return False
    return all(
        cap or token.lower() in _NAME_PARTICLES for cap, token in zip(capitalised, tokens, strict=True)
    )


def _is_org(text: str) -> bool:
    return text.lower().strip(".") in AGENCIES or (
        bool(_ORG_WORDS.search(text)) and bool(re.match(r"^[A-Z]", text)) and word_count(text) <= 6
    )


_AUTHOR_LINK = re.compile(
    r"\s*\b(?:more (?:by|from) (?:this|the) author|more from this writer|view all (?:posts|articles|stories)"
    r"(?: by \S+(?: \S+)?)?)\s*$",
    re.I,
)


def parse_byline(line: str) -> Byline | None:
    """Read "By Jane Doe, The Canadian Press", "By Jane Doe and John Roe", "Jane Doe · Reporter"."""
    stripped = re.sub(r"(?<=\d),(?=(?:19|20)\d\d\b)", ", ", line.strip())  # "October 29,2023" (stop 23)
    stripped = re.sub(r"\s*\(@\w{1,30}\)", "", stripped)  # "Jane Doe (@janedoe) Published ..." (stop 23)
    outlet = _OUTLET_BEFORE_BY.match(stripped)
    if outlet and not _BY.match(stripped) and (found := parse_byline(outlet["by"])) and found.authors:
        found.source = found.source or outlet["outlet"]
        return found
    match = _BY.match(stripped)
    names = match["rest"] if match else stripped
    rest = ""
    label = _TIME_LABEL.search(names)
    printed = find_date(names)
    if label:
        names, rest = names[: label.start()], names[label.start() :]
    elif printed and printed[1] > 0:
        names, rest = names[: printed[1]], names[printed[1] :]  # "Jane Doe November 06, 2024"
    elif numeric := _BAR_NUMERIC_DAY.search(names):
        names, rest, printed = names[: numeric.start()], names[numeric.end() :], (None, numeric.end(), 0)
    names = _NEXT_CREDIT.split(names, 1)[0].strip(" ,;|·•-–—")  # "Jane Doe| Edited By: ..."
    names = _AUTHOR_LINK.sub("", names).strip(" ,;|·•-–—")  # "AFP More by this Author" (stop 20)
    if not match and names.isupper() and word_count(names) >= 4:
        return None  # "GET LIVE MARKET QUOTES & NEWS": a banner in capitals, not names
    if not names or word_count(names) > 16:
        return None
    authors, roles, orgs, place = [], [], [], ""
    for part in (part.strip() for part in _BYLINE_SPLIT.split(names)):
        if not part or re.match(r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)? Newsroom$", part):
            continue  # a wire's bureau among the authors: "..., Tokyo Newsroom" (stop 21)
        agency = next((key for key in AGENCIES if part.lower().endswith(f" {key}")), "")
        if agency and is_person_name(part[: -len(agency)].strip()):
            # "By Jane Doe and JOHN ROE Associated Press": the last name with the agency glued after it (stop 23)
            authors.append(part[: -len(agency)].strip())
            orgs.append(canonical_source(agency))
        elif _is_org(part):
            orgs.append(canonical_source(part))
        elif (
            orgs
            and "|" in names
            and not place
            and re.match(r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}$", part)
        ):
            place = part
        elif ROLE_WORDS.search(part) and word_count(part) <= 5:
            roles.append(part)
        elif is_person_name(part):
            authors.append(part)
        else:
            return None
    if not authors and not ((match or label or place) and orgs):
        return None
    if not match and not (
        roles
        or orgs
        or (
            rest and (printed or label) and len(authors) == len(names.split(","))
        )  # "Jane Doe Published: ..."
    ):
        # A bare "Jane Doe" line is too easily a caption fragment or a heading; demand a role, an outlet,
        # or the publication date printed after the name.
        return None
    if authors:
        byline = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1]
    else:
        byline = orgs[0]
    return Byline(byline=byline, source=orgs[0] if orgs else "", authors=authors, roles=roles, rest=rest,
                  place=place)  # fmt: skip


_OPEN_WORD = re.compile(r"\b(?:and|or|but|the|a|an|of|to|in|for|with|that|at|on|by)$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _joins(previous: str, following: str) -> bool:
    if ends_sentence(previous):
        return False
    first = following.lstrip()[:1]
    if first.islower() or previous.rstrip().endswith((",", ";", "-", "—", "–", "(")):
        return True
    return _OPEN_WORD.search(previous.rstrip()) is not None


def paragraphs_from_lines(lines: list[str]) -> list[str]:
    """Join lines into paragraphs; a blank line always ends one (see ``group_block`` for the rest)."""
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            paragraphs.extend(join_lines([block[i] for i in group]) for group in group_block(block))
            block = []
    return paragraphs


LIST_ITEM = re.compile(r"^[-•*▪■]\s+(?=\S)")  # "- Key point", "• Item"


def group_block(block: list[str]) -> list[list[int]]:
    """Group consecutive lines (no blank line between them) into paragraphs, as lists of indexes.

    An indented line starts a paragraph. A line runs on into the next when it plainly continues
    ("... the" / a lower-case start), or when it stops mid-sentence only because the next word would not
    have fitted the block's width: that is hard-wrapped text. When a block is mostly hard-wrapped and
    marks paragraphs by indenting, only the indents split it (a wrap can fall at a sentence end).
    """
    base = min(_indent(line) for line in block)
    width = max(len(line.rstrip()) for line in block)
    wraps = [
        len(block) >= 3
        and width >= 40
        and not ends_sentence(line)
        and len(line.rstrip()) + 1 + len(following.split()[0]) > 0.8 * width
        for line, following in zip(block, block[1:], strict=False)
    ]
    indented = any(_indent(line) > base for line in block)
    only_indents = indented and sum(wraps) * 2 > len(wraps)
    groups: list[list[int]] = []
    for index, line in enumerate(block):
        if not groups or _indent(line) > base or LIST_ITEM.match(line.strip()):
            new_paragraph = True  # an indent or a list item's marker starts a paragraph
        elif only_indents:
            new_paragraph = False
        else:
            new_paragraph = not (wraps[index - 1] or _joins(block[index - 1], line.strip()))
        if new_paragraph:
            groups.append([index])
        else:
            groups[-1].append(index)
    return groups


def join_lines(lines: list[str]) -> str:
    """One paragraph from its wrapped lines; a word broken with a hyphen at the line end is rejoined."""
    text = ""
    for line in (line.strip() for line in lines):
        if re.search(r"[a-z]-$", text) and line[:1].islower():
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text


def names_author(header_text: str, first_line: str, text: str) -> bool:
    """The header is a person's name, two words or a first name, an initial or a particle and a surname, over
    the story's prose, and the page never prints it again (the story's subject would be): its author."""
    words = header_text.split()
    return (
        is_person_name(header_text)
        and bool(re.match(r"^[A-Z][a-zß-ÿ'’-]+(?: (?:[A-Z]\.|[a-z]{2,3}))? [A-Z][a-zß-ÿ'’-]+$", header_text))
        and not any(word.lower() in FURNITURE for word in words)  # "Top Section", "Advertise With Us"
        and is_prose(first_line)
        and text.count(header_text) == 1
    )
