"""gunicorn's settings for the site: `gunicorn -c cds/gunicorn.conf.py cds.wsgi`.

Options given on the command line or in GUNICORN_CMD_ARGS (bind, workers) still apply."""


def post_worker_init(worker):
    """Each worker reads the facet indexes of the searches (search/bitmaps.py) before it takes
    a request: on PostgreSQL, about 2 s at 100,000 profiles, which no visitor waits for."""
    from search import bitmaps

    bitmaps.warm()
