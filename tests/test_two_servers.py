"""Beyond one machine: two app servers and one task worker sharing PostgreSQL and Redis, as a
hospital network would run them behind a load balancer. Runs in `make test-postgres`."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import make_guide

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL and Redis: make test-postgres",
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, data: dict | None = None) -> tuple[int, bytes, float]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    start = time.monotonic()
    try:
        with OPENER.open(urllib.request.Request(url, data=body), timeout=60) as response:
            return response.status, response.read(), time.monotonic() - start
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.monotonic() - start


@pytest.fixture
def site(tmp_path):
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    ports = [free_port(), free_port()]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SITE_URL": f"http://127.0.0.1:{ports[0]}",  # both print the same public address
        "IMMUNOPREP_DATA_DIR": str(tmp_path),  # one secret key for both
        "RATE_PDF": "4/m",
        "PREPRINT_DELAY": "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    gunicorn = [sys.executable, "-m", "gunicorn", "immunoprep.wsgi", "--workers", "1", "--threads", "4"]
    processes = [
        subprocess.Popen([*gunicorn, "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        for port in ports
    ]
    processes.append(
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.5"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
    )
    servers = [f"http://127.0.0.1:{port}" for port in ports]
    for server in servers:
        for _ in range(100):
            try:
                if fetch(server + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"{server} did not start")
    yield servers, processes
    for process in processes:
        process.kill()
        process.wait()


def test_two_servers_one_site(site):
    (a, b), processes = site
    guide = make_guide()
    edit, share = f"/g/{guide.edit_token}/", f"/s/{guide.view_token}/"

    # Made here (as on server A), edited on server B, seen on server A.
    status, _, _ = fetch(b + edit + "note/", {"note": "Edited on B", "version": guide.version})
    assert status == 302
    assert b"Edited on B" in fetch(a + share)[1]

    # One PDF, rendered once, served from both.
    status_a, pdf_a, took_a = fetch(a + edit + "guide.pdf")
    status_b, pdf_b, took_b = fetch(b + edit + "guide.pdf")
    assert status_a == status_b == 200 and pdf_a == pdf_b and pdf_a.startswith(b"%PDF")
    assert took_b < took_a / 3  # B served A's render from Redis

    # The rate limit counts requests to both servers: 4 a minute in all.
    statuses = [fetch(server + edit + "guide.pdf")[0] for server in (a, b, a)]
    assert statuses == [200, 200, 429]

    # An edit accepted by A survives A being killed; B serves it.
    guide.refresh_from_db()
    assert fetch(a + edit + "note/", {"note": "Accepted by A", "version": guide.version})[0] == 302
    processes[0].send_signal(signal.SIGKILL)
    processes[0].wait()
    assert b"Accepted by A" in fetch(b + share)[1]
