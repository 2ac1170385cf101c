"""Shared fixtures: where ../shared lives, and the seed page."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SEED_PAGE = REPO / "demo" / "000_de03b18f589e2f63.txt"


@pytest.fixture
def corpus():
    """The real corpora in ../shared/corpus; tests that need them skip on a machine without them."""
    if not (CORPUS / "reuters21578-train.jsonl.gz").exists():
        pytest.skip(f"needs the real corpora in {CORPUS} (present in CI, absent on a fresh clone)")
    return CORPUS


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_PAGE.read_bytes()
