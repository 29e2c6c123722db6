"""Every page type renders for a visitor, with the public fields and the site's frame."""

import pytest
from django.test import override_settings

from experts.models import ExpertDirectoryPage
from needs.models import NeedEquipmentLine
from pages.models import Language, TerritoryIndexPage, TerritoryPage

pytestmark = pytest.mark.django_db


def get(client, page_or_url):
    url = page_or_url if isinstance(page_or_url, str) else page_or_url.url
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_page_type_renders(client, page_of_every_type):
    for page in page_of_every_type:
        html = get(client, page)
        assert '<html lang="fr" dir="ltr">' in html
        assert 'href="#main"' in html and 'id="main"' in html
        assert page.title.replace("'", "&#x27;") in html


def test_site_search_renders(client, need):
    html = get(client, "/recherche/?q=" + need.title.split()[0])
    assert need.title in html


def test_breadcrumbs_follow_the_territory_tree(client, need, tiznit):
    html = get(client, need)
    crumbs = html[html.index('class="breadcrumbs"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    for name in ("Accueil", "Territoires", "Souss-Massa", "Tiznit"):
        assert name in crumbs
    assert crumbs.index("Souss-Massa") < crumbs.index("Tiznit")
    assert 'aria-current="page"' in crumbs


def test_commune_page_lists_its_needs_and_stories(client, tiznit, need, story):
    html = get(client, tiznit)
    assert need.title in html and story.title in html
    assert "تيزنيت" in html
    assert "09.581.01.07" in html


def test_commune_page_lists_the_needs_still_looking_for_help_first(client, tiznit, theme):
    from .factories import NeedPageFactory

    older = NeedPageFactory(parent=tiznit, theme=theme, title="Piste rurale", status="seeking")
    older.save_revision().publish()
    done = NeedPageFactory(parent=tiznit, theme=theme, title="Château d'eau réalisé", status="completed")
    done.save_revision().publish()
    newer = NeedPageFactory(parent=tiznit, theme=theme, title="Foyer féminin", status="identified")
    newer.save_revision().publish()
    html = get(client, tiznit)
    assert html.index("Foyer féminin") < html.index("Piste rurale") < html.index("Château d&#x27;eau réalisé")


def test_need_sheet_shows_every_public_field(client, need):
    need.description = "<p>Description détaillée du château d'eau.</p>"
    need.pcd_axis, need.pcd_programme, need.pcd_year = "Axe eau", "Programme 2", 2024
    need.needs_equipment = True
    need.sector_code = "14030"
    need.beneficiaries, need.women_share = 1200, 52
    need.locality = "Douar Tagadirt"
    need.skills.add("hydraulique")
    need.languages.add(Language.objects.get(code="zgh"))
    need.save()  # tags and languages are cluster relations: saved with the page
    NeedEquipmentLine.objects.create(page=need, item="Pompe solaire", quantity=3)
    html = get(client, need)
    for text in (
        need.summary.replace("'", "&#x27;"),
        "Description détaillée",
        "Axe eau",
        "Programme 2",
        "2024",
        "Eau potable",
        "14030",
        "Compétences",
        "Équipement",
        "hydraulique",
        "Amazighe",
        "Pompe solaire",
        "100",  # budget
        "25",  # funds secured
        "75",  # gap
        "1",
        "52 %",
        "Douar Tagadirt",
        "Identifié",
        "Idée",
        "À distance et sur place",
    ):
        assert text in html, text


def test_directory_lists_experts(client, expert):
    html = get(client, ExpertDirectoryPage.objects.get(locale__language_code="fr"))
    assert expert.title in html and "Lyon" in html


def test_a_profile_lists_how_the_expert_can_help_as_a_sentence(client, expert):
    """« Conseil à distance, mise en relation », not « Conseil à distance, Mise en relation »."""
    expert.offers_remote_advice, expert.offers_introductions = True, True
    expert.offers_on_site_mission = expert.offers_financing = expert.offers_investment = False
    expert.save_revision().publish()
    assert "<dd>Conseil à distance, mise en relation</dd>" in client.get(expert.url).content.decode()


def test_region_and_province_pages_list_what_is_below(client, tiznit):
    province = tiznit.get_parent().specific
    assert "Tiznit" in get(client, province)
    assert province.title in get(client, province.get_parent())
    assert "Souss-Massa" in get(client, TerritoryIndexPage.objects.get(locale__language_code="fr"))


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/territoires/atlantide/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@override_settings(LANGUAGE_CODE="fr")
def test_arabic_url_is_right_to_left(client, home):
    html = get(client, "/ar/")
    assert 'lang="ar" dir="rtl"' in html


def test_draft_pages_are_not_public(client, tiznit, theme):
    from .factories import NeedPageFactory

    draft = NeedPageFactory(parent=tiznit, theme=theme, live=False, title="Brouillon confidentiel")
    assert client.get(draft.url_path.replace("/accueil", "", 1)).status_code == 404
    assert "Brouillon confidentiel" not in get(client, tiznit)
    assert TerritoryPage.objects.filter(pk=tiznit.pk).exists()


def test_language_switcher_offers_only_languages_that_work(client, home):
    html = client.get("/").content.decode()
    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    offered = [code for code in ("fr", "ar", "en", "zgh") if f'hreflang="{code}"' in switcher]
    assert "fr" in offered and "ar" in offered and "en" in offered
    for code in offered:
        link = switcher.split(f'hreflang="{code}"')[0].rsplit('href="', 1)[1].split('"')[0]
        assert client.get(link).status_code == 200, code
