"""PDF rendering that cannot be starved: bounded lanes and queue, a busy page instead of a
503 flood, render time limits that stop only their own render, identical requests shared."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from immunoprep.printing import worker
from immunoprep.printing.worker import RenderBusy, RenderFailed, RenderService
from tests.factories import make_guide

PAGE = '<html lang="en"><title>t</title><p>{}</p></html>'
SLOW = PAGE.format("word " * 400_000)  # seconds of layout


@pytest.fixture
def small_service(monkeypatch):
    """One lane, no queue: the second render at once is told to come back."""
    service = RenderService(lanes=1, queue=0, wait=0.5)
    monkeypatch.setattr(worker, "_service", service)
    yield service
    service.close()


def test_a_full_server_answers_busy_at_once_instead_of_waiting(small_service):
    started = threading.Event()

    def slow():
        started.set()
        with pytest.raises(RenderFailed):
            worker.render_in_child(SLOW, (), timeout=3)

    thread = threading.Thread(target=slow)
    thread.start()
    started.wait()
    time.sleep(0.3)
    t0 = time.monotonic()
    with pytest.raises(RenderBusy):
        worker.render_in_child(PAGE.format("mine"), ())
    assert time.monotonic() - t0 < 2
    thread.join()
    assert worker.render_in_child(PAGE.format("after"), ()).startswith(b"%PDF")


def test_an_overrunning_render_stops_only_itself(monkeypatch):
    service = RenderService(lanes=2, queue=0, wait=1)
    monkeypatch.setattr(worker, "_service", service)
    try:
        with ThreadPoolExecutor(2) as pool:
            slow = pool.submit(worker.render_in_child, SLOW, (), 1.0)
            time.sleep(0.2)
            quick = pool.submit(worker.render_in_child, PAGE.format("other person's guide"), (), 20)
            assert quick.result().startswith(b"%PDF")
            with pytest.raises(RenderFailed):
                slow.result()
    finally:
        service.close()


def test_the_time_limit_counts_rendering_not_waiting(monkeypatch):
    service = RenderService(lanes=1, queue=1, wait=10)
    monkeypatch.setattr(worker, "_service", service)
    try:
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(worker.render_in_child, PAGE.format("one " * 20_000), (), 20)
            time.sleep(0.1)
            # Waits behind the first for longer than its own 4 s limit would allow if waiting counted.
            second = pool.submit(worker.render_in_child, PAGE.format("two"), (), 4)
            assert first.result().startswith(b"%PDF") and second.result().startswith(b"%PDF")
    finally:
        service.close()


def test_a_new_server_process_warms_one_lane_and_the_next_render_uses_it():
    service = RenderService(lanes=2, queue=0, wait=1)
    try:
        service.warm()
        warmed = [lane for lane in service.free if lane.pool is not None]
        assert len(warmed) == 1  # one child started, not one per lane
        child = next(iter(warmed[0].pool._processes.values()))
        assert child.is_alive()
        assert service._render(PAGE.format("first download"), (), 20).startswith(b"%PDF")
        assert [lane for lane in service.free if lane.pool is not None] == warmed  # no new child
    finally:
        service.close()


def test_identical_requests_share_one_render():
    service = RenderService(lanes=1, queue=4, wait=5)
    calls = []

    def make():
        calls.append(1)
        time.sleep(0.3)
        return b"%PDF-shared"

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: service.shared("same-key", make), range(4)))
    assert results == [b"%PDF-shared"] * 4 and len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_pdf_requests_gets_pdfs_or_the_busy_page_and_others_still_print(client, small_service):
    guide = make_guide()
    url = reverse("guides:share_pdf", args=[guide.view_token])

    def fetch_in_own_client(i):  # six people at once, each asking for a different printout
        try:
            return Client().get(url + f"?section=cover&section={['about', 'diary', 'wallet', 'glossary'][i % 4]}")
        finally:
            connection.close()  # the test client keeps each thread's connection open; the test database must drop

    with ThreadPoolExecutor(6) as pool:
        responses = list(pool.map(fetch_in_own_client, range(6)))
    for response in responses:
        if response.status_code == 200:
            assert response.content.startswith(b"%PDF")
        else:
            assert response.status_code == 503 and response["Retry-After"] == "5"
            assert b"Many guides are printing right now" in response.content
            assert b'http-equiv="refresh"' in response.content
    assert any(r.status_code == 200 for r in responses)
    other = make_guide(cancer="bladder", therapies=("bcg",))
    response = client.get(reverse("guides:share_pdf", args=[other.view_token]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_a_new_or_edited_guide_is_printed_in_the_background_once_per_burst(
    client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from immunoprep.guides import printout as render
    from immunoprep.guides.models import Guide
    from immunoprep.guides.tasks import preprint_guide

    settings.SITE_URL = "http://testserver"
    client.get("/start/?cancer=melanoma&therapy=checkpoint-pd1")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("guides:review"))
    guide = Guide.objects.get()
    assert len(callbacks) == 1
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"] == [guide.pk, guide.version]
    assert queued.run_after <= timezone.now()  # a new guide prints at once: people print right away
    # An edit before the worker gets to it: the old version's task skips, the new one prints
    # a few seconds later (a burst of edits prints once).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("guides:note", args=[guide.edit_token]), {"note": "Parking?", "version": guide.version})
    guide.refresh_from_db()
    assert DBTaskResult.objects.count() == 2
    edit_task = DBTaskResult.objects.latest("enqueued_at")
    assert edit_task.run_after > timezone.now() + timedelta(seconds=settings.PREPRINT_DELAY - 2)
    assert preprint_guide.call(guide.pk, guide.version - 1) is False
    assert preprint_guide.call(guide.pk, guide.version) is True

    def boom(*args, **kwargs):
        raise AssertionError("rendered during the download")

    monkeypatch.setattr(render, "render_in_child", boom)
    response = client.get(reverse("guides:edit_pdf", args=[guide.edit_token]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")  # instant: already printed


@pytest.mark.django_db
def test_a_pdf_another_process_is_rendering_is_awaited_not_rendered_twice(client, monkeypatch):
    from django.core.cache import cache

    from immunoprep.guides import printout as render

    guide = make_guide()
    url = reverse("guides:share_pdf", args=[guide.view_token])
    real = client.get(url).content
    key = cache.get(f"guide-pdf-keys:{guide.pk}")[0]
    cache.delete(key)
    cache.add(f"rendering:{key}", 1)  # another server has claimed this render

    def elsewhere_finishes(*args, **kwargs):
        raise AssertionError("rendered twice")

    monkeypatch.setattr(render, "render_in_child", elsewhere_finishes)
    threading.Timer(0.5, lambda: cache.set(key, real)).start()  # ... and finishes it
    assert client.get(url).content == real
