"""Suggested experts on a need sheet and suggested needs on a profile, with their reasons."""

import pytest

from pages.models import Language
from search.matching import experts_for_need, needs_for_expert

from .factories import ExpertProfilePageFactory, NeedPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def plain(reasons):
    """The reasons without the Unicode isolates around names (search/matching.py)."""
    return [reason.replace("\u2068", "").replace("\u2069", "") for reason in reasons]


def publish(page, skills=(), languages=(), themes=()):
    page.skills.add(*skills)
    page.languages.add(*Language.objects.filter(code__in=languages))
    if themes:
        page.themes.add(*themes)
    page.save_revision().publish()
    return page


@pytest.fixture
def water_need(tiznit, theme):
    return publish(
        NeedPageFactory(parent=tiznit, theme=theme, title="Réseau d'eau potable", engagement_mode="remote"),
        skills=["hydraulique", "SIG", "étude de faisabilité"],
        languages=["fr", "zgh"],
    )


@pytest.fixture
def experts(directory, theme, search_backend):
    best = publish(
        ExpertProfilePageFactory(parent=directory, title="Nadia Hydro", offers_remote_advice=True),
        skills=["hydraulique", "SIG"],
        languages=["fr", "zgh"],
        themes=[theme],
    )
    theme_only = publish(
        ExpertProfilePageFactory(parent=directory, title="Omar Eau", offers_on_site_mission=True),
        skills=["gestion de l'eau"],
        languages=["en"],
        themes=[theme],
    )
    unrelated = publish(
        ExpertProfilePageFactory(parent=directory, title="Salma Web", offers_remote_advice=True),
        skills=["développement web"],
        languages=["fr"],
    )
    draft = ExpertProfilePageFactory(parent=directory, title="Brouillon Hydro", live=False)
    draft.skills.add("hydraulique")
    draft.save()
    search_backend.refresh()
    return best, theme_only, unrelated, draft


def test_experts_are_ranked_with_their_reasons(water_need, experts):
    best, theme_only, _unrelated, _draft = experts
    matches = experts_for_need(water_need)
    assert [m.page for m in matches] == [best, theme_only]
    top = matches[0]
    assert top.score == 3 * 2 + 2 + 2 + 1
    reasons = plain(top.reasons)
    assert reasons[0] == "2 compétences en commun : SIG, hydraulique"
    assert "même thème : Eau potable" in reasons
    assert any(reason.startswith("parle ") for reason in reasons)
    assert plain(matches[1].reasons) == ["même thème : Eau potable"]


def test_only_published_pages_are_suggested(water_need, experts):
    _best, _theme_only, unrelated, draft = experts
    suggested = {m.page for m in experts_for_need(water_need)}
    assert draft not in suggested and unrelated not in suggested


def test_needs_for_an_expert(water_need, experts, tiznit, theme):
    best = experts[0]
    done = publish(
        NeedPageFactory(parent=tiznit, theme=theme, title="Ancien réseau", status="completed"), ["hydraulique"]
    )
    matches = needs_for_expert(best)
    assert [m.page for m in matches] == [water_need]
    assert done not in [m.page for m in matches]
    assert plain(matches[0].reasons)[0] == "2 compétences en commun : SIG, hydraulique"


def test_need_and_profile_pages_show_the_suggestions(client, water_need, experts):
    html = client.get(water_need.url).content.decode()
    assert "Experts qui peuvent aider" in html and "Nadia Hydro" in html
    assert "2 compétences en commun" in html
    html = client.get(experts[0].url).content.decode()
    assert "Réseau d&#x27;eau potable" in html or "Réseau d'eau potable" in html
    # Where each suggested need is: the same title can be two communes' needs.
    assert '<p class="card__meta">Tiznit · Eau potable · Identifié</p>' in html


def test_nothing_in_common_means_no_suggestion(tiznit, experts):
    from pages.models import Theme

    digital = Theme.objects.get(slug="numerique", locale__language_code="fr")
    lonely = publish(NeedPageFactory(parent=tiznit, theme=digital, title="Besoin isolé"), ["astronomie"])
    assert experts_for_need(lonely) == []


def test_the_suggestions_on_a_page_follow_a_publication(client, tiznit, theme, directory, search_backend):
    """The matches are a cached fragment (per content version): a newly published profile shows
    on the need sheet at the next view."""
    from .factories import ExpertProfilePageFactory, NeedPageFactory

    need = NeedPageFactory(parent=tiznit, theme=theme, live=False)
    need.skills.add("irrigation goutte-à-goutte")
    need.save_revision().publish()
    assert "Hanane Fragment" not in client.get(need.url).content.decode()
    expert = ExpertProfilePageFactory(parent=directory, title="Hanane Fragment", live=False)
    expert.skills.add("irrigation goutte-à-goutte")
    expert.save_revision().publish()
    assert "Hanane Fragment" in client.get(need.url).content.decode()


def test_an_ended_need_suggests_no_one(client, water_need, experts):
    """A realised or closed need says it takes no more offers; it does not then list experts
    who could help."""
    water_need.status = "completed"
    water_need.save_revision().publish()
    html = client.get(water_need.url).content.decode()
    assert "ne reçoit plus" in html
    assert "Experts qui peuvent aider" not in html and "Nadia Hydro" not in html
