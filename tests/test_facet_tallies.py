"""The facet counts of the unfiltered needs page and expert directory are kept as pages change
(search/accelerator/tallies.py), and always equal what the search engine counts."""

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction
from wagtail.search import index

from core.restrictions import public
from experts.models import ExpertProfilePage
from needs import maturation
from needs.models import NeedPage
from pages.models import Theme
from search.accelerator import tallies
from search.experts import ExpertDiscovery
from search.models import FacetTallyBuilt
from search.needs import NeedDiscovery

from .factories import ExpertProfilePageFactory, NeedPageFactory
from .test_discovery import elasticsearch_requests, publish, theme

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.search,
    pytest.mark.skipif(not settings.SEARCH_ACCELERATOR, reason="the accelerator is off (Elasticsearch)"),
]

LANGUAGES = ["fr", "ar", "en"]


def facet_counts(discovery_class, language, kept):
    """(total, {param: {value: count}}) of the unfiltered search page in `language`: from the
    tallies (`kept`), or from the search engine."""
    cache.clear()
    with translation.override(language):
        request = RequestFactory().get("/")
        model = discovery_class.model
        discovery = discovery_class(request, None if kept else public(model.objects.live()))
        discovery.read_params()
        results = discovery.search(discovery.filtered_queryset())
        by_param = discovery.count_facets(results, discovery.facets)
        counted = tallies.counts(model, discovery.locale) if kept else None
        total = counted[0] if counted else results.count()
    return total, {param: values for param, values in by_param.items() if values}


def assert_kept_counts_are_right(search_backend, *discovery_classes):
    search_backend.refresh()
    for discovery_class in discovery_classes:
        for language in LANGUAGES:
            with translation.override(language):
                everything = tallies.counts(discovery_class.model, Locale.get_active())
                assert everything is not None
                # Some fields and flags only (a page's shown facets): the same counts of those.
                total, by_field, by_flag = everything
                some_field, some_flag = next(iter(by_field)), next(iter(by_flag))
                assert tallies.counts(discovery_class.model, Locale.get_active(), [some_field], [some_flag]) == (
                    total,
                    {some_field: by_field[some_field]},
                    {some_flag: by_flag[some_flag]},
                )
            kept = facet_counts(discovery_class, language, kept=True)
            assert kept == facet_counts(discovery_class, language, kept=False), (discovery_class.__name__, language)
            assert_kept_searches_are_right(discovery_class, language)


def engine_and_kept(discovery_class, language, params):
    """What the search engine answers for a search of every published page (its facet counts,
    total and first page, in order), and what the facet index the process keeps answers
    (search/accelerator/bitmaps.py; None where it answers nothing: not PostgreSQL)."""
    cache.clear()
    with translation.override(language):
        request = RequestFactory().get("/", params)
        model = discovery_class.model
        engine = discovery_class(request, public(model.objects.live()))
        engine.read_params()
        results = engine.search(engine.filtered_queryset())
        fields = [facet.field for facet in engine.facets if facet.field]
        flags = [name for facet in engine.facets for name in facet.flag_fields]

        def read(by_field, by_flag):
            return {facet.param: facet.read_counts(by_field, by_flag) for facet in engine.facets}

        first = [page.pk for page in results[:20]] if engine.query else None
        answered = (results.count(), read(*results.facet_counts(fields, flags)[1:]), first)
        kept_discovery = discovery_class(request)
        kept_discovery.read_params()
        kept = kept_discovery.kept_search()
        if kept is None:
            return answered, None
        total, by_field, by_flag = kept.counts(fields, flags)
        first = [page.pk for page in kept[:20]] if engine.query else None
        return answered, (total, read(by_field, by_flag), first)


def widened(words, language):
    from wagtail.models import Locale

    from search.query import expand

    return bool(expand(words, Locale.objects.get(language_code=language)).others)


