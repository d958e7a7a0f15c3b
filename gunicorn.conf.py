"""gunicorn reads this file from the working directory (the Procfile's web process)."""


def post_worker_init(worker):
    # Each web process starts one PDF render process right away: the first download after a
    # restart then takes a normal render, not a render plus a second of start-up.
    from immunoprep.printing.worker import warm_in_background

    warm_in_background()
