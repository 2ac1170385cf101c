"""The language an article is written in, as an ISO 639-1 code, detected with py3langid.

py3langid (a maintained fork of langid.py: 97 languages, a naive Bayes model over byte n-grams) is
loaded once per process, on first use (about 2 seconds); classifying a page then takes a millisecond.
Short or ambiguous text gets no language rather than a guess: a headline of four words is too little
to tell Danish from Norwegian, and the archive's filter would then hide the article from its readers.
"""

from __future__ import annotations

import re
from functools import cache

MIN_LETTERS = 40  # fewer letters than this: no language (a caption, a title alone)
MIN_CONFIDENCE = 0.8  # py3langid's normalised probability below which the answer is left empty
SAMPLE_CHARS = 3000  # enough text to decide; more only costs time


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(*texts: str) -> str:
    """The language of the given texts (title, body...) read together, or "" when it cannot be told."""
    sample = "\n".join(text for text in texts if text)[:SAMPLE_CHARS]
    if len(re.findall(r"[^\W\d_]", sample)) < MIN_LETTERS:
        return ""
    code, confidence = _identifier().classify(sample)
    return code if confidence >= MIN_CONFIDENCE else ""
