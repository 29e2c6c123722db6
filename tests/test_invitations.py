"""Inviting experts on a need: the commune's people and the community manager pick among the
experts the platform suggests; each expert hears of it by email (a real SMTP server) in their
language, with no one's contact details, and finds it in their space; nothing half-sent."""

import pytest
from django.conf import settings
from django.test import Client

from community.models import Invitation, Offer

from .community_fixtures import make_expert
from .factories import NeedPageFactory
from .smtp import smtp_inbox  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

EDITOR_EMAIL = "adc.tiznit@commune.invalid"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def water_need(search_backend, tiznit, theme):
    need = NeedPageFactory(parent=tiznit, theme=theme, title="Réseau d'eau du douar", live=False)
    need.skills.add("hydraulique")
    need.save_revision().publish()
    return need


@pytest.fixture
def hydro_experts(search_backend, directory):
    experts = [
        make_expert(directory, "samira@diaspora.invalid", title="Samira Hydro", live=False),
        make_expert(directory, "karim@diaspora.invalid", language="ar", title="Karim Hydro", live=False),
    ]
    for _user, profile in experts:
        profile.skills.add("hydraulique")
        profile.save_revision().publish()
    search_backend.refresh()
    return experts


@pytest.fixture
def commune_editor(tiznit_editor):
    tiznit_editor.email = EDITOR_EMAIL
    tiznit_editor.save()
    return tiznit_editor


def invite_url(need):
    return f"/espace/besoins/{need.pk}/inviter/"


def test_the_commune_invites_suggested_experts_who_are_told_in_their_language(
    water_need, hydro_experts, commune_editor, smtp_inbox
):
    (samira, samira_profile), (_karim, karim_profile) = hydro_experts
    client = logged_in(commune_editor)
    assert invite_url(water_need) in client.get(water_need.url).content.decode()
    html = client.get(invite_url(water_need)).content.decode()
    assert "Samira Hydro — 1 compétence en commun : \u2068hydraulique\u2069" in html and "Karim Hydro" in html
    assert "samira@diaspora.invalid" not in html and "karim@diaspora.invalid" not in html

    response = client.post(
        invite_url(water_need),
        {"experts": [samira_profile.pk, karim_profile.pk], "message": "Nous cherchons un appui pour l’étude."},
    )
    assert response.status_code == 302 and response["Location"] == invite_url(water_need)
    assert set(Invitation.objects.values_list("expert", flat=True)) == {samira_profile.pk, karim_profile.pk}
    mails = {mail["to"][0]: mail["message"] for mail in smtp_inbox.messages}
    assert set(mails) == {"samira@diaspora.invalid", "karim@diaspora.invalid"}
    french, arabic = mails["samira@diaspora.invalid"], mails["karim@diaspora.invalid"]
    assert french["Subject"].strip() == "Invitation à aider : « Réseau d'eau du douar »"
    body = french.get_content()
    assert "La commune de Tiznit vous invite" in body and "Nous cherchons un appui pour l’étude." in body
    assert settings.SITE_URL + water_need.url in body
    assert "دعوة" in arabic["Subject"]  # Karim reads Arabic
    for mail in (french, arabic):  # the commune's address does not travel with the invitation
        assert EDITOR_EMAIL not in mail.get_content()

    # Invited once: they show as such, and are no longer offered.
    html = client.get(invite_url(water_need)).content.decode()
    assert "Déjà invités" in html and 'name="experts"' not in html
    assert "Aucun autre expert n’est suggéré" in html
    # The expert finds the invitation in their space, with the commune's message.
    html = logged_in(samira).get("/espace/").content.decode()
    assert "Invitations reçues" in html and "Réseau d&#x27;eau du douar" in html
    assert "Nous cherchons un appui pour l’étude." in html
    # It is among the data the platform keeps about them.
    data = logged_in(samira).get("/espace/mes-donnees/").json()
    assert data["invitations_received"][0]["need"] == "Réseau d'eau du douar"


def test_who_may_invite(client, water_need, hydro_experts, ouijjane_editor, manager):
    samira, _profile = hydro_experts[0]
    response = client.get(invite_url(water_need))
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    for outsider in (samira, ouijjane_editor):  # an expert; another commune's editor
        client = logged_in(outsider)
        assert invite_url(water_need) not in client.get(water_need.url).content.decode()
        assert client.get(invite_url(water_need)).status_code == 403
        assert client.post(invite_url(water_need), {"experts": [hydro_experts[1][1].pk]}).status_code == 403
    assert not Invitation.objects.exists()
    assert logged_in(manager).get(invite_url(water_need)).status_code == 200  # the community manager


