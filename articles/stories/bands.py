"""Band keys: how an article finds the earlier articles it may be a copy or a version of.

Pure, like articles/stories/similarity.py (which re-exports what callers import from here). Every value
is derived from the text alone with fixed seeds and keyed BLAKE2 (never the builtin `hash()`, which is
salted per process), so a key computed by one import process matches the key another computed a year
earlier.

Finding candidates (`band_keys`): MinHash signatures (datasketch) over word 3-shingles, cut into
bands (locality-sensitive hashing): two articles share a band key with a probability that rises
steeply with the Jaccard similarity of their shingle sets. Copies are cut at different lengths, so a
signature of the whole body would miss a short copy of a long story (a 150-word copy of a 900-word
story has a Jaccard similarity of 0.17). Copies share their beginning, so the body is signed three
times: its opening 40 words, its opening 150 words and all of it (the last finds versions whose lede
was rewritten but whose body stayed): 30 keys an article. A body under 25 words is signed once with
its headline, since its headline is part of what it says (a dividend notice's body is the same for
every company). A title of 18 words or more is a paragraph the page parser took for the headline, and
leads the text.
"""

from __future__ import annotations

import hashlib
from functools import cache

import numpy as np
from datasketch import MinHash

from .text import StoryText, _led, words

# Changes whenever band_keys would give other keys for the same text (shingles, views, bands, seeds,
# the tokenizer, or a datasketch upgrade changing its hashing): keys filed under another version are
# not comparable and the archive refiles them.
BANDS_VERSION = "minhash-3sh-v3"  # v3: sentences glued without a space are read apart (text.unglue)

SHINGLE = 3  # words (`_shingles` joins three)
# (name, opening words signed (0: all, up to MAX_SIGNED), bands, rows per band). With r rows and b
# bands, a pair of Jaccard similarity s becomes a candidate with probability 1 - (1 - s**r)**b:
# 2 rows and 10-12 bands: 0.99 at s=0.6, 0.83-0.88 at s=0.4, 0.34-0.39 at s=0.2 (compare() sorts those
# out; 2.1 comparisons an article on Reuters-21578). 3 rows missed edited versions on the pages.
VIEWS = (("head", 40, 8, 2), ("open", 150, 12, 2), ("all", 0, 10, 2))
SHORT_VIEW = ("short", 0, 8, 3)
SHORT_BODY = 25  # words: under this, a body is too short to be recognised without its headline
MAX_SIGNED = 2000  # words: the rest of a very long text adds nothing to finding it


def band_keys(text: StoryText) -> list[int]:
    """The LSH band keys of an article's body: distinct signed 64-bit integers, in a fixed order; none
    for an empty body. Articles sharing any key are candidates for `compare`."""
    body_words = words(text.body)
    if not body_words:
        return []
    body = _led(body_words, words(text.title))[:MAX_SIGNED]
    if len(body) < SHORT_BODY:
        tokens = words(text.title) + ["|"] + body
        return _band(SHORT_VIEW, _premixed(_shingles(tokens)))
    # The opening views' shingles are the whole body's first ones: each shingle is hashed once, and
    # every view's permutations are applied in one product, each view taking the minimum of its rows.
    a, b, columns = _all_permutations()
    products = _premixed(_shingles(body)).reshape(-1, 1) * a + b
    keys: list[int] = []
    for view, (start, end) in zip(VIEWS, columns, strict=True):
        signed = min(view[1], len(body)) if view[1] else len(body)
        keys.extend(_keys(view, products[: max(1, signed - SHINGLE + 1), start:end].min(axis=0)))
    return list(dict.fromkeys(keys))


def _shingles(tokens: list[str]) -> list[str]:
    if len(tokens) < SHINGLE:
        return [" ".join(tokens)]
    return [f"{a} {b} {c}" for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)]


def _premixed(shingles: list[str]) -> np.ndarray:
    """Each shingle's 32-bit hash as datasketch's MinHash takes it (`sha1_hash32`: SHA-1's first four
    bytes, little-endian), pre-mixed as its "affine32" scheme does (`_fmix`, the MurmurHash3 finalizer).

    MinHash.update_batch would do the same for every view; doing it once an article, and the
    permutations below with numpy, gives datasketch's signatures bit for bit at a third of the cost
    (test_story_similarity checks them against MinHash itself). SHA-1 a shingle is most of
    band_keys' time; kept in a dict of the shingles seen, or with the calls chained by `map`, it took
    longer (docs/benchmarks.md, "Grouping's import cost: issue 13, stop 26")."""
    sha1 = hashlib.sha1
    packed = b"".join([sha1(s.encode()).digest()[:4] for s in shingles])
    hv = np.frombuffer(packed, dtype="<u4").astype(np.uint32)
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def _band(view: tuple[str, int, int, int], hashes: np.ndarray) -> list[int]:
    """The view's band keys from its shingles' pre-mixed hashes (duplicates do not change a minimum)."""
    a, b = _permutations(view[0], view[2] * view[3])
    return _keys(view, (hashes.reshape(-1, 1) * a + b).min(axis=0))


def _keys(view: tuple[str, int, int, int], signature: np.ndarray) -> list[int]:
    """A view's band keys from its MinHash signature: each band's rows digested with keyed BLAKE2."""
    name, _, bands, rows = view
    packed = signature.astype("<u4").tobytes()
    width = 4 * rows
    keys = []
    for band, keyed in enumerate(_keyed(name, bands)):
        digest = keyed.copy()  # keying BLAKE2 costs a block: done once a band, copied after
        digest.update(packed[band * width : (band + 1) * width])
        keys.append(int.from_bytes(digest.digest(), "little", signed=True))
    return keys


_BAND_KEY = BANDS_VERSION.encode()


@cache
def _keyed(name: str, bands: int) -> tuple:
    """Each band's BLAKE2 (8 bytes), keyed with BANDS_VERSION and personalised with the view and band."""
    return tuple(
        hashlib.blake2b(digest_size=8, person=f"{name}:{band}".encode()[:16], key=_BAND_KEY)
        for band in range(bands)
    )


@cache
def _all_permutations() -> tuple[np.ndarray, np.ndarray, tuple[tuple[int, int], ...]]:
    """The VIEWS' permutations side by side, and each view's columns among them."""
    parts = [_permutations(name, bands * rows) for name, _, bands, rows in VIEWS]
    ends = np.cumsum([len(a) for a, _ in parts]).tolist()
    columns = tuple(zip([0, *ends[:-1]], ends, strict=True))
    return np.concatenate([a for a, _ in parts]), np.concatenate([b for _, b in parts]), columns


@cache
def _permutations(name: str, num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    seed = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "little")
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


def minhash(name: str, num_perm: int) -> MinHash:
    """An empty datasketch MinHash with a view's permutations: what `_band`'s signatures equal."""
    return MinHash(num_perm=num_perm, permutations=_permutations(name, num_perm), scheme="affine32")
