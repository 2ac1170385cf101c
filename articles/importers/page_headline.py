"""The headline of a scraped page, chosen from the evidence of the whole page.

Candidates are the header's title (the text after `` date YYYY-MM-DD``) and the text lines above the
story. Each is judged by its shape (a headline is capitalised, 4-30 words, no full stop; a section name
is short and in capitals; a caption ends with a photo credit), its place (before the byline and the
dateline), whether the page prints it again, whether it agrees with the header, and whether it shares
words with the story's opening: a headline names what the first paragraph tells, a site's slogan or a
menu entry does not. Nothing here knows a site.
"""

from __future__ import annotations

import re
from collections import Counter

from . import page_lines as pl
from . import page_pieces as pp
from .dates import find_printed_date

SITE_BANNER = re.compile(r"\b(?:(?i:breaking news|latest news|home ?page|official site)|(?i:news), [A-Z])")
# A status label before the headline: "BREAKING NEWS: ...", "UPDATE: ...". Labels that say what the page
# is ("PHOTOS:", "VIDEO:") belong to its headline.
_STATUS_LABEL = re.compile(
    r"^(?:breaking(?: news| story)?|update[d]?|exclusive|just in|developing(?: story)?|live|"
    r"em direto|ao vivo|en direct|en vivo|en directo|in diretta|na żywo|live-?ticker)\s*[:|–—-]\s+",
    re.I,
)


def without_status(text: str) -> str:
    """A line above the story without its status label ("LIVE: Yoon declares martial law", "Breaking News :
    40 degrees and climbing"): the label says how the page is kept up, the headline follows it (stop 22)."""
    text = _BULLET.sub("", text)  # "• 'Friends' star ... has died": a bullet is not the title's (stop 23)
    text = _BREADCRUMB.sub("", text) or text  # "Home / Legal News / Supreme Court ..." (stop 23)
    rest = _STATUS_LABEL.sub("", text)
    return rest if rest != text and pl.word_count(rest) >= 4 else text


_BULLET = re.compile(r"^[•·▪■►]\s*(?=\S)")


