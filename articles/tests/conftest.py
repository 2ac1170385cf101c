"""Shared fixtures: where ../shared lives, and the seed page; what each of CI's two runs leaves to the other."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.test import SimpleTestCase, TransactionTestCase

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SEED_PAGE = REPO / "demo" / "000_de03b18f589e2f63.txt"


# Fixtures through which a test reaches a database (pytest-django's, and those built on them).
_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def pytest_collection_modifyitems(config, items):
    """CI runs the suite twice, on SQLite then on PostgreSQL, and leaves out of each run what the other
    covers (.ci/run; both runs whole took 26 minutes at stop 24, against CI's 20). Locally nothing is left out.

    - DATABASE_TESTS_ONLY (the PostgreSQL run): the tests that never reach a database (parsers, taggers,
      property tests of pure functions) are left out. They cannot depend on the engine; the SQLite run ran them.
    - DEFER_TO_POSTGRESQL (the SQLite run): the browser tests and those marked `postgresql_in_ci` (the
      whole-corpus imports, imports killed or run twice at once) are left out: the PostgreSQL run, the
      production engine's, runs them; every page and import path they drive is also tested on SQLite
      through Django's test client and smaller imports.
    """
    kept, left_out = [], []
    for item in items:
        cls = getattr(item, "cls", None)
        reaches = (
            item.get_closest_marker("django_db")
            or _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
            or (cls is not None and issubclass(cls, TransactionTestCase))  # Django's TestCase classes
        )
        deferred = "tests/browser/" in str(item.fspath) or item.get_closest_marker("postgresql_in_ci")
        if (os.environ.get("DATABASE_TESTS_ONLY") and not reaches) or (
            os.environ.get("DEFER_TO_POSTGRESQL") and deferred
        ):
            left_out.append(item)
        else:
            kept.append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture
def corpus():
    """The real corpora in ../shared/corpus; tests that need them skip on a machine without them."""
    if not (CORPUS / "reuters21578-train.jsonl.gz").exists():
        pytest.skip(f"needs the real corpora in {CORPUS} (present in CI, absent on a fresh clone)")
    return CORPUS


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_PAGE.read_bytes()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With read replicas configured (DATABASE_REPLICA_URLS), each replica is a test mirror of default.

    Django's mirror is a second connection to the test database, which cannot see what a test writes
    inside its transaction. So in the test thread each replica alias shares default's connection: reads
    routed to `replica_1` run in the test's transaction and count in its query counts. Other threads
    (the live server) open real second connections to the test database, as a replica would be.
    """
    from django.conf import settings
    from django.db import connections

    mirrors = {
        alias: config["TEST"]["MIRROR"]
        for alias, config in settings.DATABASES.items()
        if config.get("TEST", {}).get("MIRROR")
    }
    if not mirrors:
        yield
        return
    originals = {alias: connections[alias] for alias in mirrors}
    for connection in originals.values():
        connection.close()  # opened by the migrations' post_migrate reads; unused until restored below
    saved = {alias: dict(connections.settings[alias]) for alias in mirrors}
    for alias, primary in mirrors.items():
        connections.settings[alias].update(
            {
                key: connections[primary].settings_dict[key]
                for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")
            }
        )
        connections[alias] = connections[primary]
    with _mirrors_share_test_transactions(mirrors):
        yield
    for alias, connection in originals.items():
        connections[alias] = connection
        connections.settings[alias].clear()
        connections.settings[alias].update(saved[alias])


@contextmanager
def _mirrors_share_test_transactions(mirrors: dict[str, str]):
    """Django's test cases allow a mirror wherever they allow its primary, and never flush, load
    fixtures into or open transactions on a mirror as if it were a database of its own."""
    validate, names = (
        SimpleTestCase._validate_databases.__func__,
        TransactionTestCase._databases_names.__func__,
    )

    def validate_databases(cls):
        databases = validate(cls)
        return frozenset(databases) | {alias for alias, primary in mirrors.items() if primary in databases}

    def databases_names(cls, include_mirrors=True):
        return [alias for alias in names(cls, include_mirrors) if alias not in mirrors]

    SimpleTestCase._validate_databases = classmethod(validate_databases)
    TransactionTestCase._databases_names = classmethod(databases_names)
    try:
        yield
    finally:
        SimpleTestCase._validate_databases = classmethod(validate)
        TransactionTestCase._databases_names = classmethod(names)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Accounts made in tests hash their passwords with MD5, as Django's testing docs advise: the
    production hasher (PBKDF2, a million rounds) spends about half a second of CPU on every
    create_user and login, by design. No test checks the hash itself; what a password lets in is
    checked the same either way."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the home page caches its counts, and SQLite reuses ids
    that a rolled-back test handed out, so a key could otherwise match another test's data)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background tasks run inside the request that enqueues them, so a test sees their outcome.

    test_tasks.py also runs them through the real database backend and its worker.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session")
def gaz():
    """The place tagger's gazetteer (built once; test modules may define their own)."""
    from articles.enrich.gazetteer import default_gazetteer

    return default_gazetteer()
