"""Safe to put in front of patients: the real site's defaults, limits, headers and privacy."""

import logging
import os
import re
import secrets
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from immunoprep.guides.models import Guide
from tests.factories import make_guide

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_HTTPS": "1",
    "DJANGO_HSTS_PRELOAD": "1",
    "DJANGO_ALLOWED_HOSTS": "guide.example.org",
    "SITE_URL": "https://guide.example.org",
}


def fresh_env(env: dict) -> dict:
    """This machine's environment without our settings, plus `env`: the site's defaults."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SITE_URL", "IMMUNOPREP_", "REDIS"))}
    return {**clean, "DJANGO_SETTINGS_MODULE": "immunoprep.settings", **env}


def settings_in_a_fresh_process(env: dict, expr: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings as s; print({expr})"
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=fresh_env(env),
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip()


def test_the_real_site_is_the_default_debug_off_and_a_secret_kept_in_the_data_folder(tmp_path):
    env = {"IMMUNOPREP_DATA_DIR": str(tmp_path)}
    out = settings_in_a_fresh_process(env, "s.DEBUG, s.SESSION_COOKIE_SECURE, len(s.SECRET_KEY)")
    assert out == "False False 50"  # plain http on 127.0.0.1 still works: no secure-only cookies
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = settings_in_a_fresh_process(env, "s.SECRET_KEY")
    assert again == key_file.read_text().strip()  # made once, kept across restarts
    https = settings_in_a_fresh_process({**env, "DJANGO_HTTPS": "1"}, "s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS")
    assert https == "True 31536000"


def test_deploy_checks_pass_with_the_documented_production_settings(tmp_path):
    env = {**os.environ, **PRODUCTION, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    for test_only in ("DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the browser tests set the latter
        env.pop(test_only, None)
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**env, "IMMUNOPREP_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("path", ["/", "/start/who/", "/admin/login/"])
def test_a_strict_content_security_policy_on_every_page(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_guide_pages_and_their_pdfs_carry_the_policy_too(client):
    guide = make_guide()
    for name in ("guides:edit", "guides:share"):
        token = guide.edit_token if name == "guides:edit" else guide.view_token
        assert "default-src 'self'" in client.get(reverse(name, args=[token]))["Content-Security-Policy"]


def test_unknown_guide_links_keep_the_privacy_headers(client):
    for url in ("/g/" + "x" * 32 + "/", "/s/" + "y" * 32 + "/", "/s/" + "y" * 32 + "/guide.pdf"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "no-referrer"
        assert "We could not find that page" in response.content.decode()


@pytest.mark.parametrize("step", ["treatment", "tests", "concerns", "visit"])
def test_steps_that_show_health_answers_are_never_stored(client, step):
    client.get("/start/?cancer=melanoma")
    assert "no-store" in client.get(reverse("guides:step", args=[step]))["Cache-Control"]
    assert "no-store" in client.get(reverse("guides:review"))["Cache-Control"]


def test_wizard_answers_live_on_the_server_and_are_gone_once_the_guide_is_made(client):
    client.get("/start/?cancer=melanoma&therapy=checkpoint-pd1&concern=fertility")
    cookie = client.cookies["sessionid"].value
    assert "melanoma" not in cookie and "fertility" not in cookie and len(cookie) <= 40  # a key, not the data
    assert client.session["wizard"]["cancer"] == "melanoma"
    client.post(reverse("guides:review"))
    assert "wizard" not in client.session


def test_a_double_submitted_review_makes_one_guide(client):
    client.get("/start/?cancer=melanoma&therapy=checkpoint-pd1")
    first = client.post(reverse("guides:review"))
    second = client.post(reverse("guides:review"))  # the same tap, arriving again
    assert Guide.objects.count() == 1
    assert first["Location"] == second["Location"]


@override_settings(RATES={"guide-create": "2/m", "guide-edit": "3/m", "pdf": "2/m", "token": "4/m"})
def test_rate_limits_answer_with_a_friendly_429_that_says_when_to_try_again(client, monkeypatch):
    import django_ratelimit.core

    # One instant: a rate window that ends mid-test would reset the count (a rare flaky run).
    now = time.time()
    monkeypatch.setattr(django_ratelimit.core.time, "time", lambda: now)
    for _ in range(2):
        client.get("/start/?cancer=melanoma&therapy=checkpoint-pd1")
        assert client.post(reverse("guides:review")).status_code == 302
    client.get("/start/?cancer=melanoma&therapy=checkpoint-pd1")
    refused = client.post(reverse("guides:review"))
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "try again in about 1 minute" in refused.content.decode()
    guide = Guide.objects.first()
    statuses = [client.get(reverse("guides:share", args=[guide.view_token])).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_staff_passwords_must_be_strong():
    with pytest.raises(ValidationError):
        validate_password("a")
    with pytest.raises(ValidationError):
        validate_password("password1234")
    validate_password("correct horse battery staple 42")


def test_repeated_wrong_passwords_lock_the_account_with_a_clear_message(client):
    User.objects.create_user("nurse", password="correct horse battery staple 42", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "nurse", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "nurse", "password": "correct horse battery staple 42"})
    assert "sign-in is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logging_out_really_ends_the_session(client):
    User.objects.create_superuser("admin", password="correct horse battery staple 42")
    client.post("/admin/login/", {"username": "admin", "password": "correct horse battery staple 42"})
    old = client.cookies["sessionid"].value
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    client.cookies["sessionid"] = old  # a copied cookie from before the logout
    assert client.get("/admin/").status_code == 302


def test_a_large_upload_is_refused_before_anything_reads_it(client):
    guide = make_guide()
    body = b"x" * (20 * 1024 * 1024)
    response = client.post(
        reverse("guides:note", args=[guide.edit_token]),
        data={"note": "n", "version": guide.version, "file": ("big.bin", body)},
    )
    assert response.status_code == 413 and "too much to send" in response.content.decode()
    guide.refresh_from_db()
    assert guide.note == ""


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/start/treatment"), ("get", "/start/?" + "&".join(f"k{i}=v" for i in range(401))), ("put", "/")],
)
def test_odd_requests_get_a_clear_4xx_never_a_5xx(client, method, path):
    assert 300 <= getattr(client, method)(path).status_code < 500


def test_no_token_and_no_user_text_reach_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    guide = make_guide()
    secret_text = "My private note about Dr Zed"
    client.post(reverse("guides:note", args=[guide.edit_token]), {"note": secret_text, "version": guide.version})
    client.post(reverse("guides:note", args=[guide.edit_token]), {"note": secret_text, "version": 0})  # stale
    client.get(reverse("guides:edit_pdf", args=[guide.edit_token]) + "?section=nonsense")
    client.get("/g/" + guide.edit_token[:-1] + "Q/")  # a mistyped link
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert guide.edit_token not in logged and guide.view_token not in logged
    assert "Dr Zed" not in logged
    assert not re.search(r"[A-Za-z0-9_-]{32}", logged)


def test_deleting_a_guide_purges_its_cached_pdfs(client):
    from django.core.cache import cache

    guide = make_guide()
    assert client.get(reverse("guides:share_pdf", args=[guide.view_token])).status_code == 200
    keys = cache.get(f"guide-pdf-keys:{guide.pk}")
    assert keys and all(cache.get(k) for k in keys)
    client.post(reverse("guides:delete", args=[guide.edit_token]))
    assert not any(cache.get(k) for k in keys) and cache.get(f"guide-pdf-keys:{guide.pk}") is None


def test_healthz_answers_cheaply_for_load_balancers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"
    assert "no-store" in response["Cache-Control"]


def test_healthz_says_when_the_database_is_down(client, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise OSError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unavailable"


COUNT_FROM_PROCESSES = """
import multiprocessing, django
django.setup()
from django.core.cache import caches