def assert_kept_searches_are_right(discovery_class, language):
    """Searches by words, by each facet's most common value, and both: the kept index gives the
    engine's counts, total and first page of results (in order of relevance)."""
    from wagtail.search.backends import get_search_backend

    if not getattr(get_search_backend(), "keeps_facets", False):
        return  # the kept index answers on PostgreSQL's full text only (not SQLite, not Elasticsearch)
    model = discovery_class.model
    titles = list(model.objects.live().values_list("title", flat=True)[:2])
    words = ["hydraulique", "eau", *(title.split()[0] for title in titles)]
    (_total, unfiltered, _first), _kept = engine_and_kept(discovery_class, language, {})
    filters = [{param: max(counts, key=counts.get)} for param, counts in unfiltered.items() if counts]
    for params in [{"q": word} for word in words] + filters + [{"q": words[0], **f} for f in filters]:
        if "commune" in params:
            continue  # shown once a province is chosen
        answered, kept = engine_and_kept(discovery_class, language, params)
        if kept is None and widened(params.get("q", ""), language):
            continue  # the vocabulary widened the words (search/query.py): the engine answers
        assert kept is not None, "the kept index answers on PostgreSQL"
        assert kept == answered, (discovery_class.__name__, language, params)


def test_kept_counts_of_the_directory_follow_every_change(search_backend, directory):
    nadia = publish(
        ExpertProfilePageFactory(parent=directory, title="Nadia Amrani", country="FR", offers_remote_advice=True),
        skills=["hydraulique"],
        languages=["fr", "zgh"],
        themes=["eau-potable"],
    )
    karim = publish(
        ExpertProfilePageFactory(parent=directory, title="Karim Bennani", country="BE", offers_on_site_mission=True),
        skills=["hydraulique", "SIG"],
        languages=["fr", "nl"],
        themes=["eau-potable", "numerique"],
    )
    salma = publish(
        ExpertProfilePageFactory(parent=directory, title="Salma Tazi", country="FR", offers_financing=True),
        skills=["finance solidaire"],
        languages=["en"],
        themes=["economie-sociale-solidaire"],
    )
    assert_kept_counts_are_right(search_backend, ExpertDiscovery)
    _total, counts = facet_counts(ExpertDiscovery, "fr", kept=True)
    assert counts["skill"] == {"hydraulique": 2, "sig": 1, "finance-solidaire": 1}
    assert counts["mode"] == {"remote_advice": 1, "on_site_mission": 1, "financing": 1}

    # Edited and published again: skills, languages, themes, country and a mode change.
    nadia = ExpertProfilePage.objects.get(pk=nadia.pk)
    nadia.skills.set(["SIG", "médecine"])
    nadia.languages.set(nadia.languages.filter(code="fr"))
    nadia.themes.add(theme("sante"))
    nadia.country, nadia.offers_remote_advice, nadia.offers_training = "MA", False, True
    nadia.save_revision().publish()
    assert_kept_counts_are_right(search_backend, ExpertDiscovery)
    assert facet_counts(ExpertDiscovery, "fr", kept=True)[1]["skill"] == {
        "hydraulique": 1,
        "sig": 2,
        "médecine": 1,
        "finance-solidaire": 1,
    }

    # A draft changes nothing until it is published.
    draft = ExpertProfilePage.objects.get(pk=salma.pk)
    draft.skills.set(["hydraulique"])
    draft.country = "ES"
    draft.save_revision()
    assert_kept_counts_are_right(search_backend, ExpertDiscovery)

    # Unpublished, then published again.
    karim.unpublish()
    assert_kept_counts_are_right(search_backend, ExpertDiscovery)
    assert facet_counts(ExpertDiscovery, "fr", kept=True)[0] == 2
    ExpertProfilePage.objects.get(pk=karim.pk).get_latest_revision().publish()
    assert_kept_counts_are_right(search_backend, ExpertDiscovery)

    # Translated into Arabic: Arabic visitors see the translation instead of the French page,
    # and a translation still in draft already hides the French page from them.
    arabic = Locale.objects.get(language_code="ar")
    nadia_ar = ExpertProfilePage.objects.get(pk=nadia.pk).copy_for_translation(arabic)
    nadia_ar.country = "DE"
    nadia_ar.save_revision().publish()
    ExpertProfilePage.objects.get(pk=karim.pk).copy_for_translation(arabic)  # a draft
    assert_kept_counts_are_right(search_backend, ExpertDiscovery)
    assert facet_counts(ExpertDiscovery, "ar", kept=True)[0] == 2
    assert "DE" in facet_counts(ExpertDiscovery, "ar", kept=True)[1]["country"]

    # A theme renamed, a copy kept live, a page deleted.
    numerique = Theme.objects.get(slug="numerique", locale=Locale.get_default())
    numerique.slug = "numerique-et-donnees"
    numerique.save()
    for page in ExpertProfilePage.objects.filter(themes=numerique):  # Elasticsearch's copy of the slug
        index.insert_or_update_object(page)
    ExpertProfilePage.objects.get(pk=karim.pk).copy(update_attrs={"slug": "karim-bennani-2"}, keep_live=True)
    assert_kept_counts_are_right(search_backend, ExpertDiscovery)
    assert facet_counts(ExpertDiscovery, "fr", kept=True)[1]["theme"]["numerique-et-donnees"] == 2
    ExpertProfilePage.objects.get(pk=salma.pk).delete()
    assert_kept_counts_are_right(search_backend, ExpertDiscovery)
    assert facet_counts(ExpertDiscovery, "fr", kept=True)[0] == 3


