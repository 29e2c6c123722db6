"""gunicorn's settings for the site: `gunicorn -c cds/gunicorn.conf.py cds.wsgi`.

Options given on the command line or in GUNICORN_CMD_ARGS (bind, workers) still apply."""

import gc


def post_worker_init(worker):
    """Each worker reads the facet indexes of the searches (search/accelerator) before it takes
    a request: on PostgreSQL, about 2 s at 100,000 profiles, which no visitor waits for.

    Then what it has loaded so far (Django, Wagtail, the site's code, those indexes: some
    230,000 objects, kept as long as the worker lives) is set aside from Python's garbage
    collector (`gc.freeze()`): otherwise every full collection walks through them all again,
    about 120 ms on our machines, added to whichever request it falls in. A worker collects
    the objects its requests make as before."""
    from search import accelerator  # in the worker, once Django is set up

    accelerator.warm()
    gc.freeze()
