"""`make bench`: speed and memory of the knowledge base and the PDF. Prints figures; the
goals are targets to watch, not pass/fail tests.

Usage: python -m benchmarks [--renders N]
"""

import argparse
import itertools
import os
import statistics
import tempfile
import time
from pathlib import Path


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bench_knowledge():
    from immunoprep.knowledge import Profile, load, suggest

    loads = []
    for _ in range(5):
        start = time.perf_counter()
        kb = load("en")
        loads.append(time.perf_counter() - start)
    print(f"knowledge base load: median {statistics.median(loads) * 1000:.0f} ms (goal < 200 ms)")

    profiles = [
        Profile(cancer=c.slug, therapies=therapies, biomarkers=biomarkers, role=role)
        for c in kb.cancers.values()
        for therapies in [(t,) for t in kb.therapies] + list(itertools.combinations(c.therapies, 2))
        for biomarkers in [(), *((b,) for b in c.biomarkers)]
        for role in kb.roles
    ]
    times = []
    for profile in profiles:
        start = time.perf_counter()
        suggest(kb, profile)
        times.append(time.perf_counter() - start)
    print(
        f"suggest() over {len(profiles)} profiles: p50 {percentile(times, 50) * 1000:.2f} ms, "
        f"p99 {percentile(times, 99) * 1000:.2f} ms (goal p99 < 1 ms)"
    )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_pdf(renders: int):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "immunoprep.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from pypdf import PdfReader

    call_command("migrate", verbosity=0)
    from immunoprep.guides.printout import guide_html
    from immunoprep.knowledge import get_knowledge_base
    from immunoprep.printing import worker
    from immunoprep.printing.options import PrintOptions
    from immunoprep.printing.worker import static_roots
    from tests.factories import make_guide

    kb = get_knowledge_base("en")
    guide = make_guide(cancer="melanoma", therapies=("checkpoint-pd1",))
    share = f"https://example.org/s/{guide.view_token}/"
    five = PrintOptions(sections=frozenset({"cover", "questions", "warnings"}))
    html5 = guide_html(guide, kb, share_url=share, options=five)
    html_full = guide_html(guide, kb, share_url=share, options=PrintOptions())
    roots = static_roots()

    import io

    pages5 = len(PdfReader(io.BytesIO(worker.render_in_child(html5, roots))).pages)
    pages_full = len(PdfReader(io.BytesIO(worker.render_in_child(html_full, roots))).pages)

    def timed(html, n):
        out = []
        for _ in range(n):
            start = time.perf_counter()
            worker.render_in_child(html, roots)
            out.append(time.perf_counter() - start)
        return out

    t5 = timed(html5, 20)
    print(
        f"PDF, {pages5}-page guide (cover, questions, warning signs), warm: p50 {statistics.median(t5) * 1000:.0f} ms, "
        f"p90 {percentile(t5, 90) * 1000:.0f} ms (goal p50 <= 250 ms)"
    )
    tf = timed(html_full, 5)
    print(f"PDF, full {pages_full}-page guide, warm: p50 {statistics.median(tf) * 1000:.0f} ms")

    client = Client(HTTP_HOST="localhost")
    url = f"/g/{guide.edit_token}/guide.pdf"
    client.get(url)
    cached = []
    for _ in range(50):
        start = time.perf_counter()
        response = client.get(url)
        cached.append(time.perf_counter() - start)
    assert response.status_code == 200
    print(f"cached PDF download through Django: p50 {statistics.median(cached) * 1000:.1f} ms (goal <= 5 ms)")

    lane = next(lane for lane in worker.service().free if lane.pool)
    pid = next(iter(lane.pool._processes))
    before = rss_mb(pid)
    for _ in range(renders):
        worker.render_in_child(html5, roots)
    print(
        f"render worker RSS: {before:.0f} MB after warm-up, {rss_mb(pid):.0f} MB after {renders} more renders "
        f"(goal <= 120 MB after 400)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--renders", type=int, default=400, help="renders for the memory figure")
    args = parser.parse_args()
    bench_knowledge()
    bench_pdf(args.renders)
