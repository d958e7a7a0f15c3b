"""gunicorn reads this file from the working directory (the Procfile's web process)."""

import gc

# One request per connection, as behind a proxy: a browser or load balancer that holds its
# connections open would otherwise stay with whichever process accepted it first, and under
# load one process could be serving every reader on one core while the other sat idle
# (20 kept-alive connections split 20:0 halved the share page's throughput).
keepalive = 0


def post_worker_init(worker):
    # Each web process starts one PDF render process right away: the first download after a
    # restart then takes a normal render, not a render plus a second of start-up.
    from immunoprep.knowledge import get_knowledge_base
    from immunoprep.printing.worker import warm_in_background

    warm_in_background()
    # The content (both languages) is loaded once and lives as long as the process. Frozen out
    # of the garbage collector's reach, it is no longer walked in every full collection: a
    # 35 ms pause that held up every request in flight (the share page's p99).
    for lang in ("en", "es"):
        get_knowledge_base(lang)
    gc.collect()
    gc.freeze()