def test_kept_counts_of_the_needs_follow_every_change(search_backend, tiznit, ouijjane, tiznit_editor):
    water = publish(
        NeedPageFactory(parent=tiznit, theme=theme("eau-potable"), status="seeking", needs_skills=True),
        skills=["hydraulique"],
    )
    publish(
        NeedPageFactory(
            parent=ouijjane, theme=theme("sante"), status="identified", needs_skills=False, needs_financing=True
        ),
        skills=["médecine", "hydraulique"],
    )
    NeedPageFactory(
        parent=tiznit, theme=theme("sante"), status="seeking", needs_skills=False, needs_equipment=True
    )  # live, no revision
    assert_kept_counts_are_right(search_backend, NeedDiscovery)
    _total, counts = facet_counts(NeedDiscovery, "fr", kept=True)
    assert counts["region"] == {"09": 3}
    assert counts["type"] == {"skills": 1, "financing": 1, "equipment": 1}

    water = NeedPage.objects.get(pk=water.pk)
    water.theme, water.status, water.needs_skills, water.needs_equipment = theme("sante"), "in_progress", False, True
    water.skills.clear()
    water.save_revision().publish()
    assert_kept_counts_are_right(search_backend, NeedDiscovery)

    for item in ("problem", "beneficiaries", "pcd_link"):  # a stage moved (a queryset update)
        maturation.fill(water, item, tiznit_editor, answer="ok")
    maturation.advance(water, tiznit_editor, "project_sheet")
    assert_kept_counts_are_right(search_backend, NeedDiscovery)
    assert facet_counts(NeedDiscovery, "fr", kept=True)[1]["maturity"]["project_sheet"] == 1

    ouijjane.delete()  # the commune and every need sheet below it
    assert_kept_counts_are_right(search_backend, NeedDiscovery)
    assert facet_counts(NeedDiscovery, "fr", kept=True)[0] == 2


def test_the_unfiltered_directory_counts_nothing_again(search_backend, directory, monkeypatch):
    """A first view of the unfiltered directory reads the kept counts: no count over every
    profile, no facet request to Elasticsearch — only the page of results."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    publish(ExpertProfilePageFactory(parent=directory, country="FR"), skills=["hydraulique"], languages=["fr"])
    search_backend.refresh()
    cache.clear()
    sent = elasticsearch_requests(monkeypatch) if hasattr(search_backend, "es") else None
    with CaptureQueriesContext(connection) as captured, translation.override("fr"):
        context = ExpertDiscovery(RequestFactory().get("/experts/")).run()
    assert context["result_count"] == 1
    assert {o.value: o.count for f in context["facets"] if f.param == "skill" for o in f.options} == {"hydraulique": 1}
    assert not [query for query in captured if "cds_matching" in query["sql"] or "COUNT(" in query["sql"].upper()]
    if sent is not None:
        assert sent == ["search"]


def test_private_pages_or_unbuilt_tallies_count_as_before(search_backend, directory, client):
    profile = publish(ExpertProfilePageFactory(parent=directory, country="FR"), skills=["hydraulique"])
    search_backend.refresh()
    french = Locale.get_default()
    assert tallies.counts(ExpertProfilePage, french)[0] == 1

    restriction = PageViewRestriction.objects.create(page=profile, restriction_type=PageViewRestriction.LOGIN)
    search_backend.refresh()
    assert tallies.counts(ExpertProfilePage, french) is None
    assert facet_counts(ExpertDiscovery, "fr", kept=True)[1] == {}  # the private profile is not counted
    restriction.delete()

    FacetTallyBuilt.objects.all().delete()  # as after the migration, on a site that had pages
    assert tallies.counts(ExpertProfilePage, french) is None
    page = client.get("/experts/").content.decode()
    assert "hydraulique" in page
    ExpertProfilePage.objects.filter(pk=profile.pk).update(country="BE")  # no signal: not followed
    index.insert_or_update_object(ExpertProfilePage.objects.get(pk=profile.pk))
    call_command("rebuild_facet_tallies", stdout=open("/dev/null", "w"))
    assert_kept_counts_are_right(search_backend, ExpertDiscovery, NeedDiscovery)
    assert facet_counts(ExpertDiscovery, "fr", kept=True)[1]["country"] == {"BE": 1}


def test_the_demo_content_is_counted_and_removed(search_backend):
    """`make run` loads the demo through Wagtail (its pages publish, with their relations),
    and `seed_demo --clear` deletes them: the tallies follow both."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert_kept_counts_are_right(search_backend, NeedDiscovery, ExpertDiscovery)
    assert facet_counts(ExpertDiscovery, "fr", kept=True)[0] >= 60
    call_command("seed_demo", "--clear", stdout=out)
    assert_kept_counts_are_right(search_backend, NeedDiscovery, ExpertDiscovery)
    assert facet_counts(NeedDiscovery, "fr", kept=True)[0] == 0


