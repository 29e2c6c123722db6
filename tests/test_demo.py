"""The demo platform: realistic, idempotent, and removable without touching real content."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model

from experts.models import ExpertPrivateDetails, ExpertProfilePage
from home.demo_data import COMMUNES
from needs.models import NeedPage
from pages.models import ProjectStoryPage, TerritoryPage, Theme

from .factories import NeedPageFactory

pytestmark = pytest.mark.django_db


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_fills_a_realistic_platform():
    out = seed()
    needs = NeedPage.objects.live()
    assert needs.count() >= 40
    communes = TerritoryPage.objects.filter(pk__in=[n.get_parent().pk for n in needs])
    assert communes.count() >= 8
    assert set(communes.values_list("hcp_code", flat=True)) <= set(COMMUNES)
    # Every theme and every need type is covered.
    assert set(needs.values_list("theme__slug", flat=True)) == set(Theme.objects.values_list("slug", flat=True))
    for field, _label in NeedPage.NEED_TYPES:
        assert needs.filter(**{field: True}).exists(), field
    experts = ExpertProfilePage.objects.live()
    assert experts.count() >= 60
    assert len(set(experts.values_list("country", flat=True))) >= 5
    assert ExpertPrivateDetails.objects.count() == experts.count()
    stories = ProjectStoryPage.objects.live()
    assert stories.count() >= 6
    assert all(story.cover_image for story in stories)
    assert "login: admin" in out and "login: tiznit" in out
    tiznit_editor = get_user_model().objects.get(username="tiznit")
    assert tiznit_editor.groups.filter(
        pk=TerritoryPage.objects.get(hcp_code="09.581.01.07", locale__language_code="fr").editors_group_id
    ).exists()


def test_demo_sheets_are_as_far_along_as_their_status_says():
    """A realised project was funded and is being evaluated; an identified need has no money
    yet and is an idea or a project sheet; every status is shown."""
    seed()
    needs = NeedPage.objects.live()
    Status, Maturity = NeedPage.Status, NeedPage.Maturity
    assert set(needs.values_list("status", flat=True)) >= {
        Status.IDENTIFIED,
        Status.SEEKING,
        Status.IN_PROGRESS,
        Status.COMPLETED,
    }
    for need in needs:
        if need.status == Status.COMPLETED:
            assert need.maturity == Maturity.EVALUATION and need.funds_secured == need.estimated_budget, need
        elif need.status == Status.IN_PROGRESS:
            assert need.maturity == Maturity.DELIVERY and need.funds_secured >= need.estimated_budget // 2, need
        elif need.status == Status.IDENTIFIED:
            assert need.maturity in (Maturity.IDEA, Maturity.PROJECT_SHEET) and not need.funds_secured, need
        else:
            assert need.maturity not in (Maturity.DELIVERY, Maturity.EVALUATION), need
            assert need.funds_secured < need.estimated_budget, need


def test_demo_headlines_agree_with_the_first_name():
    """« Tarik Boutaleb, logisticien humanitaire », not « logisticienne »; the gender itself
    stays in the private details."""
    from home.demo_data import DATA
    from home.management.commands.seed_demo import FEMALE_FIRST_NAMES

    seed()
    feminine_forms = {forms["feminine"] for forms in DATA["headline_forms"]}
    masculine_forms = {forms["masculine"] for forms in DATA["headline_forms"]}
    agreeing = 0
    for expert in ExpertProfilePage.objects.live():
        woman = expert.title.split()[0] in FEMALE_FIRST_NAMES
        assert expert.headline not in (masculine_forms if woman else feminine_forms), expert.title
        assert ("installée à" in expert.bio) == woman, expert.title
        agreeing += expert.headline in feminine_forms | masculine_forms
    assert agreeing >= 30  # most headlines have both forms


def test_seed_demo_is_idempotent():
    seed()
    counts = (NeedPage.objects.count(), ExpertProfilePage.objects.count(), ProjectStoryPage.objects.count())
    images = get_image_model().objects.count()
    seed()
    assert counts == (NeedPage.objects.count(), ExpertProfilePage.objects.count(), ProjectStoryPage.objects.count())
    assert images == get_image_model().objects.count()


def test_clear_removes_exactly_the_demo_content(tiznit, theme):
    real_need = NeedPageFactory(parent=tiznit, theme=theme, title="Un vrai besoin")
    real_user = get_user_model().objects.create_user("real-person")
    territories = TerritoryPage.objects.count()
    seed()
    seed("--clear")
    assert list(NeedPage.objects.all()) == [real_need]
    assert ExpertProfilePage.objects.count() == 0
    assert ProjectStoryPage.objects.count() == 0
    assert TerritoryPage.objects.count() == territories
    assert Theme.objects.filter(locale__language_code="fr").count() == 17
    assert get_user_model().objects.filter(pk=real_user.pk).exists()
    assert not get_user_model().objects.filter(username__in=["admin", "tiznit", "animation", "expert"]).exists()
    assert get_image_model().objects.count() == 0


def test_the_demo_community_lives_and_logs_in_on_the_site(client):
    from community.models import Follow, Invitation, Message, Offer

    seed()
    call_command("seed_community_demo", stdout=io.StringIO())
    call_command("seed_community_demo", stdout=io.StringIO())  # idempotent
    expert = get_user_model().objects.get(username="expert")
    assert list(Offer.objects.filter(author=expert).values_list("status", flat=True).order_by("id")) == [
        "accepted",
        "proposed",
    ]
    assert Message.objects.count() == 2 and Follow.objects.filter(user=expert).count() == 1
    [invitation] = Invitation.objects.all()  # from Tiznit, on a need the expert has not offered on
    assert invitation.need.is_open and not Offer.objects.filter(need=invitation.need).exists()
    # The demo accounts log in on the site with their email address, as the README says.
    response = client.post("/compte/login/", {"login": "expert@cds.localhost", "password": "expert"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(expert.pk)
    space = client.get("/espace/").content.decode()
    assert "Mes offres d’aide" in space and "Invitations reçues" in space
    seed("--clear")
    assert not Offer.objects.exists() and not Follow.objects.exists() and not Invitation.objects.exists()


def test_the_learning_demo_reads_like_a_real_agenda_and_library(client):
    """Each event and resource says in its summary what it is about, not its title again (the
    cards show both); the times are named as people say them; a second run adds nothing."""
    from learning.models import EventPage, ResourcePage

    seed()
    call_command("seed_community_demo", stdout=io.StringIO())
    call_command("seed_learning_demo", stdout=io.StringIO())
    events, resources = EventPage.objects.live(), ResourcePage.objects.live()
    assert events.count() == 3 and resources.count() >= 10
    for page in [*events, *resources]:
        assert page.summary and page.summary != page.title, page.title
    agenda = client.get("/agenda/").content.decode()
    assert "(heure du Maroc)" in agenda and "Africa/Casablanca" not in agenda
    call_command("seed_learning_demo", stdout=io.StringIO())
    assert EventPage.objects.count() == 3 and ResourcePage.objects.count() == resources.count()


def test_the_scale_data_comes_from_the_demo_data_and_goes_away(search_backend):
    """generate_scale_data (the benchmarks' dataset) builds its pages from home/data/demo.json,
    keeps the accelerator's counts right, and --clear removes exactly what it made."""
    from home.demo_data import NEEDS, PROFESSIONS

    before = (NeedPage.objects.count(), ExpertProfilePage.objects.count())
    call_command("generate_scale_data", experts=12, needs=8, stdout=io.StringIO())
    made_needs = NeedPage.objects.filter(owner__username="cds-scale-data")
    made_experts = ExpertProfilePage.objects.filter(owner__username="cds-scale-data")
    assert made_needs.count() == 8 and made_experts.count() == 12
    archetypes = {need["title"] for need in NEEDS}
    assert all(title.rsplit(" (", 1)[0] in archetypes for title in made_needs.values_list("title", flat=True))
    headlines = {profession["headline"] for profession in PROFESSIONS}
    assert set(made_experts.values_list("headline", flat=True)) <= headlines
    call_command("generate_scale_data", clear=True, experts=0, needs=0, stdout=io.StringIO())
    assert (NeedPage.objects.count(), ExpertProfilePage.objects.count()) == before
