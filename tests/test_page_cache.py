"""Whole pages for anonymous visitors from the cache: served without touching the database,
forgotten the moment content changes, never shared with a logged-in member."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .community_fixtures import expert_member  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_a_second_anonymous_view_costs_no_query(client, need, tiznit):
    for url in ("/", need.url, tiznit.url, "/besoins/?theme=eau-potable", "/experts/", "/impact/"):
        first = client.get(url)
        assert first["X-Page-Cache"] == "miss"
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert second["X-Page-Cache"] == "hit" and len(queries) == 0, url
        assert second.content == first.content


def test_a_publication_shows_at_once(client, need):
    client.get(need.url)
    need.summary = "Un résumé tout neuf."
    need.save_revision().publish()
    response = client.get(need.url)
    assert response["X-Page-Cache"] == "miss" and "Un résumé tout neuf." in response.content.decode()
    need.unpublish()
    assert client.get(need.url).status_code == 404


def test_an_offer_accepted_updates_the_pledges_at_once(client, need, expert_member, tiznit_editor):
    need.needs_financing = True
    need.save_revision().publish()
    user, _profile = expert_member
    expert = Client()
    expert.force_login(user)
    expert.post(
        f"/espace/besoins/{need.pk}/aider/",
        {"kind": "financing", "message": "Je finance.", "amount": "5000", "currency": "MAD"},
    )
    assert "Promesses de financement" not in client.get(need.url).content.decode()
    commune = Client()
    commune.force_login(tiznit_editor)
    offer_id = user.offers.get().pk
    commune.post(f"/espace/offres/{offer_id}/statut/", {"status": "accepted"})
    assert "Promesses de financement" in client.get(need.url).content.decode()


def test_an_offer_only_proposed_or_declined_keeps_the_cached_pages(client, need, expert_member, tiznit_editor):
    """Only engaged offers show on public pages: the others must not empty the page cache,
    which every change of the content version does (issue #35's load)."""
    client.get(need.url)
    client.get("/")
    user, _profile = expert_member
    expert = Client()
    expert.force_login(user)
    expert.post(f"/espace/besoins/{need.pk}/aider/", {"kind": "skills", "message": "J'aide.", "hours": "10"})
    offer = user.offers.get()
    expert.post(f"/espace/offres/{offer.pk}/", {"body": "Un message."})
    commune = Client()
    commune.force_login(tiznit_editor)
    commune.post(f"/espace/offres/{offer.pk}/statut/", {"status": "declined"})
    offer.refresh_from_db()
    assert offer.status == "declined" and offer.messages.count() == 1
    assert client.get(need.url)["X-Page-Cache"] == "hit" and client.get("/")["X-Page-Cache"] == "hit"


def test_members_and_forms_are_never_served_from_the_cache(client, need, expert_member):
    client.get(need.url)  # cached for anonymous visitors
    user, _profile = expert_member
    member = Client()
    member.force_login(user)
    response = member.get(need.url)
    assert "X-Page-Cache" not in response and "Mon espace" in response.content.decode()
    # A page with a form sets the CSRF cookie: never cached.
    login = client.get("/compte/login/")
    assert "X-Page-Cache" not in login and login.cookies  # it set the CSRF cookie
    assert "Mon espace" not in client.get(need.url).content.decode()


def test_changing_the_impact_targets_shows_at_once(client, settings):
    from wagtail.models import Site

    from impact.models import ImpactTargets

    assert "sur un objectif de 60" in client.get("/impact/").content.decode()
    targets = ImpactTargets.for_site(Site.objects.get(is_default_site=True))
    targets.migrants_mobilised = 75
    targets.save()
    assert "sur un objectif de 75" in client.get("/impact/").content.decode()
