"""Links that work outside the machine (issue #37.4): every absolute link comes from SITE_URL,
and page addresses are ASCII whatever the title's language."""

import pytest
from django.core.management import call_command
from django.test import Client

from experts.models import ExpertPrivateDetails

from .community_fixtures import make_member
from .factories import NeedPageFactory
from .test_community import profile_data

pytestmark = pytest.mark.django_db


def test_absolute_links_use_the_public_address(settings, client, tiznit, theme, search_backend):
    settings.SITE_URL = "https://cds.example.org"
    call_command("setup_site", verbosity=0)
    need = NeedPageFactory(parent=tiznit, theme=theme, title="Forage du douar Tagmoute")
    assert need.get_full_url().startswith("https://cds.example.org/")
    search_backend.refresh()
    data = client.get("/api/v3/needs/search/", {"q": "Tagmoute"}).json()
    assert [result["url"] for result in data["results"]] == [need.get_full_url()]
    assert "localhost" not in client.get("/api/v2/pages/", {"type": "needs.NeedPage"}).content.decode()
    settings.SITE_URL = "http://127.0.0.1:8000"
    call_command("setup_site", verbosity=0)
    need = type(need).objects.get(pk=need.pk)  # a page keeps the site's paths it read once
    assert need.get_full_url().startswith("http://127.0.0.1:8000/")


def test_page_addresses_are_ascii(tiznit, theme):
    need = NeedPageFactory(parent=tiznit, theme=theme, slug="", title="Réhabilitation du réseau d’eau")
    assert need.slug == "rehabilitation-du-reseau-deau"
    assert need.url.isascii()
    assert Client().get(need.url).status_code == 200


@pytest.mark.parametrize("name", ["ليلى بنعلي", "ⵍⵉⵍⴰ ⴱⵏⵄⵍⵉ", "Élodie Aït Ben"])
def test_a_profile_named_in_any_script_gets_an_ascii_address(client, name, search_backend):
    member = make_member("leila@diaspora.invalid")
    client.force_login(member)
    response = client.post("/espace/profil/", profile_data(title=name))
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = ExpertPrivateDetails.objects.get(owner=member).profile
    assert profile.title == name and profile.slug and profile.url.isascii()


def test_a_page_titled_in_arabic_or_tifinagh_gets_a_transliterated_address(tiznit, theme):
    arabic = NeedPageFactory(parent=tiznit, theme=theme, slug="", title="الماء الصالح للشرب")
    tifinagh = NeedPageFactory(parent=tiznit, theme=theme, slug="", title="ⴰⵎⴰⵏ ⵏ ⵜⵉⵙⵙⵉ")
    assert arabic.slug == "lm-lslh-llshrb" and tifinagh.slug.isascii() and tifinagh.slug