@pytest.mark.parametrize(
    "data, error",
    [
        ({}, "Choisissez au moins un expert à inviter."),
        ({"experts": ["abc"]}, "Sélectionnez un choix valide"),
        ({"experts": ["999999"]}, "Sélectionnez un choix valide"),  # not a suggested expert
        ({"experts": ["SAMIRA"], "message": "x" * 1001}, "au plus 1000 caractères"),
    ],
)
def test_bad_choices_are_refused_and_nothing_is_sent(
    water_need, hydro_experts, commune_editor, smtp_inbox, data, error
):
    if data.get("experts") == ["SAMIRA"]:
        data = {**data, "experts": [hydro_experts[0][1].pk]}
    response = logged_in(commune_editor).post(invite_url(water_need), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html, html[html.find("<main") :]
    assert not Invitation.objects.exists() and not smtp_inbox.messages


def test_an_expert_already_offering_help_is_not_offered_again(water_need, hydro_experts, commune_editor):
    samira, profile = hydro_experts[0]
    Offer.objects.create(
        need=water_need, author=samira, expert=profile, expert_name="Samira", kind="skills", message="1"
    )
    html = logged_in(commune_editor).get(invite_url(water_need)).content.decode()
    assert "Samira Hydro" not in html and "Karim Hydro" in html


def test_a_closed_need_takes_no_invitation(water_need, hydro_experts, commune_editor, smtp_inbox):
    water_need.status = "closed"
    water_need.save_revision().publish()
    client = logged_in(commune_editor)
    assert invite_url(water_need) not in client.get(water_need.url).content.decode()
    response = client.post(invite_url(water_need), {"experts": [hydro_experts[0][1].pk]})
    assert response.status_code == 400 and "Ce besoin est clos" in response.content.decode()
    assert not Invitation.objects.exists() and not smtp_inbox.messages


def test_the_community_manager_sees_every_invitation_in_the_admin(water_need, hydro_experts, manager, commune_editor):
    logged_in(commune_editor).post(invite_url(water_need), {"experts": [hydro_experts[0][1].pk]})
    html = logged_in(manager).get("/admin/invitations/").content.decode()
    assert "Samira Hydro" in html and "Réseau d&#x27;eau du douar" in html
    assert logged_in(commune_editor).get("/admin/invitations/").status_code in (302, 403)


def test_invitations_are_rate_limited_per_account(water_need, hydro_experts, commune_editor, settings, smtp_inbox):
    settings.COMMUNITY_RATE_LIMITS = {**settings.COMMUNITY_RATE_LIMITS, "invitation": ("100/h", "1/h")}
    client = logged_in(commune_editor)
    first, second = (profile.pk for _user, profile in hydro_experts)
    assert client.post(invite_url(water_need), {"experts": [first]}).status_code == 302
    response = client.post(invite_url(water_need), {"experts": [second], "message": "Gardé"})
    assert response.status_code == 429 and "Gardé" in response.content.decode()  # what was typed is kept
    assert Invitation.objects.count() == 1 and len(smtp_inbox.messages) == 1


def test_invitations_are_all_made_or_none(water_need, hydro_experts, commune_editor, smtp_inbox):
    """A colleague invited one of the chosen experts a moment earlier: nothing is half-made."""
    from community.invitations import InvitationError, invite

    samira, karim = (profile for _user, profile in hydro_experts)
    invite(need=water_need, experts=[samira], sender=commune_editor)
    with pytest.raises(InvitationError, match="vient d’être invité"):
        invite(need=water_need, experts=[karim, samira], sender=commune_editor)
    assert list(Invitation.objects.values_list("expert", flat=True)) == [samira.pk]
    assert [mail["to"] for mail in smtp_inbox.messages] == [["samira@diaspora.invalid"]]


# --- From an expert's profile ------------------------------------------------------------
def invite_expert_url(profile):
    return f"/espace/experts/{profile.pk}/inviter/"


def test_the_commune_invites_an_expert_from_their_profile(water_need, hydro_experts, commune_editor, smtp_inbox):
    _samira, profile = hydro_experts[0]
    client = logged_in(commune_editor)
    assert invite_expert_url(profile) in client.get(profile.url).content.decode()
    html = client.get(invite_expert_url(profile)).content.decode()
    assert "Réseau d&#x27;eau du douar" in html  # the open needs of the editor's commune
    response = client.post(invite_expert_url(profile), {"need": water_need.pk, "message": "Bonjour"})
    assert response.status_code == 302 and response["Location"] == profile.url
    assert Invitation.objects.get().need == water_need
    [mail] = smtp_inbox.messages
    assert mail["to"] == ["samira@diaspora.invalid"] and "Bonjour" in mail["message"].get_content()
    # Invited on it: that need is no longer offered, here nor among the need's suggestions.
    html = client.get(invite_expert_url(profile)).content.decode()
    assert "Vous n’avez aucun besoin ouvert sur lequel inviter cet expert" in html
    assert "Samira Hydro" not in client.get(invite_url(water_need)).content.decode().split("Déjà invités")[0]


def test_who_may_invite_from_a_profile(client, water_need, hydro_experts, manager, directory):
    from .factories import ExpertProfilePageFactory

    samira, profile = hydro_experts[0]
    assert invite_expert_url(profile) not in client.get(profile.url).content.decode()  # a visitor
    assert client.get(invite_expert_url(profile))["Location"].startswith("/compte/login/")
    expert_client = logged_in(samira)
    assert invite_expert_url(profile) not in expert_client.get(profile.url).content.decode()
    assert expert_client.post(invite_expert_url(profile), {"need": water_need.pk}).status_code == 403
    # The community manager is offered the needs the platform suggests for the expert.
    assert "Réseau d&#x27;eau du douar" in logged_in(manager).get(invite_expert_url(profile)).content.decode()
    # A profile with no account behind it cannot be told: a clear answer, nothing made.
    orphan = ExpertProfilePageFactory(parent=directory, title="Sans Compte")
    response = logged_in(manager).post(invite_expert_url(orphan), {"need": water_need.pk})
    assert response.status_code == 400 and "pas de compte" in response.content.decode()
    assert not Invitation.objects.exists()


def test_another_communes_need_cannot_be_chosen(
    water_need, hydro_experts, ouijjane, theme, ouijjane_editor, smtp_inbox
):
    _samira, profile = hydro_experts[0]
    NeedPageFactory(parent=ouijjane, theme=theme, title="Piste de Ouijjane")
    assert "Piste de Ouijjane" in logged_in(ouijjane_editor).get(invite_expert_url(profile)).content.decode()
    response = logged_in(ouijjane_editor).post(invite_expert_url(profile), {"need": water_need.pk})
    assert response.status_code == 400 and "Sélectionnez un choix valide" in response.content.decode()
    assert not Invitation.objects.exists() and not smtp_inbox.messages


def test_an_expert_offering_help_meanwhile_is_not_invited(water_need, hydro_experts, commune_editor, smtp_inbox):
    """The expert offered help between the page and the click: the invitation is refused."""
    from community.invitations import InvitationError, invite

    samira, profile = hydro_experts[0]
    Offer.objects.create(
        need=water_need, author=samira, expert=profile, expert_name="Samira", kind="skills", message="1"
    )
    with pytest.raises(InvitationError, match="propose déjà son aide"):
        invite(need=water_need, experts=[profile], sender=commune_editor)
    assert not Invitation.objects.exists() and not smtp_inbox.messages


def test_the_commune_follows_its_invitations(water_need, hydro_experts, commune_editor, ouijjane_editor, manager):
    (samira, samira_profile), (_karim, karim_profile) = hydro_experts
    client = logged_in(commune_editor)
    client.post(invite_url(water_need), {"experts": [samira_profile.pk, karim_profile.pk]})
    html = client.get("/espace/commune/").content.decode()
    assert "Invitations envoyées" in html and html.count("pas encore") == 2
    Offer.objects.create(
        need=water_need, author=samira, expert=samira_profile, expert_name="Samira", kind="skills", message="1"
    )
    html = client.get("/espace/commune/").content.decode()
    assert html.count("a proposé son aide") == 1 and html.count("pas encore") == 1
    assert "Karim Hydro" in logged_in(manager).get("/espace/commune/").content.decode()  # every commune's
    assert "Karim Hydro" not in logged_in(ouijjane_editor).get("/espace/commune/").content.decode()
