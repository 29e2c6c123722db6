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

    from pages import cache as content

    started = content.version()
    content.bump()
    bumped = content.version()
    assert bumped == started + 1
    cache.clear()
    assert content.version() > bumped
    cache.clear()
    content.bump()  # a publication first, the version not in the cache
    assert content.version() > bumped + 1
