"""Issue #34.3-4: nothing is public before moderation; deleting an account deletes its files."""

import pytest
from django.test import Client
from wagtail.images import get_image_model
from wagtail.models import Locale

from experts.models import ExpertPrivateDetails
from learning.models import NetworkPage, Post
from tests.community_fixtures import approve, make_member, png_upload

from .roles import client_for

pytestmark = pytest.mark.django_db

PENDING = {
    "title": "Nadia Ait Lahcen",
    "headline": "Ingénieure en hydraulique rurale",
    "bio": "Quinze ans de réseaux d’eau potable.",
    "skills": "hydrogeologiezzz, SIG",
    "country": "FR",
    "city": "Lyon",
    "years_of_experience": "15",
    "availability_hours": "10",
    "engagement": ["offers_remote_advice"],
    "email": "nadia.contact@diaspora.invalid",
    "phone": "+33 6 11 22 33 44",
    "gender": "woman",
}


@pytest.fixture
def pending(search_backend, theme):
    member = make_member("nadia@diaspora.invalid")
    client = client_for(member)
    response = client.post("/espace/profil/", {**PENDING, "themes": [theme.pk], "photo": png_upload("nadia.png")})
    assert response.status_code == 302
    return member, client


def test_a_profile_awaiting_review_cannot_post_offer_or_show_anything(pending, need, theme):
    _member, client = pending
    network = NetworkPage.objects.get(theme=theme, locale=Locale.get_default())
    response = client.post(
        f"/espace/apprendre/reseaux/{network.pk}/publier/",
        {"kind": "question", "title": "Annonce officielle", "body": "Message de l'équipe."},
    )
    assert response.status_code == 403
    assert not Post.objects.exists()
    response = client.post(f"/espace/besoins/{need.pk}/aider/", {"kind": "skills", "message": "Bonjour", "hours": "2"})
    assert response.status_code == 302 and response["Location"] == "/espace/"
    assert not need.offers.exists()
    public = Client()
    assert public.get("/recherche/suggestions/", {"q": "hydrogeologiezzz"}).json()["suggestions"] == []
    images = public.get("/api/v2/images/").content.decode()
    assert "nadia" not in images.lower()
    assert "Nadia" not in public.get("/experts/").content.decode()


def test_once_approved_the_member_takes_part(pending, manager, need):
    member, client = pending
    approve(ExpertPrivateDetails.objects.get(owner=member).profile, manager)
    assert (
        "hydrogeologiezzz" in Client().get("/recherche/suggestions/", {"q": "hydrogeologiezzz"}).json()["suggestions"]
    )
    response = client.post(f"/espace/besoins/{need.pk}/aider/", {"kind": "skills", "message": "Bonjour", "hours": "2"})
    assert response.status_code == 302 and need.offers.exists()


@pytest.mark.parametrize(
    "name",
    [
        "Équipe d'animation",
        "equipe d’animation CDS",
        "فريق التنشيط",
        "The Community Team",
        "CDS",
        "Commune de Tiznit",
        "جماعة تيزنيت",
        "ADMIN",
    ],
)
def test_the_teams_and_platforms_names_cannot_be_taken(search_backend, theme, name):
    member = make_member("usurpateur@diaspora.invalid")
    response = client_for(member).post("/espace/profil/", {**PENDING, "title": name, "themes": [theme.pk]})
    assert response.status_code == 400 or "Ce nom est celui" in response.content.decode()
    assert not ExpertPrivateDetails.objects.filter(owner=member).exists()


def test_a_hidden_posts_title_is_never_shown_on_its_report_page(theme, directory, manager):
    from tests.community_fixtures import make_expert

    author = make_member("auteur@diaspora.invalid")
    network = NetworkPage.objects.get(theme=theme, locale=Locale.get_default())
    post = Post.objects.create(
        network=network, author=author, title="Titre caché 4711", body="…", kind="question", hidden=True
    )
    user, _profile = make_expert(directory, "lecteur@diaspora.invalid", title="Lecteur Test")
    response = client_for(user).get(f"/espace/apprendre/reseaux/messages/{post.pk}/signaler/")
    assert response.status_code == 404
    assert "Titre caché 4711" not in response.content.decode()
    assert (
        "Titre caché 4711"
        in client_for(manager).get(f"/espace/apprendre/reseaux/messages/{post.pk}/signaler/").content.decode()
    )


@pytest.fixture
def on_disk(settings, tmp_path):
    """Uploads on disk, as in production (the in-memory storage of the tests is one per instance)."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def test_deleting_an_account_deletes_its_files(on_disk, pending, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    member, client = pending
    images = get_image_model().objects.filter(uploaded_by_user=member)
    [image] = images
    stored = image.file.name
    assert default_storage.exists(stored)
    data = client.get("/espace/mes-donnees/").json()
    assert list(data)[:2] == ["exported_at", "uploads"]  # the files first
    assert data["uploads"]["images"][0]["file"] == stored
    with django_capture_on_commit_callbacks(execute=True):  # files go once the deletion commits
        response = client.post("/espace/supprimer-mon-compte/", {"password": "Argan-2027-Tiznit"})
    assert response.status_code == 302
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert not default_storage.exists(stored)