def test_a_starting_web_process_reads_the_kept_indexes(search_backend, directory):
    """gunicorn's workers read the facet indexes before their first request (cds/gunicorn.conf.py):
    on PostgreSQL the first search then reads no contribution again. What the worker has
    loaded is then set aside from the garbage collector's full collections."""
    import gc
    import runpy

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.accelerator import bitmaps

    publish(ExpertProfilePageFactory(parent=directory, title="Nadia Amrani", country="FR"), skills=["hydraulique"])
    frozen = gc.get_freeze_count()
    try:
        runpy.run_path("cds/gunicorn.conf.py")["post_worker_init"](None)
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()  # the test run's own objects go back to the collector
    if not getattr(search_backend, "keeps_facets", False):
        assert bitmaps.search(ExpertProfilePage, Locale.get_default(), "", [], ExpertProfilePage.objects.all()) is None
        return
    with CaptureQueriesContext(connection) as captured:
        kept = bitmaps.search(ExpertProfilePage, Locale.get_default(), "", [], ExpertProfilePage.objects.all())
    assert not [query for query in captured if "cds_search_facetcontribution" in query["sql"]]  # not read again
    assert kept.count() == 1


def test_a_kept_ranking_follows_the_words_of_every_page(search_backend, directory, monkeypatch):
    """The words of a search keep their matches ranked in the process (search/accelerator/bitmaps.py
    `Rankings`); a page published with the words in its title, another taken out of the
    matches, one deleted: the next search ranks exactly as matching again whole does."""
    from search.accelerator import bitmaps

    if not getattr(search_backend, "keeps_facets", False):
        pytest.skip("rankings are kept on PostgreSQL's full text only")
    profiles = [
        publish(ExpertProfilePageFactory(parent=directory, title=title), skills=skills)
        for title, skills in (
            ("Nadia Amrani", ["hydraulique"]),
            ("Karim Bennani", ["hydraulique", "SIG"]),
            ("Salma Tazi", ["finance solidaire"]),
            ("Omar Idrissi", ["hydraulique"]),
        )
    ]
    kept = bitmaps.rankings(ExpertProfilePage)
    before = list(kept.keys("hydraulique"))
    assert sorted(before) == sorted(profile.pk for profile in profiles if profile.title != "Salma Tazi")
    # Another transaction ends meanwhile: this one's changes are still read (a snapshot counts
    # its own transaction as seen once a later one has ended).
    complete_a_transaction()
    assert list(kept.keys("hydraulique")) == before

    salma = ExpertProfilePage.objects.get(pk=profiles[2].pk)
    salma.title = "Salma Tazi, hydraulique et hydraulique urbaine"
    salma.save_revision().publish()
    karim = ExpertProfilePage.objects.get(pk=profiles[1].pk)
    karim.skills.set(["SIG"])
    karim.save_revision().publish()
    ExpertProfilePage.objects.get(pk=profiles[3].pk).delete()

    after = list(kept.keys("hydraulique"))
    assert after == bitmaps.matching(ExpertProfilePage, "hydraulique")
    assert salma.pk in after  # the words now in its title
    assert profiles[1].pk not in after and profiles[3].pk not in after

    for number in range(bitmaps.RANKINGS):  # the oldest words are let go
        kept.keys(f"mot{number}")
    assert "hydraulique" not in kept.kept and len(kept.kept) == bitmaps.RANKINGS
    monkeypatch.setattr(bitmaps, "RANKED", len(after))  # and the most matches kept in all
    kept.keys("hydraulique")
    assert list(kept.keys("Tazi")) == [salma.pk]
    assert list(kept.kept) == ["Tazi"]


