"""The search accelerator behind one seam (issue #38.1, search/accelerator/README.md): the
faceted pages give the same results and counts with it on or off; with Elasticsearch it is
never loaded; and a change to the shape of the Wagtail table it watches fails here."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.utils import translation

from search import accelerator
from search.experts import ExpertDiscovery
from search.needs import NeedDiscovery

from .factories import ExpertProfilePageFactory, NeedPageFactory
from .test_discovery import publish, theme

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.SEARCH_ACCELERATOR, reason="the accelerator is off (Elasticsearch)"),
]

SEARCHES = [
    {},
    {"theme": "eau-potable"},
    {"q": "hydraulique"},
    {"q": "Tiznit"},
    {"q": "eau", "theme": "eau-potable"},
    {"q": "water"},  # widened by the vocabulary
    {"sort": "newest"},
]


@pytest.fixture
def content(search_backend, tiznit, ouijjane, directory):
    water, health = theme("eau-potable"), theme("sante")
    publish(NeedPageFactory(parent=tiznit, theme=water, title="Adduction d’eau du douar"), ["hydraulique"])
    publish(NeedPageFactory(parent=ouijjane, theme=water, title="Château d’eau"), ["génie civil"])
    publish(NeedPageFactory(parent=tiznit, theme=health, title="Dispensaire rural"), ["médecine"])
    for i, skills in enumerate([["hydraulique"], ["hydraulique", "SIG"], ["médecine"]]):
        publish(
            ExpertProfilePageFactory(parent=directory, title=f"Experte {i}", offers_remote_advice=i % 2 == 0),
            skills,
            ["ar", "fr"],
            ["eau-potable"],
        )
    search_backend.refresh()


def answers(discovery_class, params, language):
    """What a faceted page shows: the total, the results in order, every facet's options."""
    cache.clear()
    accelerator.forget()
    with translation.override(language):
        context = discovery_class(RequestFactory().get("/", params)).run()
    facets = {facet.param: [(o.value, o.count, o.selected) for o in facet.options] for facet in context["facets"]}
    return context["result_count"], [page.pk for page in context["results"]], facets


@pytest.mark.parametrize("discovery_class", [NeedDiscovery, ExpertDiscovery])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_faceted_pages_give_the_same_answers_with_the_accelerator_on_or_off(
    content, discovery_class, language, settings
):
    for params in SEARCHES:
        settings.SEARCH_ACCELERATOR = True
        on = answers(discovery_class, params, language)
        settings.SEARCH_ACCELERATOR = False
        off = answers(discovery_class, params, language)
        assert on == off, (discovery_class.__name__, language, params)
        assert on[0] > 0 or params.get("q") in ("Tiznit",), params
    # On, the unfiltered page's counts come from the kept tallies; off, from the engine.
    settings.SEARCH_ACCELERATOR = True
    assert accelerator.counts(discovery_class.model, content_locale(), None, None) is not None
    settings.SEARCH_ACCELERATOR = False
    assert accelerator.counts(discovery_class.model, content_locale(), None, None) is None
    assert accelerator.search(discovery_class.model, content_locale(), "eau", [], None) is None


def content_locale():
    from wagtail.models import Locale

    return Locale.get_default()


def test_with_elasticsearch_the_accelerator_is_never_loaded():
    """A process configured for Elasticsearch sets the accelerator off and imports none of the
    modules that keep its state, even once the search pages' code is loaded."""
    script = (
        "import django, sys; django.setup(); "
        "import search.views, search.discovery, search.needs, search.experts; "
        "from django.conf import settings; "
        "loaded = [m for m in ('search.accelerator.tallies', 'search.accelerator.bitmaps', "
        "'search.accelerator.signals') if m in sys.modules]; "
        "print(settings.SEARCH_ACCELERATOR, loaded)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "cds.settings.test", "ELASTICSEARCH_URL": "http://127.0.0.1:9", "PATH": ""}
    output = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    ).stdout
    assert output.strip() == "False []"


# The columns of Wagtail's index entries that the accelerator reads (search/accelerator/bitmaps.py
# ranks on title, body and title_norm) and that the trigger of search/migrations/0004 logs
# (content_type_id, object_id): the whole table as Wagtail 8.0 / modelsearch 1.3 define it.
WATCHED_TABLE = "wagtailsearch_indexentry"
WATCHED_COLUMNS = {
    "id": "integer",
    "content_type_id": "integer",
    "object_id": "character varying",
    "title_norm": "double precision",
    "autocomplete": "tsvector",
    "title": "tsvector",
    "body": "tsvector",
    "title_text": "text",
    "body_text": "text",
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the watched table's trigger is PostgreSQL's")
def test_the_wagtail_table_the_accelerator_watches_keeps_its_shape():
    """A Wagtail or modelsearch upgrade that changes this table could silently stale the kept
    rankings: this fails first. Read search/accelerator/README.md, then update the columns."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s",
            [WATCHED_TABLE],
        )
        columns = dict(cursor.fetchall())
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal ORDER BY tgname",
            [WATCHED_TABLE],
        )
        triggers = [row[0] for row in cursor.fetchall()]
    assert columns == WATCHED_COLUMNS
    assert triggers == ["cds_search_entry_delete", "cds_search_entry_insert", "cds_search_entry_update"]
