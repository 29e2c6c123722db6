"""Contact details, gender and the responsible editor never reach public HTML, the API fields
or the search index."""

import pytest
from wagtail.models import Page

from experts.models import ExpertDirectoryPage, ExpertPrivateDetails, ExpertProfilePage
from needs.models import NeedContact, NeedIndexPage, NeedPage

from .conftest import make_user

pytestmark = pytest.mark.django_db

EMAIL = "zineb.secret-7f3a@private.invalid"
PHONE = "+33 6 98 76 54 32"
EDITOR_EMAIL = "adc-private-91c2@commune.invalid"


@pytest.fixture
def private_data(expert, need, tiznit):
    ExpertPrivateDetails.objects.create(profile=expert, email=EMAIL, phone=PHONE, gender="woman")
    editor = make_user("adc-prive", [tiznit.editors_group], first_name="Responsable", last_name="Secrète")
    editor.email = EDITOR_EMAIL
    editor.save()
    NeedContact.objects.create(need=need, responsible=editor)
    return expert, need


def public_pages(expert, need, tiznit, home):
    return [
        home,
        expert,
        ExpertDirectoryPage.objects.get(locale__language_code="fr"),
        need,
        NeedIndexPage.objects.get(locale__language_code="fr"),
        tiznit,
    ]


def test_private_data_is_not_in_public_html(client, private_data, tiznit, home):
    expert, need = private_data
    for page in public_pages(expert, need, tiznit, home):
        html = client.get(page.url).content.decode()
        for secret in (EMAIL, PHONE, "98 76 54 32", "Femme", "woman", EDITOR_EMAIL, "Secrète", "adc-prive"):
            assert secret not in html, (page, secret)


@pytest.mark.search
def test_private_data_is_not_searchable(client, private_data, search_backend):
    search_backend.refresh()
    for query in (EMAIL, "zineb.secret", "98 76 54 32", "Secrète", EDITOR_EMAIL):
        # Every word of it, as the site search asks: a page may well say "private" or "commune".
        assert not Page.objects.live().search(query, operator="and").results(), query
        html = client.get("/recherche/", {"q": query}).content.decode()
        assert "0 résultat" in html


def test_private_fields_are_not_api_fields():
    for model in (ExpertProfilePage, NeedPage):
        names = {field.name for field in model.api_fields}
        assert not names & {"email", "phone", "gender", "owner", "private_details", "private_contact", "responsible"}
        # Wagtail itself indexes Page.owner as a filter (a user id, for the admin's filters);
        # nothing else personal may be indexed.
        indexed = {field.field_name for field in model.get_search_fields()}
        assert not indexed & {"email", "phone", "gender", "private_details", "private_contact", "responsible"}
