"""The permission table of DESIGN.md, one test per role × action: visitor, expert, editor of the
need's commune, editor of another commune, community manager."""

import pytest
from django.test import Client

from community.models import Offer

from .community_fixtures import expert_member, make_member  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "expert", "commune_editor", "other_editor", "manager"]


@pytest.fixture
def actors(expert_member, tiznit_editor, ouijjane_editor, manager):
    user, _profile = expert_member
    return {
        "visitor": None,
        "expert": user,
        "commune_editor": tiznit_editor,
        "other_editor": ouijjane_editor,
        "manager": manager,
    }


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def offer(actors, need):
    client_for(actors["expert"]).post(
        f"/espace/besoins/{need.pk}/aider/", {"kind": "network", "message": "Je connais une fondation."}
    )
    return Offer.objects.get(need=need)


@pytest.mark.parametrize("role", ROLES)
def test_read_published_pages(role, actors, need, expert):
    client = client_for(actors[role])
    for url in (need.url, expert.url, "/besoins/", "/experts/", "/recherche/?q=eau"):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(("role", "allowed"), [("visitor", False), ("expert", True), ("commune_editor", False)])
def test_create_or_edit_own_expert_profile(role, allowed, actors):
    response = client_for(actors[role]).get("/espace/profil/")
    if role == "visitor":
        assert response.status_code == 302 and "/compte/login/" in response["Location"]
    else:
        assert (response.status_code == 200) is allowed


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("visitor", False), ("expert", True), ("commune_editor", False), ("other_editor", False), ("manager", False)],
)
def test_offer_help_on_a_need(role, allowed, actors, need, directory):
    from experts.models import ExpertPrivateDetails

    from .factories import ExpertProfilePageFactory

    user = actors[role]
    if user is not None and role != "expert":  # give staff a profile: the role, not the profile, decides
        ExpertPrivateDetails.objects.create(
            profile=ExpertProfilePageFactory(parent=directory), owner=user, email="s@x.invalid"
        )
    client_for(user).post(f"/espace/besoins/{need.pk}/aider/", {"kind": "network", "message": "Je peux aider."})
    assert Offer.objects.filter(need=need).exists() is allowed


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("visitor", False), ("expert", False), ("commune_editor", True), ("other_editor", False), ("manager", True)],
)
def test_accept_or_decline_offers(role, allowed, actors, offer):
    client_for(actors[role]).post(f"/espace/offres/{offer.pk}/statut/", {"status": "accepted"})
    offer.refresh_from_db()
    assert (offer.status == "accepted") is allowed


@pytest.mark.parametrize(
    ("role", "before", "after"),
    [
        ("visitor", False, False),
        ("expert", False, True),
        ("commune_editor", False, True),
        ("other_editor", False, False),
        ("manager", True, True),
    ],
)
def test_see_contact_details(role, before, after, actors, offer, tiznit_editor):
    url = f"/espace/offres/{offer.pk}/"
    expert_email, commune_email = "samira@diaspora.invalid", tiznit_editor.email

    def sees_contacts():
        html = client_for(actors[role]).get(url).content.decode()
        shown = expert_email in html if role != "expert" else commune_email in html
        return shown

    assert sees_contacts() is before
    client_for(tiznit_editor).post(url + "statut/", {"status": "accepted"})
    assert sees_contacts() is after


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("visitor", False), ("expert", True), ("commune_editor", True), ("other_editor", False), ("manager", True)],
)
def test_write_in_an_offers_thread(role, allowed, actors, offer):
    client_for(actors[role]).post(f"/espace/offres/{offer.pk}/", {"body": f"Bonjour de {role}"})
    assert offer.messages.filter(body=f"Bonjour de {role}").exists() is allowed