# The same labels with no colon, before a headline in sentence case: "Update Nederlandse regering gevallen
# over asielbeleid" (stop 22). Only the label's own spellings: "Live Nation sues ..." stays whole.
_STATUS_WORD = re.compile(
    r"^(?:Update|UPDATE|LIVE|BREAKING(?: NEWS)?|EXCLUSIVE|Exclusive)\s+(?=[A-ZÀ-ÖØ-Þ][^\W\d_]+\s+[a-zß-ÿ]{2,})"
)
# A rubric of one or two words in lower case before the capitalised headline: "met video Ruzie in kabinet" (stop
# 22); two joined by a slash, "update/met video Groningse boeren ..." (stop 25); not a name's particle ("van Gogh
# ...", "de Gaulle ...").
_LOWER_RUBRIC = re.compile(
    r"^(?!(?:van|von|de|der|den|di|da|del|della|du|le|la|al|el|bin|ibn|ten|ter|zu)\s)[a-zß-ÿ]{2,}"
    r"(?:\s[a-zß-ÿ]{2,}|/[a-zß-ÿ'’]{2,}(?:\s[a-zß-ÿ'’]{2,})?)?\s+(?=[A-ZÀ-ÖØ-Þ][a-zß-ÿ])"
)
# A fact box glued after the headline (stop 20, second round): "Manchester City vs Internazionale
# Competition – UEFA Champions League Final Stadium: Atatürk Date: 10th June 2023 Kick-off time – 20:00".
_FACT_LABEL = re.compile(r"(?<=\s)[A-Z][\w-]*(?: [a-z][\w-]*)?(?:\s?:|\s[–—])\s+\S")
# A share bar glued after the headline ("... Old Monterey Share this:Click to share on Facebook ..."), and a
# page label after glued menu words ("Things To DoEvents PHOTOS: Fourth of July ..."): the title is between.
_SHARE_BAR = re.compile(r"\s+Share(?: this(?: article| story)?)?:\s*(?=Click|Facebook|Twitter|Share)", re.I)
_SHARE_BUTTONS = re.compile(
    r"^(?:(?:Click to [^()]{3,40}|Share on \w+)\s*(?:\(Opens in new window\))?\s*)+", re.I
)
_LABEL_AFTER_MENU = re.compile(r"[a-z][A-Z]\w*\s+(?P<title>(?:PHOTOS?|VIDEOS?|WATCH|GALLERY):\s+\S.*)$")
# A rubric in lower case glued before the headline, which opens on a capitalised article or preposition:
# "Sur le vif Au Maroc, le dramatique bilan ..." (stop 20, second round).
_RUBRIC = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][a-zß-ÿ'’]+(?: [a-zß-ÿ'’]+){1,3} (?=(?:Au|Aux|Le|La|Les|Un|Une|Des|En|Dans|The|A|An|In|On|El|"
    r"Los|Las|Il|Lo|Gli|Der|Die|Das|Ein|Eine|Im|Os|As|Em|No|Na)\s(?:\S+\s){4})"
)
# A headline and its standfirst glued on one line: "... has died The statement said that ..."
_GLUED_STANDFIRST = re.compile(r"(?<=[a-z0-9’'\"”])\s+(?=(?:The|A|An|In|On|At|After|It|This|He|She|They)\s)")
_GLUED_CLAUSE = re.compile(r"(?<=[a-zß-ÿ0-9%])\s+(?=[A-ZÀ-ÖØ-Þ][a-zß-ÿ]+\s+[a-zß-ÿ])")
# A breadcrumb before the headline: "Home > News > ...", and with slashes, two steps or more, "You are here: Home
# / NewsCenter / ..." (stop 23; one slash is too little: "Rain / snow expected").
_BREADCRUMB = re.compile(
    r"^(?:(?i:you are here)\s*:\s*)?(?:(?:[^>|]{1,30}\s+[>»›]\s+)+|(?:[^/|>]{1,30}\s/\s){2,})"
)
_CREDIT_END = re.compile(r"[.!?]\s*\((?:[^()]{1,40})\)$")  # "... in Gaza City. (Reuters)": a caption
# A caption with its photo credit after the sentence: "... in Khartoum. Photo AP", "... (Foto: Jane Doe)".
_PHOTO_CREDIT_END = re.compile(
    r"[.!?]\s*\(?(?:file )?(?:photo|foto|picture|image|bild)s?\s*(?:by\b|:|credit\s*:)?\s*[A-Z][\w&./’' -]{0,40}\)?$",
    re.I,
)
_STOP = {"that", "this", "with", "from", "have", "been", "were", "will", "they", "their", "after", "over",
         "said", "says", "since", "about", "into", "more", "than", "when", "what", "which", "would", "could"}  # fmt: skip


def content_words(text: str) -> set[str]:
    return {word for word in re.findall(r"[^\W\d_]{4,}", text.casefold()) if word not in _STOP}


# A kicker in capitals before the headline: "EUROPEAN ELECTIONS Voters back the ..." (two words or more).
_CAPS_KICKER = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ]{2,}\s+){2,}(?=[A-ZÀ-ÖØ-Þ][^\W\d_]*[a-zß-ÿ])")
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}  # fmt: skip
# Words a title does not end on: it would continue ("voted on | Monday to ...").
_OPEN_END = {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or", "as", "is",
             "was", "said", "says", "il", "la", "le", "di", "de", "del", "da", "e", "et", "y", "en", "der", "die",
             "das", "und", "von", "w", "z", "i", "na", "do", "o", "em", "que", "che", "al", "ao"}  # fmt: skip


def _names(page_text: str) -> set[str]:
    """Words the page prints with a capital inside a sentence: names, not sentence starts."""
    return {m.group(1) for m in re.finditer(r"(?<=[\w,;%)’'])\s+([A-ZÀ-ÖØ-Þ][^\W\d_]+)", page_text)}


_ARTICLES = {"the", "a", "an", "il", "lo", "la", "le", "les", "el", "los", "las", "der", "die", "das", "de", "het",
             "een", "o", "os", "as", "un", "une", "uno", "una", "ein", "eine"}  # fmt: skip


def _named_again(subject: str, words: list[str]) -> bool:
    """The headline's first word, a name (not an article), is one of these words."""
    bare = re.sub(r"\W", "", subject)
    return len(bare) >= 3 and bare.lower() not in _ARTICLES and bare in {re.sub(r"\W", "", w) for w in words}


