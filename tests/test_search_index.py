"""The search index follows the content, on whichever engine is configured: SQLite FTS5,
PostgreSQL full text, or a real Elasticsearch (ELASTICSEARCH_URL, see .ci/run)."""

import pytest
from django.conf import settings

from needs.models import NeedPage

from .factories import NeedPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def found(query):
    return set(NeedPage.objects.live().search(query).results())


def test_engine_is_the_configured_one(search_backend):
    expected = "elasticsearch" if settings.ELASTICSEARCH_URL else "database"
    assert expected in type(search_backend).__module__


def test_publishing_makes_a_need_findable(search_backend, tiznit, theme):
    need = NeedPageFactory(parent=tiznit, theme=theme, title="Khettara de Tagadirt", summary="Réhabiliter la khettara.")
    need.skills.add("hydrogéologie")
    need.save_revision().publish()
    search_backend.refresh()
    assert need in found("khettara")
    assert need in found("hydrogéologie")


def test_editing_updates_the_results(search_backend, need):
    need.title = "Station de dessalement"
    need.save_revision().publish()
    search_backend.refresh()
    assert need in found("dessalement")


def test_unpublishing_and_deleting_remove_a_need(search_backend, tiznit, theme):
    need = NeedPageFactory(parent=tiznit, theme=theme, title="Abattoir communal")
    other = NeedPageFactory(parent=tiznit, theme=theme, title="Abattoir intercommunal")
    search_backend.refresh()
    assert {need, other} <= found("abattoir")
    need.unpublish()
    other_pk = other.pk
    other.delete()
    search_backend.refresh()
    results = found("abattoir")
    assert need not in results
    assert other_pk not in {page.pk for page in results}


def test_site_search_page_finds_published_needs(client, search_backend, tiznit, theme):
    NeedPageFactory(parent=tiznit, theme=theme, title="Moulin à huile d'argan et hydrogéologie")
    search_backend.refresh()
    # French elision: "argan" finds "d'argan".
    for query in ("argan", "Moulin"):
        html = client.get("/recherche/", {"q": query}).content.decode()
        assert "Moulin à huile d" in html, query


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "'; DROP TABLE wagtailcore_page; --",
        "<script>alert('cds')</script>",
        "ماء صالح للشرب",
        "ⴰⵎⴰⵏ",
        "💧🌍",
        '"unbalanced (quote',
        "AND OR NOT",
    ],
)
def test_odd_queries_get_a_normal_page(client, search_backend, query):
    response = client.get("/recherche/", {"q": query, "page": "abc"})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_unreachable_elasticsearch_gives_a_clear_message(client, engine_down, caplog):
    engine_down()
    response = client.get("/recherche/", {"q": "eau"})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "momentanément indisponible" in response.content.decode()
    assert "Search engine unreachable" in caplog.text


def test_every_page_type_indexes_without_error(search_backend, need, expert, story, home, tiznit, caplog):
    """The index swallows and logs what it cannot store (a value it cannot serialise...):
    every page type must index cleanly, with its relations."""
    from wagtail.search import index

    from pages.models import Language

    need.skills.add("irrigation")
    need.languages.add(Language.objects.get(code="ar"))
    need.save_revision().publish()
    expert.skills.add("irrigation")
    expert.country = "BE"
    expert.save_revision().publish()
    caplog.clear()
    for page in (need, expert, story, home, tiznit, tiznit.get_parent().specific):
        index.insert_or_update_object(page)
    errors = [record.getMessage()[:200] for record in caplog.records if record.levelname in ("ERROR", "CRITICAL")]
    assert not errors


def test_update_index_reports_an_unreachable_engine_clearly(settings, engine_down):
    import io

    from django.core.management import CommandError, call_command

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    engine_down()
    with pytest.raises(CommandError, match="cannot be reached"):
        call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or bool(settings.ELASTICSEARCH_URL),
    reason="PostgreSQL full text only",
)
def test_word_searches_can_use_the_title_and_body_index(client, need, search_backend):
    """Wagtail's PostgreSQL search matches `title || body`: the GIN index on that expression
    (search/migrations/0001) must be one the planner can use for the site's own queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/besoins/", {"q": "eau"}).status_code == 200
    expression = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    assert any(expression in query["sql"] for query in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test's table is tiny: force the choice
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE (title || body) @@ plainto_tsquery('eau')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "cds_indexentry_title_body_gin" in plan, plan