def complete_a_transaction():
    """Another connection's transaction, given an id and committed (on PostgreSQL)."""
    import psycopg
    from django.db import connection

    if connection.vendor == "postgresql":
        with psycopg.connect(**connection.get_connection_params()) as other:
            other.execute("SELECT pg_current_xact_id()")


def test_index_entry_changes_are_read_whatever_order_they_commit_in(search_backend, django_db_blocker):
    """The changes of the index entries another connection commits are all read, the one that
    started before a reading and committed after it included (search/migrations/0004)."""
    import psycopg
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from search.accelerator import bitmaps

    if connection.vendor != "postgresql":
        pytest.skip("the kept index's change log is PostgreSQL's")
    content_type = ContentType.objects.get_for_model(ExpertProfilePage).pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        snapshot = cursor.fetchone()[0]
    other = psycopg.connect(**connection.get_connection_params())
    entry = ("999999", content_type)
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "INSERT INTO wagtailsearch_indexentry (object_id, content_type_id, title, autocomplete, body,"
                " title_norm, title_text, body_text) VALUES (%s, %s, '', '', '', 1.0, '', '')",
                entry,
            )
            complete_a_transaction()  # a later transaction ends first
            snapshot, keys = bitmaps.changed_since(content_type, snapshot)
            assert 999999 not in keys  # not committed yet
            other.commit()
            snapshot, keys = bitmaps.changed_since(content_type, snapshot)
            assert 999999 in keys  # committed after the last reading began
            snapshot, keys = bitmaps.changed_since(content_type, snapshot)
            assert 999999 not in keys  # read once
            cursor.execute(
                "UPDATE wagtailsearch_indexentry SET title_norm = 2 WHERE object_id = %s AND content_type_id = %s",
                entry,
            )
            other.commit()
            snapshot, keys = bitmaps.changed_since(content_type, snapshot)
            assert keys == [999999]
            cursor.execute("DELETE FROM wagtailsearch_indexentry WHERE object_id = %s AND content_type_id = %s", entry)
            other.commit()
            snapshot, keys = bitmaps.changed_since(content_type, snapshot)
            assert keys == [999999]
    finally:
        other.rollback()
        with other.cursor() as cursor:
            cursor.execute("DELETE FROM wagtailsearch_indexentry WHERE object_id = %s AND content_type_id = %s", entry)
            cursor.execute("DELETE FROM cds_search_entry_change WHERE object_id = %s AND content_type_id = %s", entry)
        other.commit()
        other.close()


def test_counting_the_facets_again_ranks_the_words_afresh(search_backend, directory):
    """After `rebuild_facet_tallies` (which `manage.py restore` ends with: the database may be an
    older one) a process drops the words it kept ranked, so nothing from before is served."""
    from django.core.management import call_command

    from search.accelerator import bitmaps

    if not getattr(search_backend, "keeps_facets", False):
        pytest.skip("rankings are kept on PostgreSQL's full text only")
    publish(ExpertProfilePageFactory(parent=directory, title="Nadia Amrani"), skills=["hydraulique"])
    call_command("rebuild_facet_tallies", verbosity=0)
    assert bitmaps.index(ExpertProfilePage) is not None
    bitmaps.rankings(ExpertProfilePage).keys("hydraulique")
    assert ExpertProfilePage in bitmaps._rankings
    call_command("rebuild_facet_tallies", verbosity=0)
    bitmaps.index(ExpertProfilePage)
    assert ExpertProfilePage not in bitmaps._rankings