def split_glued(text: str, page_text: str) -> tuple[str, str]:
    """ "Ferry sinks in harbour Ferry operators on Monday said ...": a headline with its lead glued after
    it, no stop between. The cut is at the headline's subject (its first word) named again: a capitalised
    word after a word in lower case (or a number) that the page never prints inside a sentence, with five to twenty words before it and a sentence of eight words or
    more after it. ("", text) when there is none."""
    words = text.split()
    if len(words) < 13:
        return "", text
    seen = _names(page_text.replace(text, " "))
    for index in range(5, min(len(words) - 7, 21)):
        word, before = words[index], words[index - 1]
        bare = re.sub(r"\W", "", word)
        if (
            re.match(r"[A-ZÀ-ÖØ-Þ][a-zß-ÿ]", word)
            and re.search(r"[a-zß-ÿ0-9%]$", before)
            and before.lower() not in _OPEN_END
            and bare not in seen
            and bare.lower() not in _CALENDAR
            # the lead names the headline's subject again, in its first four words ("... party leader British
            # Prime Minister Boris Johnson has agreed ...", stop 23)
            and (
                bare == re.sub(r"\W", "", words[0])
                or (
                    before.islower() and _named_again(words[0], words[index + 1 : index + 4])
                )  # not title case
            )
            and not re.match(r"^\S+\s+[-–—]\s", text)  # "Place - ...": a dateline, not a title
        ):
            title, rest = " ".join(words[:index]), " ".join(words[index:])
            if "." not in title and re.search(r"[.!?]", rest):
                return title, rest
            return "", text
    return "", text


def split_header(header_text: str, page_text: str | None = None) -> tuple[str, str]:
    """The header without breadcrumbs or a status label, split into (title, a standfirst glued after it
    or ""). With the page's text, a headline glued to its standfirst without a stop is cut too."""
    stripped = header_text.strip()
    crumbs = _BREADCRUMB.match(stripped)
    text = _BREADCRUMB.sub("", stripped)
    words = text.split()
    leading = 0
    while leading < len(words) - 4 and words[leading].lower() in pl.FURNITURE:
        leading += 1
    if leading >= 2 or (crumbs and leading):
        text = " ".join(words[leading:])
    text = _STATUS_LABEL.sub("", text)
    text = _RUBRIC.sub("", text)
    if labelled := _LABEL_AFTER_MENU.search(text):
        text = labelled["title"]
    facts = list(_FACT_LABEL.finditer(text))
    if len(facts) >= 3 and pl.word_count(text[: facts[0].start()]) >= 2:
        return text[: facts[0].start()].strip(), text[facts[0].start() :].strip()
    if len(text) > 120:
        for match in _GLUED_STANDFIRST.finditer(text):
            title, rest = text[: match.start()].strip(), text[match.end() :].strip()
            if (
                5 <= pl.word_count(title) <= 25
                and pl.word_count(rest) >= 8
                and "." not in re.sub(r"\d[.,]\d", "", title)  # "$3.2 billion" is no stop (stop 23)
                and title.split()[-1].lower() not in _OPEN_END
                and re.match(r"\S+\s+[a-zß-ÿ0-9$€£]", rest)
            ):
                # "... has died The statement said": the standfirst opens a sentence, "The" and a word in lower
                # case; "... awarded to Everything Everywhere All At Once, as ..." is one sentence (stop 22).
                return title, rest
    # The headline, a full stop and a standfirst left unfinished (stop 21): "X arrestato in Germania. Il
    # ragazzo è stato fermato sull'A9" (a first paragraph on the header ends its last sentence).
    parts = re.split(r"(?<=[a-zß-ÿ0-9])\.\s+(?=[A-ZÀ-ÖØ-Þ])", text)
    unfinished = len(parts) == 2 and not pl.ends_sentence(text)
    if unfinished and 5 <= pl.word_count(parts[0]) <= 25 and pl.word_count(parts[1]) >= 8:
        return parts[0], parts[1]
    if len(text) > 150 and _CAPS_KICKER.match(text) and not pl.parse_dateline(text) and "." not in text[:150]:
        # A kicker in capitals, the headline and its standfirst with no stop between: "EUROPEE ITALIA
        # Giorgia Meloni ... quasi al 29% Cresce anche il Partito ..." (stop 20): cut before a capitalised
        # word that opens a clause (a lower-case word after it), after a word in lower case or a figure.
        unkicked = _CAPS_KICKER.sub("", text)
        for match in _GLUED_CLAUSE.finditer(unkicked):
            title, rest = unkicked[: match.start()].strip(), unkicked[match.end() :].strip()
            if 6 <= pl.word_count(title) <= 25 and pl.word_count(rest) >= 8:
                return title, rest
    if page_text is not None and (pieces := pp.split_pieces(text, page_text)):
        return pieces  # a kicker, a lead or a standfirst glued to the headline (stop 24)
    if page_text is not None and not pl.parse_dateline(text):
        unkicked = _CAPS_KICKER.sub("", text)
        title, rest = split_glued(unkicked, page_text)
        if title:
            return title, rest
    text = _STATUS_WORD.sub("", text)
    if (lower := _LOWER_RUBRIC.match(text)) and pl.word_count(text[lower.end() :]) >= 5:
        text = text[lower.end() :]
    rubric = _CAPS_KICKER.match(text)
    long_words = sum(len(word) >= 4 for word in rubric.group(0).split()) if rubric else 0
    if rubric and long_words >= 2 and pl.word_count(text[rubric.end() :]) >= 5:
        # A rubric in capitals, two words of four letters or more: "PRIMA PAGINA Per Silvio ..." (stop 21),
        # "REST IN PEACE Sinead O'Connor ..." (stop 22); acronyms opening a headline stay ("EU UK Reach Deal").
        text = text[rubric.end() :] if not pl.parse_dateline(text) else text
    return text, ""


