"""Production settings: what the environment turns on, the security headers, the health check, logs.

The settings module is read once per process, so what the environment does to it is tried in a fresh
`python` process; the headers and the health check go through the test client.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "archive.example.org",
}
SHOWN = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "ARCHIVE_PRIVATE",
]


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    # Only what the test names: nothing from the developer's or CI's own environment leaks in.
    keep = {name: os.environ[name] for name in ("PATH", "HOME", "DATABASE_URL") if name in os.environ}
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env={**keep, **env}, capture_output=True, text=True, timeout=120
    )


def settings_under(**env: str) -> dict:
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SHOWN!r}}}))"
    )
    result = run(["-c", script], DJANGO_SETTINGS_MODULE="newsarchive.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- From the environment ----------------------------------------------------------------------------


def test_production_environment_passes_the_deployment_checks():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deployment_checks_catch_a_cookie_sent_over_plain_http():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        SESSION_COOKIE_SECURE="false",
    )
    assert result.returncode != 0 and "SESSION_COOKIE_SECURE" in result.stdout + result.stderr


def test_without_debug_a_secret_key_is_required():
    result = run(["manage.py", "check"], DEBUG="false", ALLOWED_HOSTS="archive.example.org")
    assert result.returncode != 0 and "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_is_https_only_with_hsts_and_the_archive_public():
    assert settings_under(**PRODUCTION) == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": None,
        "ARCHIVE_PRIVATE": False,
    }


def test_a_plain_http_deployment_behind_a_proxy_and_private_is_a_matter_of_environment():
    values = settings_under(
        **PRODUCTION,
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        BEHIND_PROXY="true",
        ARCHIVE_PRIVATE="true",
    )
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "ARCHIVE_PRIVATE": True,
    }


@pytest.mark.parametrize(
    "url, backend, location",
    [
        ("", "django.core.cache.backends.locmem.LocMemCache", None),
        ("redis://cache:6379/0", "django.core.cache.backends.redis.RedisCache", "redis://cache:6379/0"),
        ("memcached://cache:11211", "django.core.cache.backends.memcached.PyMemcacheCache", "cache:11211"),
    ],
)
def test_the_cache_is_each_workers_own_unless_cache_url_names_a_shared_one(url, backend, location):
    script = "import json, django; from django.conf import settings; django.setup(); print(json.dumps(settings.CACHES))"
    result = run(["-c", script], DJANGO_SETTINGS_MODULE="newsarchive.settings", CACHE_URL=url)
    assert result.returncode == 0, result.stderr
    cache = json.loads(result.stdout.strip().splitlines()[-1])["default"]
    assert cache["BACKEND"] == backend and cache.get("LOCATION") == location


def test_a_cache_url_of_an_unknown_kind_is_refused_with_a_message():
    result = run(["manage.py", "check"], CACHE_URL="mongodb://x")
    assert result.returncode != 0 and "CACHE_URL must be `database` or start with redis://" in result.stderr


def test_logs_go_to_standard_output_at_the_level_asked_for():
    script = (
        "import logging, django; django.setup(); "
        "logging.getLogger('django.request').error('Internal Server Error: /search/'); "
        "logging.getLogger('articles').info('an ordinary day')"
    )
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "newsarchive.settings"}
    result = run(["-c", script], **env)
    assert "ERROR django.request: Internal Server Error: /search/" in result.stdout
    assert "INFO articles: an ordinary day" in result.stdout and "ordinary" not in result.stderr
    quiet = run(["-c", script], **env, LOG_LEVEL="warning")
    assert "Internal Server Error" in quiet.stdout and "an ordinary day" not in quiet.stdout


# -- Headers -----------------------------------------------------------------------------------------


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


def test_the_admin_allows_inline_styles_but_no_inline_scripts(admin_client):
    policy = admin_client.get("/admin/articles/article/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert directives["script-src"] == "'self'"


def test_pages_keep_referrers_and_content_types_to_themselves(client):
    response = client.get("/")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
def test_https_redirect_and_hsts_spare_the_health_check(client):
    assert client.get("/").status_code == 301
    assert client.get("/", secure=True)["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/healthz").status_code == 200


# -- Health check ------------------------------------------------------------------------------------


def test_health_check_says_ok_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_health_check_says_the_database_is_unreachable(client, caplog):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["message"] == "The database cannot be reached."
    assert "the database is unreachable: connection refused" in caplog.text


@override_settings(ARCHIVE_PRIVATE=True)
def test_health_check_answers_without_a_login_in_a_private_archive(client):
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
