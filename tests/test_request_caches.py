"""What every request used to ask the database and now finds in the cache (issue #9): the site
of the host, whether any page is private, the breadcrumbs and language links. Each must follow
a change at once."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction, Site

pytestmark = pytest.mark.django_db


def test_a_page_made_private_is_private_at_once(need, search_backend):
    client = Client()
    assert need.title in client.get(need.url).content.decode()
    search_backend.refresh()
    assert need.title in client.get("/besoins/").content.decode()
    # The community manager restricts the page to logged-in users (Wagtail's privacy setting).
    PageViewRestriction.objects.create(page=need, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(need.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert need.title not in client.get("/besoins/").content.decode()
    # And public again when the restriction goes.
    PageViewRestriction.objects.all().delete()
    assert client.get(need.url).status_code == 200


def test_a_change_of_site_is_followed_at_once(home):
    client = Client()
    assert client.get("/").status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.site_name = "CDS renommé"
    site.save()
    response = client.get("/")
    assert response.wsgi_request._wagtail_site.site_name == "CDS renommé"


def test_breadcrumbs_follow_a_renamed_parent(tiznit, need):
    client = Client()
    assert "Tiznit" in client.get(need.url).content.decode()
    tiznit.title = "Tiznit (renommée)"
    tiznit.save_revision().publish()
    assert "Tiznit (renommée)" in client.get(need.url).content.decode()


def test_a_need_sheets_cached_parts_follow_a_publication_and_never_hide_a_preview(need):
    client = Client()
    need.description = "<p>Texte publié.</p>"
    need.save_revision().publish()
    assert "Texte publié." in client.get(need.url).content.decode()  # now in the fragment cache
    # A draft previewed in the admin shows the draft, not the cached publication.
    need.description = "<p>Texte du brouillon.</p>"
    preview = need.make_preview_request().content.decode()
    assert "Texte du brouillon." in preview and "Texte publié." not in preview
    # Published: everyone sees it at once.
    need.save_revision().publish()
    assert "Texte du brouillon." in client.get(need.url).content.decode()


def test_a_profile_and_a_commune_follow_publications_and_previews(expert, tiznit, theme):
    from .factories import NeedPageFactory

    client = Client()
    assert expert.headline in client.get(expert.url).content.decode()
    expert.headline = "Hydrogéologue (brouillon)"
    assert "Hydrogéologue (brouillon)" in expert.make_preview_request().content.decode()
    expert.save_revision().publish()
    assert "Hydrogéologue (brouillon)" in client.get(expert.url).content.decode()

    assert "Puits de Tiznit" not in client.get(tiznit.url).content.decode()
    NeedPageFactory(parent=tiznit, theme=theme, title="Puits de Tiznit").save_revision().publish()
    assert "Puits de Tiznit" in client.get(tiznit.url).content.decode()


def test_the_route_to_a_page_follows_publications_moves_and_unpublications(tiznit, need):
    """The page a URL leads to is kept in the cache (home/models.py): it must follow the page."""
    from pages.models import TerritoryPage

    client = Client()
    old_url = need.url
    assert client.get(old_url).status_code == 200  # now cached
    need.title = "Titre publié ensuite"
    need.save_revision().publish()
    assert "Titre publié ensuite" in client.get(old_url).content.decode()
    # Moved to another commune (the admin's « Déplacer »): the old address redirects to the new.
    ouijjane = TerritoryPage.objects.get(hcp_code="09.581.11.09", locale=tiznit.locale)
    need.move(ouijjane, pos="last-child")
    need.refresh_from_db()
    assert need.url != old_url
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == need.url
    assert client.get(need.url).status_code == 200
    need.unpublish()
    assert client.get(need.url).status_code == 404


def test_a_renamed_theme_shows_at_once_on_sheets_and_cards(need, search_backend):
    """Each process keeps the themes by content version (pages/templatetags/cds_tags.py):
    renaming one moves the version on, so no page shows the old name."""
    from django.utils import translation

    from pages.models import Theme

    client = Client()
    search_backend.refresh()
    with translation.override("ar"):
        sheet = need.get_url()
    for url in (sheet, "/ar/besoins/"):
        assert '<span class="tag">الماء الصالح للشرب</span>' in client.get(url).content.decode(), url
    arabic = Theme.objects.get(translation_key=need.theme.translation_key, locale__language_code="ar")
    arabic.name = "ماء الشرب"
    arabic.save()
    for url in (sheet, "/ar/besoins/"):
        assert '<span class="tag">ماء الشرب</span>' in client.get(url).content.decode(), url


def test_an_emptied_cache_never_gives_a_content_version_twice():
    """A restarted cache starts the numbering again from the time, not from 1: a number a
    process kept from before (with what it read then) never comes back for other content."""
    from django.core.cache import cache

    from core import cache as content

    started = content.version()
    content.bump()
    bumped = content.version()
    assert bumped == started + 1
    cache.clear()
    assert content.version() > bumped
    cache.clear()
    content.bump()  # a publication first, the version not in the cache
    assert content.version() > bumped + 1


class CacheTrips:
    """Counts the calls a request makes to the cache: each one a round trip to Redis in
    production (a call made inside another, as LocMemCache's get_many calls get, is not)."""

    METHODS = ("get", "get_many", "get_or_set", "set", "set_many", "add", "incr", "delete")

    def __init__(self, monkeypatch):
        from django.core.cache import caches

        self.count, self.depth = 0, 0
        backend = caches["default"]
        for name in self.METHODS:
            monkeypatch.setattr(backend, name, self.counted(getattr(backend, name)))

    def counted(self, method):
        def call(*args, **kwargs):
            self.count += self.depth == 0
            self.depth += 1
            try:
                return method(*args, **kwargs)
            finally:
                self.depth -= 1

        return call


def test_a_page_of_results_asks_the_cache_as_often_for_twelve_cards_as_for_two(
    tiznit, theme, search_backend, monkeypatch
):
    """The content version and the languages are read once per request, and a page's cards
    asked for at once (core/cache.py `RequestReads`, search's `result_cards`): the cache is
    not asked once more for every card shown."""
    from django.core.cache import cache

    from .factories import NeedPageFactory

    def trips_for_the_needs_page():
        search_backend.refresh()
        client.get("/a-propos/")  # the site's own caches warm, as for a visitor browsing
        cache.clear()
        client.get("/a-propos/")
        trips.count = 0
        page = client.get("/besoins/").content.decode()
        return trips.count, page.count('class="card card--need"')

    client = Client()
    for number in range(2):
        NeedPageFactory(parent=tiznit, theme=theme, title=f"Besoin {number}").save_revision().publish()
    trips = CacheTrips(monkeypatch)
    few, shown = trips_for_the_needs_page()
    assert shown == 2
    for number in range(2, 12):
        NeedPageFactory(parent=tiznit, theme=theme, title=f"Besoin {number}").save_revision().publish()
    many, shown = trips_for_the_needs_page()
    assert shown == 12
    assert many == few


def test_a_request_renders_with_the_content_version_it_started_with_unless_it_moves_it():
    """Within one request the version is read once: another process's publication meanwhile
    is seen by the next request; the request's own publication at once."""
    from django.core.cache import cache
    from django.http import HttpResponse

    from core import cache as content

    seen = []

    def view(request):
        seen.append(content.version())
        cache.incr(content.VERSION_KEY)  # another process publishes
        seen.append(content.version())
        content.bump()  # this request publishes
        seen.append(content.version())
        return HttpResponse()

    started = content.version()
    content.RequestReads(view)(None)
    assert seen == [started, started, started + 2]
    assert content.version() == started + 2  # outside a request: read afresh
    cache.incr(content.VERSION_KEY)
    assert content.version() == started + 3


def test_a_request_made_within_a_request_leaves_the_outer_ones_reads():
    """A preview is rendered as a request within the editor's: each reads for itself."""
    from django.http import HttpResponse

    from core import cache as content

    def outer(request):
        content.version()
        content.RequestReads(lambda request: HttpResponse())(None)
        content.bump()
        return HttpResponse(str(content.version()))

    started = content.version()
    assert content.RequestReads(outer)(None).content.decode() == str(started + 1)