def split_share_bar(header_text: str) -> tuple[str, str]:
    """(the header before a share bar glued into it, the page's text after the bar's buttons)."""
    bar = _SHARE_BAR.search(header_text)
    if not bar:
        return header_text, ""
    return header_text[: bar.start()].strip(), _SHARE_BUTTONS.sub("", header_text[bar.end() :]).strip()


def title_after_lead(line: str, following: str) -> bool:
    """The line after a lead printed on the header is the headline when it reads as one (a capitalised
    line of five words or more, no final stop) and a one-line summary with no final stop follows it."""
    return (
        pl.is_title_like(line)
        and pl.word_count(line) >= 5
        and not pl.ends_sentence(line)
        and 4 <= pl.word_count(following) < pl.word_count(line) + 10
        and not pl.ends_sentence(following)
    )


# A teaser's closing pointer to the page: "Alle wichtigen Infos ... gibt es hier.", "Here's what we know."
# (stop 20, second round).
_POINTER = re.compile(
    r"(?:\b(?:gibt es hier|erfahren sie hier|lesen sie hier|finden sie hier|find out (?:more )?here|read on|"
    r"here['’]s what (?:you need to|we) know|voici ce qu['’]il faut savoir|tout savoir ici)|"
    r"\b(?:alle|toutes?|all) (?:wichtigen )?(?:infos?|informations|details)\b.{0,80}\bhier)\W*$",
    re.I,
)


def points_to_page(text: str) -> bool:
    """The header is a teaser ending in a pointer to the page ("... gibt es hier."): not its first paragraph."""
    return bool(_POINTER.search(text))


def header_is_body(text: str) -> bool:
    """The header's text is the story's first paragraph, not a title: it opens with a dateline, or it is
    finished prose (a full stop after ten words or more, or several sentences)."""
    found = pl.parse_dateline(text)
    if found and pl.word_count(text) >= 6 and (found.place or found.agency or pl.is_prose(found.rest)):
        return True  # a weekday's date before a title ("Monday, February 24 – NBA scores ...") is a title
    words = pl.word_count(text)
    if text.endswith(("...", "…")) and (words < 30 or not re.search(r"[a-z][.!?][\"'”’]?\s+[A-Z]", text)):
        return False  # a title cut short (a teaser of several sentences ending in "..." is prose)
    if words >= 10 and re.search(r"[.][\"'”’)]*$", text):
        return True
    if words >= 8 and re.search(r"[.][\"'”’)]*$", text) and not pl.ROLE_WORDS.search(text):
        return True  # a short first sentence ("... is dead."), not a deck naming its author (stop 20)
    if 3 <= words < 8 and re.search(r"\w[.!][\"'”’)]*$", text) and _sentence_case(text):
        return True  # a short first sentence: "E' morto Silvio Berlusconi.", "Sie tut es offenbar wirklich!"
    if words >= 15 and text.endswith(":") and not re.search(r"\b(?:here|below|live)\s*:$", text, re.I):
        return True  # a lead that introduces what follows ("... assess the damage:"), stop 20
    return len(text) > 200 and re.search(r"[a-z][.!?][\"'”’]?\s+[A-Z]", text) is not None


# Words a headline in title case leaves in lower case.
_TITLE_CASE_SMALL = {"with", "from", "into", "onto", "over", "upon", "amid", "than", "that", "this", "after",
                     "about", "under", "versus"}  # fmt: skip


def _sentence_case(text: str) -> bool:
    """A word of four letters or more in lower case: a sentence ("Sie tut es offenbar wirklich!"), not a
    headline in title case ("Former President Donald Trump Indicted By New York Grand Jury!")."""
    return any(word not in _TITLE_CASE_SMALL for word in re.findall(r"\b[a-zß-ÿ]{4,}\b", text))