def count(n):
    django.setup()
    for _ in range(n):
        if not caches["ratelimit"].add("client", 1, 60):
            caches["ratelimit"].incr("client")

if __name__ == "__main__":
    workers = [multiprocessing.Process(target=count, args=(150,)) for _ in range(4)]
    [w.start() for w in workers]
    [w.join() for w in workers]
    print(caches["ratelimit"].get("client"))
"""


def test_rate_counts_are_shared_by_every_process_on_one_machine(tmp_path):
    # `make run` starts two web processes: each counting alone would double every limit.
    env = fresh_env({"IMMUNOPREP_DATA_DIR": str(tmp_path)})
    script = tmp_path / "count.py"
    script.write_text(COUNT_FROM_PROCESSES)
    run = subprocess.run(
        [sys.executable, script], cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True
    )
    assert run.stdout.strip() == "600", run.stderr


def test_rate_counts_start_again_when_their_window_is_over(tmp_path, monkeypatch):
    from immunoprep import counters

    clock = [1000.0]
    monkeypatch.setattr(counters.time, "time", lambda: clock[0])
    count = counters.CounterCache(str(tmp_path / "counts.sqlite3"), {})
    assert count.add("client", 1, 60) and not count.add("client", 1, 60)  # a live window stays
    assert count.incr("client") == 2 and count.incr("client", 3) == 5 and count.get("client") == 5
    clock[0] += 61
    assert count.get("client") is None
    with pytest.raises(ValueError):
        count.incr("client")  # django-ratelimit then starts a new window with add()
    assert count.add("client", 1, 60) and count.get("client") == 1
