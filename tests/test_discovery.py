"""Faceted discovery of needs and experts, on the configured engine (database or Elasticsearch)."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils.html import escape
from wagtail.models import Locale

from needs.models import NeedPage
from pages.models import Language, TerritoryPage, Theme
from search.experts import ExpertDiscovery
from search.needs import NeedDiscovery

from .factories import ExpertProfilePageFactory, NeedPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def publish(page, skills=(), languages=(), themes=()):
    page.skills.add(*skills)
    if languages:
        page.languages.add(*Language.objects.filter(code__in=languages))
    if themes:
        page.themes.add(*Theme.objects.filter(slug__in=themes, locale=Locale.get_default()))
    page.save_revision().publish()
    return page


def commune(code):
    return TerritoryPage.objects.get(hcp_code=code, locale=Locale.get_default())


def theme(slug):
    return Theme.objects.get(slug=slug, locale=Locale.get_default())


@pytest.fixture
def needs(search_backend):
    a = publish(
        NeedPageFactory(
            parent=commune("09.581.01.07"),
            theme=theme("eau-potable"),
            title="Adduction d'eau à Tiznit",
            status="seeking",
            needs_skills=True,
            needs_equipment=True,
            deadline=datetime.date(2030, 1, 1),
        ),
        skills=["hydraulique"],
    )
    b = publish(
        NeedPageFactory(
            parent=commune("09.581.11.09"),
            theme=theme("eau-potable"),
            title="Château d'eau d'Ouijjane",
            status="identified",
            needs_skills=False,
            needs_financing=True,
            deadline=datetime.date(2029, 1, 1),
        ),
        skills=["SIG"],
    )
    c = publish(
        NeedPageFactory(
            parent=commune("09.551.05.09"),
            theme=theme("sante"),
            title="Dispensaire de Tissint",
            status="seeking",
            needs_skills=True,
        ),
        skills=["hydraulique", "médecine"],
    )
    d = publish(
        NeedPageFactory(
            parent=commune("08.401.01.09"),
            theme=theme("tourisme-rural"),
            title="Gîtes de Taznakht",
            status="in_progress",
            needs_investment=True,
            needs_skills=False,
        )
    )
    search_backend.refresh()
    return a, b, c, d


def run(discovery_class, params, path="/besoins/"):
    request = RequestFactory().get(path, params)
    return discovery_class(request).run()


def counts(context, param):
    facet = next((f for f in context["facets"] if f.param == param), None)
    return {option.value: option.count for option in facet.options} if facet else {}


def elasticsearch_requests(monkeypatch):
    """The list that the Elasticsearch client's searches, counts and multi-searches are noted
    in, in order."""
    from elasticsearch import Elasticsearch

    sent = []
    for method in ("search", "count", "msearch"):
        original = getattr(Elasticsearch, method)

        def spy(self, *args, _original=original, _method=method, **kwargs):
            sent.append(_method)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Elasticsearch, method, spy)
    return sent


def titles(context):
    return {page.title for page in context["results"]}


def test_facet_counts_beside_every_option(needs):
    context = run(NeedDiscovery, {})
    assert context["result_count"] == 4, [(p.pk, p.title) for p in context["results"]]
    assert counts(context, "theme") == {"eau-potable": 2, "sante": 1, "tourisme-rural": 1}
    assert counts(context, "region") == {"09": 3, "08": 1}
    assert counts(context, "type") == {"skills": 2, "equipment": 1, "financing": 1, "investment": 1}
    assert counts(context, "status") == {"seeking": 2, "identified": 1, "in_progress": 1}
    assert counts(context, "skill") == {"hydraulique": 2, "sig": 1, "médecine": 1}
    # Province and commune appear once the territory above them is chosen.
    assert counts(context, "province") == {}
    labels = {o.value: o.label for f in context["facets"] if f.param == "region" for o in f.options}
    assert labels == {"09": "Souss-Massa", "08": "Drâa-Tafilalet"}


def test_filters_narrow_results_and_counts(needs):
    context = run(NeedDiscovery, {"theme": "eau-potable"})
    assert titles(context) == {"Adduction d'eau à Tiznit", "Château d'eau d'Ouijjane"}
    assert counts(context, "status") == {"seeking": 1, "identified": 1}
    context = run(NeedDiscovery, {"skill": "hydraulique", "type": "skills"})
    assert titles(context) == {"Adduction d'eau à Tiznit", "Dispensaire de Tissint"}
    context = run(NeedDiscovery, {"region": "09"})
    assert counts(context, "province") == {"09.581": 2, "09.551": 1}
    context = run(NeedDiscovery, {"commune": "09.581.11.09"})
    assert titles(context) == {"Château d'eau d'Ouijjane"}
    assert context["selected"] == {"region": "09", "province": "09.581", "commune": "09.581.11.09"}


def test_text_and_filters_together(needs):
    context = run(NeedDiscovery, {"q": "eau", "status": "seeking"})
    assert titles(context) == {"Adduction d'eau à Tiznit"}


def test_sorting(needs):
    context = run(NeedDiscovery, {"sort": "deadline", "theme": "eau-potable"})
    assert [p.title for p in context["results"]] == ["Château d'eau d'Ouijjane", "Adduction d'eau à Tiznit"]
    context = run(NeedDiscovery, {"sort": "newest"})
    assert context["results"][0].title == "Gîtes de Taznakht"


def test_the_url_holds_the_filters(client, needs):
    html = client.get("/besoins/", {"theme": "eau-potable", "status": "seeking"}).content.decode()
    assert "Adduction d" in html and "Ouijjane" not in html.split('id="results-heading"')[1]
    # Removing a filter is a link that keeps the others.
    assert 'href="/besoins/?status=seeking"' in html


def test_zero_results_say_what_to_loosen(client, needs):
    html = client.get("/besoins/", {"q": "zzyzx", "theme": "sante"}).content.decode()
    assert "Aucun résultat" in html
    assert "élargir" in html
    assert 'href="/besoins/?theme=sante"' in html  # drop the words
    assert 'href="/besoins/?q=zzyzx"' in html  # drop the theme


def test_pages_of_results(search_backend, tiznit):
    # Published at the same instant (as an import would): pages must still not overlap.
    same_time = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    for number in range(25):
        NeedPageFactory(
            parent=tiznit,
            theme=theme("energie"),
            title=f"Lampadaire solaire {number:02d}",
            first_published_at=same_time,
        )
    search_backend.refresh()
    first = run(NeedDiscovery, {"theme": "energie"})
    second = run(NeedDiscovery, {"theme": "energie", "page": "2"})
    assert first["result_count"] == 25
    assert len(first["results"]) == 20 and len(second["results"]) == 5
    assert not {p.pk for p in first["results"]} & {p.pk for p in second["results"]}
    assert first["next_url"] == "/besoins/?theme=energie&page=2"
    beyond = run(NeedDiscovery, {"theme": "energie", "page": "99"})
    assert beyond["results"].number == 1 and beyond["search_messages"]


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "atlantide"},
        {"region": "99"},
        {"province": "<script>"},
        {"commune": "09.581"},
        {"type": "teleportation"},
        {"status": "'; DROP TABLE x; --"},
        {"skill": "x" * 500},
        {"sort": "chaos"},
        {"page": "-1"},
        {"page": "１"},
    ],
)
def test_bad_filter_values_are_ignored_with_a_message(client, needs, params):
    response = client.get("/besoins/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="notice"' in html
    assert "<script>" not in html.split("<main")[1]
    assert "4 résultats" in html


@pytest.mark.parametrize(
    "query",
    ["x" * 10_000, "' OR 1=1 --", "<img src=x onerror=alert(1)>", "ماء", "ⵜⴰⵎⴰⵣⵉⵖⵜ", "💧" * 50, '"(*', "AND NOT"],
)
@pytest.mark.parametrize("path", ["/besoins/", "/experts/", "/recherche/", "/recherche/suggestions/"])
def test_odd_queries_never_break_a_page(client, needs, path, query):
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    assert "onerror=alert" not in response.content.decode().replace("&lt;img", "")


def test_search_respects_the_language(client, search_backend, tiznit):
    arabic = Locale.objects.get(language_code="ar")
    NeedPageFactory(parent=tiznit, theme=theme("eau-potable"), title="Puits du douar")
    NeedPageFactory(parent=tiznit, theme=theme("eau-potable"), title="بئر الدوار", locale=arabic)
    search_backend.refresh()
    arabic_page = client.get("/ar/besoins/", {"q": "بئر"}).content.decode()
    assert "بئر الدوار" in arabic_page and "Puits du douar" not in arabic_page
    french_page = client.get("/besoins/", {"q": "بئر"}).content.decode()
    assert "بئر الدوار" not in french_page


def test_expert_facets(search_backend, directory):
    publish(
        ExpertProfilePageFactory(parent=directory, title="Nadia Amrani", country="FR", offers_remote_advice=True),
        skills=["hydraulique"],
        languages=["fr", "zgh"],
        themes=["eau-potable"],
    )
    publish(
        ExpertProfilePageFactory(parent=directory, title="Karim Bennani", country="BE", offers_on_site_mission=True),
        skills=["hydraulique", "SIG"],
        languages=["fr", "nl"],
        themes=["eau-potable", "numerique"],
    )
    publish(
        ExpertProfilePageFactory(parent=directory, title="Salma Tazi", country="FR", offers_financing=True),
        skills=["finance solidaire"],
        languages=["en"],
        themes=["economie-sociale-solidaire"],
    )
    search_backend.refresh()
    context = run(ExpertDiscovery, {}, path="/experts/")
    assert context["result_count"] == 3
    assert counts(context, "skill") == {"hydraulique": 2, "sig": 1, "finance-solidaire": 1}
    assert counts(context, "theme") == {"eau-potable": 2, "numerique": 1, "economie-sociale-solidaire": 1}
    assert counts(context, "language") == {"fr": 2, "zgh": 1, "nl": 1, "en": 1}
    assert counts(context, "country") == {"FR": 2, "BE": 1}
    assert counts(context, "mode") == {"remote_advice": 1, "on_site_mission": 1, "financing": 1}
    labels = {o.value: o.label for f in context["facets"] if f.param == "country" for o in f.options}
    assert labels["BE"] == "Belgique"
    context = run(ExpertDiscovery, {"language": "fr", "theme": "eau-potable", "country": "BE"}, path="/experts/")
    assert titles(context) == {"Karim Bennani"}
    context = run(ExpertDiscovery, {"q": "Amrani"}, path="/experts/")
    assert titles(context) == {"Nadia Amrani"}


def test_site_search_groups_results_by_type(client, needs, directory, search_backend):
    ExpertProfilePageFactory(parent=directory, title="Expert en eau", headline="Hydraulicien")
    search_backend.refresh()
    html = client.get("/recherche/", {"q": "eau"}).content.decode()
    assert 'id="group-needs"' in html and 'id="group-experts"' in html
    assert html.index('id="group-needs"') < html.index('id="group-experts"')
    assert 'href="/besoins/?q=eau"' in html or "Château" in html
    assert "Expert en eau</a><p>Hydraulicien</p>" in html  # an expert's headline


def test_site_search_shows_each_groups_total_and_its_best_results_from_one_match(
    client, tiznit, search_backend, monkeypatch
):
    """Each group of the site-wide search shows its total and its first five results, best
    first. On PostgreSQL both come from one statement per group (search/backends
    `first_and_count`), where Wagtail asks twice; on Elasticsearch every group's come from one
    multi-search request (`first_and_count_each`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(7):
        NeedPageFactory(parent=tiznit, theme=theme("eau-potable"), title=f"Citerne {number}", summary="Stockage.")
    NeedPageFactory(
        parent=tiznit, theme=theme("eau-potable"), title="Citerne citerne", summary="Citerne, citerne et citerne."
    )
    search_backend.refresh()
    sent = elasticsearch_requests(monkeypatch) if hasattr(search_backend, "es") else []
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/recherche/", {"q": "citerne"}).content.decode()
    group = html.split('id="group-needs"')[1].split("</section>")[0]
    assert '<span class="facet__count">8</span>' in group
    assert group.count("<li>") == 5
    assert "Citerne citerne" in group.split("<li>")[1]  # the best match first
    # Each need says its commune, and its summary follows.
    assert 'Citerne citerne</a> <span class="result-kind">(Tiznit)</span><p>Citerne, citerne et citerne.</p>' in group
    assert "Voir les 8 résultats dans besoins" in group
    if hasattr(search_backend, "es"):
        assert sent == ["msearch"]  # every group at once, no count
    elif connection.vendor == "postgresql":
        # One full-text match per group (six types and the other pages), none for a count. The
        # needs' and the experts' read from the index entries alone, their pages kept, counted
        # and ranked by the process's facet index (search/accelerator/bitmaps.py); each other group's
        # materialised once, its best five and its total read from it.
        matches = [query["sql"] for query in captured if "@@" in query["sql"]]
        assert len(matches) == 7
        from_entries = [sql for sql in matches if "wagtailcore_page" not in sql]
        assert len(from_entries) == 2 and not any("COUNT(*)" in sql for sql in from_entries)
        assert all("AS MATERIALIZED" in sql and "COUNT(*)" in sql for sql in matches if sql not in from_entries)


def test_site_search_tells_territories_of_the_same_name_apart(client, search_backend):
    """Tiznit is a province and its urban commune: each result says which it is."""
    html = client.get("/recherche/", {"q": "tiznit"}).content.decode()
    group = html.split('id="group-territories"')[1].split("</section>")[0]
    assert '/tiznit/">Tiznit</a> <span class="result-kind">(Province)</span>' in group
    assert '/tiznit/tiznit/">Tiznit</a> <span class="result-kind">(Commune urbaine)</span>' in group
    html = client.get("/ar/recherche/", {"q": "تيزنيت"}).content.decode()
    group = html.split('id="group-territories"')[1].split("</section>")[0]
    assert '/ar/territoires/souss-massa/tiznit/">تيزنيت</a> <span class="result-kind">(الإقليم)</span>' in group
    assert '/tiznit/tiznit/">تيزنيت</a> <span class="result-kind">(جماعة حضرية)</span>' in group


def test_a_search_of_a_multi_search_that_elasticsearch_rejects_raises_as_alone(needs, search_backend):
    """A search that Elasticsearch answers with an error inside a multi-search is asked again
    alone, and raises what it raises alone: the site search's callers tell an engine outage
    from a rejected query by that error's status."""
    if not hasattr(search_backend, "es"):
        pytest.skip("Elasticsearch only")
    from elasticsearch.exceptions import NotFoundError

    from search.backends import first_and_count, first_and_count_each

    found = NeedPage.objects.live().search("eau")
    missing = NeedPage.objects.live().search("eau")
    missing.backend.index_prefix = "cds_no_such_index_"
    (first, count), *_ = first_and_count_each([found], 5)
    assert count >= 2 and [page.pk for page in first] == [page.pk for page in first_and_count(found, 5)[0]]
    with pytest.raises(NotFoundError):
        first_and_count_each([found, missing], 5)


def test_site_search_results_follow_the_content_and_never_keep_an_outage(
    client, settings, engine_down, needs, tiznit, search_backend
):
    """The rendered results of a site search are cached until the content changes."""
    assert "Réservoir de Tafraout" not in client.get("/recherche/", {"q": "eau"}).content.decode()
    NeedPageFactory(
        parent=tiznit, theme=theme("eau-potable"), title="Réservoir de Tafraout", summary="Eau potable.", live=False
    ).save_revision().publish()
    search_backend.refresh()
    html = client.get("/recherche/", {"q": "eau"}).content.decode()
    assert "Réservoir de Tafraout" in html and "&lt;" not in html.split('id="group-needs"')[1][:2000]
    backends = settings.WAGTAILSEARCH_BACKENDS
    engine_down()
    assert "Réservoir de Tafraout" in client.get("/recherche/", {"q": "eau"}).content.decode()  # cached
    assert "momentanément indisponible" in client.get("/recherche/", {"q": "puits"}).content.decode()
    settings.WAGTAILSEARCH_BACKENDS = backends
    assert "momentanément indisponible" not in client.get("/recherche/", {"q": "puits"}).content.decode()


def test_suggestions_offer_titles_and_skills(client, needs):
    data = client.get("/recherche/suggestions/", {"q": "Tissi"}).json()
    assert "Tissint" in data["suggestions"]
    assert "Dispensaire de Tissint" in data["suggestions"]
    data = client.get("/recherche/suggestions/", {"q": "hydrau"}).json()
    assert "hydraulique" in data["suggestions"]
    assert client.get("/recherche/suggestions/", {"q": "a"}).json()["suggestions"] == []


def test_unreachable_engine_keeps_the_needs_page_up(client, engine_down, needs, caplog):
    engine_down()
    for path in ("/besoins/", "/experts/"):
        response = client.get(path, {"q": "eau"})
        assert response.status_code == 503  # never kept as a page of results
        assert response["Retry-After"]
        assert "momentanément indisponible" in response.content.decode()
    assert "Search engine unreachable" in caplog.text


def test_cached_counts_follow_publication(needs, search_backend, tiznit):
    assert counts(run(NeedDiscovery, {}), "theme")["eau-potable"] == 2
    new = NeedPageFactory(parent=tiznit, theme=theme("eau-potable"), title="Nouvelle adduction", live=False)
    new.save_revision().publish()
    search_backend.refresh()
    assert counts(run(NeedDiscovery, {}), "theme")["eau-potable"] == 3
    new.refresh_from_db()
    new.unpublish()
    search_backend.refresh()
    assert counts(run(NeedDiscovery, {}), "theme")["eau-potable"] == 2
    needs[0].delete()
    search_backend.refresh()
    assert counts(run(NeedDiscovery, {}), "theme")["eau-potable"] == 1


def test_engine_answering_503_keeps_the_page_up(client, settings, needs, caplog):
    """An Elasticsearch cluster that answers "unavailable" (a real HTTP server here)."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Unavailable(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(503)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"error": "unavailable", "status": 503}')

        do_POST = do_HEAD = do_GET

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Unavailable)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": "search.backends.elasticsearch7",
                "URLS": [f"http://127.0.0.1:{server.server_port}"],
                "INDEX_PREFIX": "unavailable_",
                "TIMEOUT": 2,
            }
        }
        response = client.get("/besoins/", {"q": "eau"})
        assert response.status_code == 503
        assert "momentanément indisponible" in response.content.decode()
    finally:
        server.shutdown()


def test_the_cached_result_list_follows_the_content(client, needs, search_backend, tiznit):
    """The rendered list of results is cached until the content changes (issue #9): a new
    sheet, a renamed one and an unpublished one show at once, with the links of the sort asked."""
    ADDUCTION, RESEAU, RENAMED = (
        escape(title)
        for title in ("Adduction d'eau à Tiznit", "Réseau d'eau de Tafraout", "Adduction d'eau potable à Tiznit")
    )
    assert ADDUCTION in client.get("/besoins/").content.decode()
    assert ADDUCTION in client.get("/besoins/", {"q": "eau"}).content.decode()
    new = NeedPageFactory(parent=tiznit, theme=theme("eau-potable"), title="Réseau d'eau de Tafraout", live=False)
    new.save_revision().publish()
    search_backend.refresh()
    assert RESEAU in client.get("/besoins/").content.decode()
    assert RESEAU in client.get("/besoins/", {"q": "eau"}).content.decode()
    needs[0].title = "Adduction d'eau potable à Tiznit"
    needs[0].save_revision().publish()
    search_backend.refresh()
    client.get("/besoins/")
    html = client.get("/besoins/").content.decode()  # the list from the cache, not escaped again
    assert RENAMED in html and ADDUCTION not in html and "&lt;div" not in html
    new.refresh_from_db()
    new.unpublish()
    search_backend.refresh()
    assert RESEAU not in client.get("/besoins/").content.decode()
    # The links of the cached list keep the sort the URL chose, and only then.
    assert "sort=deadline" in client.get("/besoins/", {"sort": "deadline", "theme": "eau-potable"}).content.decode()
    assert "sort=deadline" not in client.get("/besoins/", {"theme": "eau-potable"}).content.decode()


def test_an_outage_after_the_counts_were_cached_keeps_the_page_up(client, engine_down, needs, caplog):
    """The total is in the cache but not the rendered list: the results are read in the view,
    where an unreachable engine is caught, never while the template renders."""
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    assert client.get("/besoins/", {"q": "eau"}).status_code == 200  # caches count, facets, list
    discovery = NeedDiscovery(RequestFactory().get("/besoins/", {"q": "eau"}))
    discovery.read_params()
    cache.delete(make_template_fragment_key("result-list", [discovery.cache_key("result-list", "relevance", 1, 20)]))
    engine_down()
    response = client.get("/besoins/", {"q": "eau"})
    assert response.status_code == 503
    assert "momentanément indisponible" in response.content.decode()
    assert "Search engine unreachable" in caplog.text


@pytest.mark.parametrize("words", ["eau dispensaire", None], ids=["words", "no-words"])
def test_every_facet_counted_at_once_with_the_same_counts(needs, search_backend, words):
    """search/backends: the total, the fields' values and the flags of one search in one
    request (Elasticsearch) or one statement (PostgreSQL), equal to what Wagtail's `.facet()`
    (a request or a query per field) and `.count()` say."""
    from wagtail.search.query import MATCH_ALL

    seeking = NeedPage.objects.live().filter(status="seeking")
    query = words or MATCH_ALL
    results = seeking.search(query, operator="or")
    if not hasattr(results, "facet_counts"):
        pytest.skip("SQLite counts with .facet(); facet_counts() is Elasticsearch's and PostgreSQL's")
    fields = ["theme_id", "region_code", "status", "skills__slug"]
    flags = ["needs_skills", "needs_equipment", "needs_financing", "needs_investment"]
    total, by_field, by_flag = results.facet_counts(fields=fields, flags=flags)
    assert total == results.count() == 2
    assert by_field == {name: results.facet(name) for name in fields}
    assert by_field["skills__slug"] == {"hydraulique": 2, "médecine": 1}
    assert by_flag == {name: seeking.filter(**{name: True}).search(query, operator="or").count() for name in flags}
    assert by_flag == {"needs_skills": 2, "needs_equipment": 1, "needs_financing": 0, "needs_investment": 0}


def test_facet_counts_across_a_relation_leave_out_rows_without_a_value(needs, search_backend):
    """A need with no skill: `.facet("skills__slug")` counts it under None (Elasticsearch under
    "0"), which no facet shows; PostgreSQL's facet_counts() reads the link table and leaves it
    out. Every value is counted as `.facet()` counts it, the rows' own fields' None included."""
    from wagtail.search.query import MATCH_ALL

    results = NeedPage.objects.live().search(MATCH_ALL)
    if not hasattr(results, "facet_counts"):
        pytest.skip("SQLite counts with .facet(); facet_counts() is Elasticsearch's and PostgreSQL's")
    total, by_field, _flags = results.facet_counts(fields=["skills__slug", "status"], flags=[])
    assert total == 4
    assert by_field["status"] == results.facet("status")
    missing = (None, 0, "0")  # how each engine's `.facet()` reports "no value"
    expected = {value: count for value, count in results.facet("skills__slug").items() if value not in missing}
    assert expected == {"hydraulique": 2, "sig": 1, "médecine": 1}
    skills = {value: count for value, count in by_field["skills__slug"].items() if value not in missing}
    assert skills == expected
    # A relation's values alone: nothing of the rows' own to carry along.
    assert results.facet_counts(fields=["skills__slug"], flags=[]) == (
        4,
        {"skills__slug": by_field["skills__slug"]},
        {},
    )


@pytest.mark.parametrize("params", [{"q": "eau", "region": "09"}, {"theme": "eau-potable", "sort": "deadline"}])
def test_a_first_search_asks_elasticsearch_once(needs, search_backend, monkeypatch, params):
    """A search nobody has made since the content changed: one request for the total, every
    facet and the first page of results, whatever the number of facets; page 2 asks again."""
    if not hasattr(search_backend, "es"):
        pytest.skip("Elasticsearch only")
    sent = elasticsearch_requests(monkeypatch)
    context = run(NeedDiscovery, params)
    assert context["result_count"] == 2 and len(context["facets"]) >= 5
    assert titles(context) == {"Adduction d'eau à Tiznit", "Château d'eau d'Ouijjane"}
    assert sent == ["search"]
    if "sort" in params:
        assert [page.title for page in context["results"]] == ["Château d'eau d'Ouijjane", "Adduction d'eau à Tiznit"]
    sent.clear()
    run(NeedDiscovery, {**params, "page": "2", "sort": "newest"})  # beyond the last page: page 1, asked for
    assert sent == ["search", "search"]


def test_a_first_search_matches_the_words_once_on_postgresql(needs, search_backend):
    """On PostgreSQL, a search nobody has made since the content changed runs the full-text
    match once: one statement for the total, every facet and the first page of results."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql" or hasattr(search_backend, "es"):
        pytest.skip("PostgreSQL full text only")
    with CaptureQueriesContext(connection) as captured:
        context = run(NeedDiscovery, {"q": "eau", "region": "09"})
    assert context["result_count"] == 2 and len(context["facets"]) >= 5
    assert titles(context) == {"Adduction d'eau à Tiznit", "Château d'eau d'Ouijjane"}
    assert len([query for query in captured if "@@" in query["sql"]]) == 1


def test_postgresql_parses_the_words_of_a_search_once_when_it_plans_it(needs, search_backend, settings):
    """The words' text search configuration is named in the statement, the one the index
    entries were built with (the server's default, or SEARCH_CONFIG): PostgreSQL parses them
    into a constant when it plans the statement, not again for each matching row's rank."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql" or hasattr(search_backend, "es"):
        pytest.skip("PostgreSQL full text only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW default_text_search_config")
        (default,) = cursor.fetchone()
    with CaptureQueriesContext(connection) as captured:
        context = run(NeedDiscovery, {"q": "eau"})
    assert titles(context) >= {"Adduction d'eau à Tiznit", "Château d'eau d'Ouijjane"}
    (statement,) = [query["sql"] for query in captured if "@@" in query["sql"]]
    assert statement.count("to_tsquery(") == statement.count(f"to_tsquery('{default}'::regconfig, ") == 3
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {statement}")
        plan = "\n".join(row for (row,) in cursor.fetchall())
    assert "to_tsquery" not in plan and "@@ '''eau'''::tsquery" in plan

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database", "SEARCH_CONFIG": "simple"}}
    with CaptureQueriesContext(connection) as captured:
        run(NeedDiscovery, {"q": "eau", "region": "09"})
    (statement,) = [query["sql"] for query in captured if "@@" in query["sql"]]
    assert statement.count("to_tsquery('simple'::regconfig, ") == 3


@pytest.mark.parametrize("size", [1, 3, 20])
def test_the_first_results_given_with_the_counts_are_the_engines_own(search_backend, directory, size):
    """`facet_counts_and_first()`: the first results, in the order the engine's own search
    gives them (rank, ties by key), whatever their number; None where it has no order to give."""
    from wagtail.search.query import MATCH_ALL

    from experts.models import ExpertProfilePage

    for number, (title, headline, bio) in enumerate(
        [
            ("Irrigation Ahmed", "Ingénieur", "Irrigation goutte à goutte, irrigation gravitaire."),
            ("Samira Alaoui", "Irrigation", "Hydraulique."),
            ("Youssef Tazi", "Agronome", "Irrigation."),
            ("Nadia Idrissi", "Agronome", "Irrigation."),  # the same rank as the one before
            ("Omar Berrada", "Hydraulicien", "Barrages et irrigation des oasis."),
            ("Leila Chraibi", "Médecin", "Santé rurale."),
        ]
    ):
        publish(ExpertProfilePageFactory(parent=directory, title=title, headline=headline, bio=bio, slug=f"e{number}"))
    search_backend.refresh()
    results = ExpertProfilePage.objects.live().search("irrigation")
    if not hasattr(results, "facet_counts_and_first"):
        pytest.skip("SQLite counts with .facet(); facet_counts() is Elasticsearch's and PostgreSQL's")
    total, by_field, _flags, first = results.facet_counts_and_first(fields=["country"], flags=[], size=size)
    assert total == 5 and by_field == {"country": results.facet("country")}
    assert first == list(results[:size])
    ranked = [page.pk for page in results[:5]]
    assert ranked != sorted(ranked, reverse=True)  # ranked by relevance, not by key alone
    assert results.facet_counts_and_first(fields=["country"], flags=[], size=0)[3] is None
    # In the queryset's own order: filters alone, or words in another order than relevance.
    for ordering in [("title", "id"), ("-first_published_at", "-id"), ("-title",)]:
        queryset = ExpertProfilePage.objects.live().order_by(*ordering)
        for unranked in (
            queryset.search(MATCH_ALL, order_by_relevance=False),
            queryset.search("irrigation", order_by_relevance=False),
        ):
            first = unranked.facet_counts_and_first(fields=["country"], flags=[], size=size)[3]
            assert first == list(unranked[:size]), ordering
    # No words and no order: nothing to give first.
    unordered = ExpertProfilePage.objects.live().order_by().search(MATCH_ALL, order_by_relevance=False)
    if not hasattr(search_backend, "es"):
        assert unordered.facet_counts_and_first(fields=[], flags=[], size=size)[3] is None


@pytest.mark.parametrize("sort", ["deadline", "newest"])
def test_a_first_search_by_filters_alone_on_postgresql_counts_from_the_kept_index(needs, search_backend, sort):
    """Filters alone, sorted by a column (the deadline, with sheets that have none, or the
    date): on PostgreSQL the counts and the total come from the facet index the process keeps
    (search/accelerator/bitmaps.py), no statement counts them; the first page of results is one query of its
    own, in its order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql" or hasattr(search_backend, "es"):
        pytest.skip("PostgreSQL only")
    NeedPage.objects.filter(title="Château d'eau d'Ouijjane").update(deadline=None)
    order = {"deadline": ("deadline", "id"), "newest": ("-first_published_at", "-id")}[sort]
    expected = list(
        NeedPage.objects.live().filter(theme__slug="eau-potable").order_by(*order).values_list("title", flat=True)
    )
    with CaptureQueriesContext(connection) as captured:
        context = run(NeedDiscovery, {"sort": sort, "theme": "eau-potable"})
    listed = [query["sql"] for query in captured if "LIMIT" in query["sql"] and '"needs_needpage"' in query["sql"]]
    assert [page.title for page in context["results"]] == expected
    assert context["result_count"] == 2
    assert len(expected) == 2 and len(listed) == 1
    assert not any("cds_matching" in query["sql"] or "COUNT(" in query["sql"] for query in captured)


def test_site_search_reads_other_pages_summaries_in_bulk(client, home, search_backend):
    """« Autres pages »: the summaries are on the specific pages, read in one query per page
    type, not one per result."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pages.models import StandardPage

    def queries_with(number):
        pages = []
        for n in range(number):
            page = StandardPage(title=f"Puits collectif {n}", slug=f"puits-{n}", listing_summary=f"Résumé du puits {n}")
            home.add_child(instance=page)
            pages.append(page)
        search_backend.refresh()
        cache.clear()
        try:
            with CaptureQueriesContext(connection) as captured:
                html = client.get("/recherche/", {"q": "puits"}).content.decode()
        finally:
            for page in pages:
                page.delete()  # also out of Elasticsearch's index, which outlives the test
            search_backend.refresh()
        assert all(f"Résumé du puits {n}" in html for n in range(number)), html
        return len(captured)

    queries_with(1)  # the facet index of the process (search/accelerator/bitmaps.py) read once

    assert queries_with(4) == queries_with(1)


def test_site_search_other_pages_are_the_pages_of_no_group(client, home, tiznit, search_backend):
    """« Autres pages » holds the pages of every type that has no group of its own (a standard
    page, an index page), and none of a grouped type."""
    from pages.models import StandardPage

    page = StandardPage(title="Citerne partagée", slug="citerne-partagee", listing_summary="Une page libre.")
    home.add_child(instance=page)
    NeedPageFactory(parent=tiznit, theme=theme("eau-potable"), title="Citerne de Tiznit", summary="Stockage.")
    search_backend.refresh()
    try:
        html = client.get("/recherche/", {"q": "citerne"}).content.decode()
    finally:
        page.delete()  # also out of Elasticsearch's index, which outlives the test
        search_backend.refresh()
    others = html.split('id="group-pages"')[1].split("</section>")[0]
    assert '<span class="facet__count">1</span>' in others and "Citerne partagée" in others
    assert "Citerne de Tiznit" not in others
    assert "Citerne de Tiznit" in html.split('id="group-needs"')[1].split("</section>")[0]


def test_expert_cards_name_the_country_in_the_visitors_language(client, search_backend, directory):
    publish(ExpertProfilePageFactory(parent=directory, title="Karim Bennani", country="BE"))
    search_backend.refresh()
    assert "Belgique" in client.get("/experts/").content.decode()
    arabic = client.get("/ar/experts/").content.decode()
    assert "بلجيكا" in arabic and "Belgique" not in arabic