def headline_from_header(header_text: str) -> str:
    """The header text after the date when it reads like a headline, not a site name, section or menu."""
    best = ""
    for number, part in enumerate(re.split(r"\s+[|]\s+|\s+::\s+", header_text)):
        part = part.strip()
        if (
            number and _PHOTO_CREDIT_PART.match(part) and pl.word_count(part) <= 6
        ):  # not "PHOTOS: Ferries return"
            return ""  # "Caption | Foto: picture alliance/dpa | Name": a photo's caption (stop 23)
        if (
            15 <= len(part) <= 200
            and pl.word_count(part) >= 4
            and not _only_a_date(part)
            and not _AGE.search(part)
            and not pl.is_furniture(part)
            and not SITE_BANNER.search(part)
            and not part.isupper()
            and not _PHOTO_CREDIT_END.search(part)
            and len(part) > len(best)
        ):
            best = part
    return _with_tag(best, header_text)


_PHOTO_CREDIT_PART = re.compile(r"^(?:foto|photo|bild|image|picture|crédit|credit|fotó)s?\s*:\s*\S", re.I)
_DATE_WORDS = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|updated|published|posted|last|at|on|am|pm|"
    r"est|edt|gmt|utc|the|and|of|day|is)$",
    re.I,
)


def _only_a_date(part: str) -> bool:
    """A date or time and little else ("Wed. Jan 3rd, 2024", "Updated: 16:07 on Monday"); a title that
    carries its date ("NBA Game Notes (March 24, 2024)", "Monday, February 24 – NBA scores ...") is not
    (stop 20: a date in the header no longer rules the header out by itself)."""
    found = find_printed_date(part)
    if found is None:
        return False
    if _TODAY_IS.match(part):
        return True  # "Today is Thursday, March 16, the 75th day of 2023.": an almanac's line
    rest = part[: found.start] + " " + part[found.end :]
    words = [w for w in re.findall(r"[^\W\d_]{3,}", rest) if not _DATE_WORDS.match(w)]
    return len(words) < 3


_TODAY_IS = re.compile(r"^today is\b", re.I)
# A place or section and how old the page is: "Friedrichshafen vor 2 Stunden", "London 3 hours ago" (stop 20).
_AGE = re.compile(
    r"^(?:\S+\s+){0,2}(?:vor \d{1,2} (?:Minuten|Stunden|Tagen)|\d{1,2} (?:minutes?|hours?|days?) ago|hace \d{1,2} "
    r"(?:minutos|horas|días)|il y a \d{1,2} (?:minutes|heures|jours)|\d{1,2} (?:minuti|ore|giorni) fa)$",
    re.I,
)


def _with_tag(best: str, header_text: str) -> str:
    """ "Japan quake: what we know | 10 points": a short tag in lower case after the headline is part of
    it; a site's or section's name ("| The Daily Example", "| World") is not."""
    parts = [part.strip() for part in re.split(r"\s+[|]\s+", header_text)]
    if best not in parts or parts.index(best) + 1 >= len(parts):
        return best
    tag = parts[parts.index(best) + 1]
    if pl.word_count(tag) <= 3 and re.search(r"\b[a-z]{3,}\b", tag) and re.match(r"^\d", tag):
        return f"{best} | {tag}"
    return best


def score(text: str, position: int, counts: Counter, header_text: str, opening: set[str]) -> float:
    """How much a line looks like the headline: shape, nearness to the top, repetition, the header, and
    the words it shares with the story's opening."""
    if not 12 <= len(text) <= 200 or pl.word_count(text) < 3 or pl.is_nav(text):
        return 0.0
    value = 2.0 if pl.is_title_like(text) or len(text) < 20 else (-1.0 if text.endswith(".") else 0.5)
    if len(text) < 20:
        value -= 1.0  # short headlines exist ("Bahia Cocoa Review"), but so do short menu entries
    if text.isupper() and pl.word_count(text) <= 4:
        value -= 2.0  # a section label: "SCIENCE & TECHNOLOGY"
    if _CREDIT_END.search(text) or _PHOTO_CREDIT_END.search(text):
        value -= 3.0  # a photo caption with its credit
    value -= 0.25 * position
    if counts[text] > 1:
        value += 1.5
    if header_text and len(header_text) >= 10 and header_text.lower() in text.lower():
        value += 3.0
    if pl.is_prose(text) and pl.ends_sentence(text):
        value -= 2.0
    if len(content_words(text) & opening) >= 2:
        value += 1.0  # it names what the story tells (a deck does too: this only breaks ties with furniture)
    return value


