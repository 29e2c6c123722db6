"""Issue #34.2: a need's maturation documents are the commune's and its mentor's."""

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from community.maturation import store_document
from community.models import Offer
from needs.models import ChecklistEntry
from tests.community_fixtures import expert_member, make_member, other_expert  # noqa: F401  (fixtures)

from .roles import client_for

pytestmark = pytest.mark.django_db

CONFIDENTIAL = "Étude de faisabilité confidentielle"


@pytest.fixture
def confidential(need, tiznit_editor, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # On disk, as in production: Django's view sends the file from there.
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}

    document = store_document(need, SimpleUploadedFile("etude.pdf", b"%PDF-1.4 secret"), tiznit_editor)
    document.title = CONFIDENTIAL
    document.save()
    ChecklistEntry.objects.create(need=need, item="feasibility_study", document=document, author=tiznit_editor)
    return document


def test_only_those_who_see_the_path_open_the_document(
    confidential, need, tiznit_editor, ouijjane_editor, manager, expert_member, other_expert
):
    user, profile = expert_member
    mentor = Offer.objects.create(
        need=need, expert=profile, author=user, expert_name=profile.title, kind="skills", status="accepted", mentor=True
    )
    assert mentor.pk
    url = confidential.url
    assert Client().get(url).status_code == 302  # to the site's login
    assert Client().get(url)["Location"].startswith("/compte/login/")
    for refused in (ouijjane_editor, other_expert[0], make_member("curieux@diaspora.invalid")):
        assert client_for(refused).get(url).status_code == 404
    for allowed in (tiznit_editor, user, manager):
        response = client_for(allowed).get(url)
        assert response.status_code == 200, allowed
        assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"


def test_the_documents_api_never_lists_it(confidential, manager, expert_member):
    for client in (Client(), client_for(expert_member[0]), client_for(manager)):
        listing = client.get("/api/v2/documents/").content.decode()
        assert CONFIDENTIAL not in listing
        assert client.get(f"/api/v2/documents/{confidential.pk}/").status_code == 404


def test_the_admin_chooser_hides_other_communes_documents(confidential, ouijjane_editor, tiznit_editor):
    listing = client_for(ouijjane_editor).get("/admin/documents/chooser/").content.decode()
    assert CONFIDENTIAL not in listing
    assert CONFIDENTIAL not in client_for(ouijjane_editor).get("/admin/documents/").content.decode()


def test_documents_are_never_at_a_public_media_url(settings):
    """Only images' renditions are served from /media/, in development too (cds/urls.py)."""
    import importlib

    import cds.urls

    settings.DEBUG = True
    try:
        importlib.reload(cds.urls)
        resolver_urls = cds.urls.urlpatterns
        from django.urls import URLResolver
        from django.urls.resolvers import RegexPattern

        resolver = URLResolver(RegexPattern(r"^/"), resolver_urls)
        with pytest.raises(Resolver404):
            resolver.resolve("/media/documents/etude.pdf")
        with pytest.raises(Resolver404):
            resolver.resolve("/media/original_images/photo.png")
        assert resolver.resolve("/media/images/photo.max-800x600.png")
    finally:
        settings.DEBUG = False
        importlib.reload(cds.urls)
    assert resolve("/documents/1/etude.pdf")  # documents go through Django's view
