"""`make bench`: speed of the knowledge base (and, as it grows, the PDF). Prints figures; the
targets are goals to watch, not pass/fail tests."""

import itertools
import statistics
import time

from immunoprep.knowledge import Profile, load, suggest


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bench_knowledge():
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


if __name__ == "__main__":
    bench_knowledge()