_GALLERY_COUNT = re.compile(r"\s*\(\d+\s+(?:images|photos|pictures|slides)\)$", re.I)
_TRAILING_COUNT = re.compile(r"^(?P<stem>.*[^\W\d])\s+\d{1,4}$")


def without_counts(title: str, counts: Counter) -> str:
    """A gallery's "(40 images)" and a comment count glued after the headline (" 0") are not part of it:
    the count goes when the page prints the headline without it elsewhere."""
    title = _GALLERY_COUNT.sub("", title)
    match = _TRAILING_COUNT.match(title)
    if match and any(line.startswith(match["stem"]) and not _TRAILING_COUNT.match(line) for line in counts):
        return match["stem"]
    return title


def _over_its_deck(scored: list[tuple[float, str]]) -> tuple[str, str]:
    """(the headline, the line that names the story for it): the best-scored line, or the headline-shaped
    line just above it when the best is its deck, which shares more words with the first paragraph (stop 22:
    "Fiery chaos erupts on streets of major city" over "Protesters clash with police after violent attack
    outside school")."""
    if not scored or max(value for value, _ in scored) < 0.5:
        return "", ""
    index = max(range(len(scored)), key=lambda i: scored[i][0])
    value, best = scored[index]
    if index != 1:
        return best, best  # only the first line above the story over the second: not a teaser further down
    above_value, above = scored[index - 1]
    if (
        above_value >= 1.5
        and value - above_value <= 1.25
        and pl.is_title_like(above)
        and pl.is_title_like(best)
        and pl.word_count(above) >= 5
        and not pl.ends_sentence(above)
        and not pl.ends_sentence(best)
        and not pl.is_furniture(above)
        and not SITE_BANNER.search(above)
    ):
        return above, best
    return best, best


def choose(
    header_title: str, candidates: list[str], counts: Counter, header_text: str, opening_text: str
) -> str:
    """The headline: the header's title unless the lines above the story hold a better one, else the best
    of those lines; "" when nothing reads as a headline."""
    opening = content_words(opening_text)
    scored = [(score(text, pos, counts, header_text, opening), text) for pos, text in enumerate(candidates)]
    best, named = _over_its_deck(scored)
    if not header_title:
        return without_counts(best, counts)
    header_title = without_counts(header_title, counts)
    stem = header_title.rstrip(".… ").strip()
    if header_title.endswith(("...", "…")):
        # A header cut short: the page prints the whole headline.
        for text in candidates:
            if text.startswith(stem) and len(text) > len(stem):
                return text
    for text in candidates:
        # The page prints the headline alone and the header holds it with more around it (a section, a
        # breadcrumb, a glued lead or credit): the printed line is the headline (stop 23).
        if (
            pl.word_count(text) >= 4
            and pl.is_title_like(text)
            and text in header_title
            and text != header_title
        ):
            return text
    shared = len(content_words(header_title) & opening)
    if best and pl.is_title_like(best) and shared <= 1 and len(content_words(named) & opening) >= shared + 2:
        return best  # the header names the site or a section, the line (or its deck) names the story
    if best and _reworded(header_title, best, counts):
        return best  # the page prints its own wording of the header's title (stop 25)
    return header_title


# A site's name after the title, as a browser's title bar shows it: "... – Hollywood Life", "... | The Daily Example".
_SITE_SUFFIX = re.compile(r"\s[–—|-]\s(?:The\s)?[A-Z][\w.&'’]*(?:\s[A-Z][\w.&'’]*){0,2}$")


def _reworded(header_title: str, line: str, counts: Counter) -> bool:
    """The line is the page's printed headline and the header's title (never printed on the page) another
    wording of it: "Hunter Biden Found Guilty on Federal Gun Charges" printed under a header "Hunter Biden Guilty
    on 3 Felony Gun Charges – Hollywood Life" (a title bar's, with the site's name). Half the header's words or
    more are the line's."""
    mine, theirs = content_words(line), content_words(header_title)
    return (
        pl.is_title_like(line)
        and pl.word_count(line) >= 5
        and counts[header_title] == 0
        and _SITE_SUFFIX.search(header_title) is not None
        and len(theirs) >= 4
        and len(mine & theirs) >= 0.5 * len(theirs)
        and header_title.casefold() not in line.casefold()
    )
