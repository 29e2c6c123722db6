"""The community loop: an expert builds a profile (moderated), offers help on a need, the
commune accepts, they talk, pledges are counted; follows and digests; the member's data.
Emails go over a real SMTP server."""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from community.models import DigestSubscription, Follow, Message, Offer, OfferEvent
from experts.models import ExpertPrivateDetails, ExpertProfilePage

from .community_fixtures import (  # noqa: F401  (fixtures)
    PASSWORD,
    approve,
    expert_member,
    make_member,
    other_expert,
    png_upload,
)
from .factories import ExpertProfilePageFactory, NeedPageFactory
from .smtp import smtp_inbox  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def profile_data(**overrides):
    data = {
        "title": "Nadia Ait Lahcen",
        "headline": "Ingénieure en hydraulique rurale",
        "bio": "Quinze ans de réseaux d’eau potable.\n\nJe parle tachelhit.",
        "skills": "hydraulique, SIG",
        "country": "FR",
        "city": "Lyon",
        "years_of_experience": "15",
        "availability_hours": "10",
        "engagement": ["offers_remote_advice", "offers_on_site_mission"],
        "email": "nadia.contact@diaspora.invalid",
        "phone": "+33 6 11 22 33 44",
        "gender": "woman",
    }
    data.update(overrides)
    return data


def offer_on(client, need, **data):
    payload = {"kind": "skills", "message": "Je peux faire l’étude de faisabilité.", "hours": "20"}
    payload.update(data)
    return client.post(f"/espace/besoins/{need.pk}/aider/", payload)


# --- Profiles --------------------------------------------------------------------------
def test_a_new_profile_waits_for_moderation_then_goes_live(client, manager, smtp_inbox, theme, search_backend):
    member = make_member("nadia@diaspora.invalid")
    client.force_login(member)
    assert client.get("/espace/profil/").status_code == 200
    response = client.post("/espace/profil/", {**profile_data(themes=[theme.pk]), "photo": png_upload()})
    assert response.status_code == 302, response.content.decode()[:3000]
    details = ExpertPrivateDetails.objects.get(owner=member)
    profile = details.profile
    assert (details.email, details.phone, details.gender) == (
        "nadia.contact@diaspora.invalid",
        "+33 6 11 22 33 44",
        "woman",
    )
    assert not profile.live and profile.current_workflow_state is not None
    assert Client().get(profile.url).status_code == 404  # not public before moderation
    assert "Nadia Ait Lahcen" not in Client().get("/experts/").content.decode()

    approve(profile, manager)
    profile.refresh_from_db()
    assert profile.live and profile.photo is not None
    assert [tag.name for tag in profile.skills.all()] == ["hydraulique", "SIG"] or {
        t.name for t in profile.skills.all()
    } == {"hydraulique", "SIG"}
    html = Client().get(profile.url).content.decode()
    assert "Ingénieure en hydraulique rurale" in html and "<p>Je parle tachelhit.</p>" in html
    [mail] = [m for m in smtp_inbox.messages if m["to"] == ["nadia@diaspora.invalid"]]
    assert profile.url in mail["message"].get_content()

    # A later edit is moderated too; the published version stays visible meanwhile.
    client.post("/espace/profil/", profile_data(headline="Hydrogéologue"))
    profile.refresh_from_db()
    assert profile.live and profile.headline == "Ingénieure en hydraulique rurale"
    assert profile.get_latest_revision_as_object().headline == "Hydrogéologue"
    assert profile.current_workflow_state is not None
    assert "Hydrogéologue" not in Client().get(profile.url).content.decode()
    approve(profile, manager)
    assert "Hydrogéologue" in Client().get(profile.url).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"headline": ""}, "headline"),
        ({"email": "pas-un-email"}, "email"),
        ({"phone": "appelez-moi"}, "phone"),
        ({"years_of_experience": "120"}, "years_of_experience"),
        ({"country": "ZZ"}, "country"),
        ({"skills": ", ".join(f"s{i}" for i in range(25))}, "skills"),
    ],
)
def test_profile_errors_are_clear_and_nothing_is_saved(client, overrides, field_error):
    member = make_member("errors@diaspora.invalid")
    client.force_login(member)
    response = client.post("/espace/profil/", profile_data(**overrides))
    assert response.status_code == 200
    assert field_error in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    assert not ExpertPrivateDetails.objects.filter(owner=member).exists()
    assert not ExpertProfilePage.objects.filter(title="Nadia Ait Lahcen").exists()


def test_a_photo_must_be_an_image_of_reasonable_size(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images import get_image_model

    member = make_member("photo@diaspora.invalid")
    client.force_login(member)
    fake = SimpleUploadedFile("photo.png", b"#!/bin/sh\necho not an image", content_type="image/png")
    response = client.post("/espace/profil/", {**profile_data(), "photo": fake})
    assert "photo" in response.context["form"].errors
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = client.post("/espace/profil/", {**profile_data(), "photo": png_upload(size=(400, 400))})
    assert "photo" in response.context["form"].errors
    assert not get_image_model().objects.filter(uploaded_by_user=member).exists()
    assert not ExpertPrivateDetails.objects.filter(owner=member).exists()


def test_an_expert_cannot_edit_another_profile(expert_member, other_expert):
    user, profile = expert_member
    _other_user, other_profile = other_expert
    client = logged_in(user)
    client.post("/espace/profil/", profile_data(title="Samira Modifiée"))
    other_profile.refresh_from_db()
    profile.refresh_from_db()
    assert other_profile.get_latest_revision_as_object().title == "Karim Test"  # untouched
    assert profile.get_latest_revision_as_object().title == "Samira Modifiée"
    # The admin is closed to members.
    assert client.get(f"/admin/pages/{other_profile.pk}/edit/").status_code == 302


# --- Offers ----------------------------------------------------------------------------
@pytest.fixture
def commune_editor(tiznit_editor):
    tiznit_editor.email = "adc.tiznit@commune.invalid"
    tiznit_editor.save()
    return tiznit_editor


def test_an_expert_offers_help_and_the_commune_is_told(expert_member, need, commune_editor, smtp_inbox):
    user, profile = expert_member
    client = logged_in(user)
    assert "Je peux aider" in client.get(need.url).content.decode()
    response = offer_on(client, need)
    offer = Offer.objects.get(need=need, author=user)
    assert response.status_code == 302 and response["Location"] == f"/espace/offres/{offer.pk}/"
    assert offer.status == "proposed" and offer.expert == profile and offer.hours == 20
    assert list(offer.events.values_list("status", flat=True)) == ["proposed"]
    [mail] = [m for m in smtp_inbox.messages if m["to"] == ["adc.tiznit@commune.invalid"]]
    assert need.title in mail["message"]["Subject"]
    assert f"/espace/offres/{offer.pk}/" in mail["message"].get_content()

    # Offering twice: sent back to the open offer, nothing new.
    response = offer_on(client, need)
    assert response["Location"] == f"/espace/offres/{offer.pk}/"
    assert Offer.objects.filter(need=need, author=user).count() == 1


def test_the_one_open_offer_rule_holds_in_the_database(expert_member, need):
    from django.db import IntegrityError, transaction

    user, profile = expert_member
    Offer.objects.create(need=need, author=user, expert=profile, expert_name="x", kind="skills", message="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(need=need, author=user, expert=profile, expert_name="x", kind="skills", message="2")
    Offer.objects.update(status="withdrawn")
    Offer.objects.create(need=need, author=user, expert=profile, expert_name="x", kind="skills", message="3")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "financing", "amount": "", "currency": "EUR"}, "amount"),
        ({"kind": "financing", "amount": "5000", "currency": ""}, "currency"),
        ({"kind": "equipment", "items": ""}, "items"),
        ({"kind": "skills", "hours": ""}, "hours"),
        ({"message": ""}, "message"),
        ({"hours": "-3"}, "hours"),
    ],
)
def test_offer_errors_are_clear_and_nothing_is_saved(expert_member, need, data, field):
    user, _profile = expert_member
    response = offer_on(logged_in(user), need, **data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Offer.objects.exists()


def test_the_offer_form_fits_the_kind_of_help_and_recalls_the_need(expert_member, need):
    """Issue #37.6: the kind first (plain links), then only its fields, the need's request
    beside the form; an unknown kind goes back to the choice and saves nothing."""
    need.needs_financing, need.needs_skills = True, False
    need.estimated_budget, need.funds_secured = 400_000, 100_000
    need.skills.add("hydraulique")
    need.save_revision().publish()
    user, _profile = expert_member
    client = logged_in(user)
    url = f"/espace/besoins/{need.pk}/aider/"
    choice = client.get(url).content.decode()
    kinds = re.findall(r'href="\?kind=(\w+)"', choice)
    assert kinds[0] == "financing" and set(kinds) == {"skills", "equipment", "financing", "network"}
    assert "hydraulique" in choice and "300" in choice  # the skills sought, what is left to fund
    form = client.get(url, {"kind": "financing"}).context["form"]
    assert set(form.fields) == {"kind", "message", "amount", "currency"}
    assert set(client.get(url, {"kind": "skills"}).context["form"].fields) == {"kind", "message", "hours"}
    response = client.post(url, {"kind": "magic", "message": "Bonjour"})
    assert response.status_code == 200 and "form" not in response.context
    # An introduction needs nothing but its message.
    response = client.post(f"{url}?kind=network", {"kind": "network", "message": "Je connais la fondation X."})
    assert response.status_code == 302
    assert Offer.objects.get().kind == "network"


def test_who_may_not_offer_help(client, need, commune_editor, manager, directory):
    # A visitor is sent to log in, a member without profile to create one, staff are refused.
    response = offer_on(client, need)
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    member = make_member("noprofile@diaspora.invalid")
    response = offer_on(logged_in(member), need)
    assert response["Location"] == f"/espace/profil/?next={need.pk}"
    # Once the profile is written, back to the offer form of that need.
    response = logged_in(member).post(response["Location"], profile_data())
    assert response["Location"] == f"/espace/besoins/{need.pk}/aider/"
    ExpertPrivateDetails.objects.filter(owner=member).delete()
    for staff in (commune_editor, manager):
        # Even with a profile of their own, staff answer offers rather than make them.
        profile = ExpertProfilePageFactory(parent=directory)
        ExpertPrivateDetails.objects.create(profile=profile, owner=staff, email=staff.email)
        response = offer_on(logged_in(staff), need)
        assert response.status_code == 403
        assert "Seuls les experts peuvent proposer leur aide" in response.content.decode()
    assert not Offer.objects.exists()
    # A closed need takes no offers.
    need.status = "closed"
    need.save_revision().publish()
    user = make_member("late@diaspora.invalid")
    assert offer_on(logged_in(user), need).status_code in (302, 400)
    assert not Offer.objects.exists()


def make_offer(expert_member, need, **data):
    user, _profile = expert_member
    offer_on(logged_in(user), need, **data)
    return Offer.objects.get(need=need, author=user)


def test_accepting_reveals_contacts_to_both_sides_and_only_then(expert_member, need, commune_editor, smtp_inbox):
    user, _profile = expert_member
    offer = make_offer(expert_member, need)
    expert_client, commune_client = logged_in(user), logged_in(commune_editor)
    url = f"/espace/offres/{offer.pk}/"
    assert "samira@diaspora.invalid" not in commune_client.get(url).content.decode()
    assert "adc.tiznit@commune.invalid" not in expert_client.get(url).content.decode()
    listing = commune_client.get("/espace/commune/").content.decode()
    assert url in listing

    response = commune_client.post(url + "statut/", {"status": "accepted", "note": "Bienvenue, appelons-nous."})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "accepted"
    assert "samira@diaspora.invalid" in commune_client.get(url).content.decode()
    assert "adc.tiznit@commune.invalid" in expert_client.get(url).content.decode()
    [mail] = [m for m in smtp_inbox.messages if m["to"] == ["samira@diaspora.invalid"]]
    assert "Bienvenue, appelons-nous." in mail["message"].get_content()

    # proposed → accepted → in progress → completed, each step dated in the history.
    commune_client.post(url + "statut/", {"status": "in_progress"})
    commune_client.post(url + "statut/", {"status": "completed"})
    assert list(OfferEvent.objects.filter(offer=offer).values_list("status", flat=True)) == [
        "proposed",
        "accepted",
        "in_progress",
        "completed",
    ]
    assert all(OfferEvent.objects.filter(offer=offer).values_list("at", flat=True))


def test_refused_steps_say_why_and_change_nothing(expert_member, need, commune_editor, ouijjane_editor):
    user, _profile = expert_member
    offer = make_offer(expert_member, need)
    url = f"/espace/offres/{offer.pk}/"
    commune = logged_in(commune_editor)
    commune.post(url + "statut/", {"status": "declined", "note": "Déjà pourvu."})
    # Accepting an already declined offer.
    response = commune.post(url + "statut/", {"status": "accepted"}, follow=True)
    assert "ce changement n’est plus possible" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == "declined"
    # The expert may not accept their own offer; an editor of another commune may do nothing.
    offer.status = "proposed"
    offer.save()
    logged_in(user).post(url + "statut/", {"status": "accepted"})
    other = logged_in(ouijjane_editor)
    response = other.post(url + "statut/", {"status": "accepted"})
    assert response.status_code == 403
    response = other.post(url, {"body": "Bonjour"})
    assert response.status_code == 403 and "Cette offre ne vous concerne pas" in response.content.decode()
    assert other.get(url).status_code == 403
    offer.refresh_from_db()
    assert offer.status == "proposed" and not Message.objects.exists()
    # A status that does not exist.
    response = commune.post(url + "statut/", {"status": "teleported"}, follow=True)
    assert "Ce changement de statut n’existe pas." in response.content.decode()


def test_messaging_on_someone_elses_offer_is_refused(expert_member, other_expert, need):
    offer = make_offer(expert_member, need)
    intruder, _profile = other_expert
    response = logged_in(intruder).post(f"/espace/offres/{offer.pk}/", {"body": "Je m’invite."})
    assert response.status_code == 403
    assert not Message.objects.exists()
    assert Client().get(f"/espace/offres/{offer.pk}/").status_code == 302  # visitors log in first


def test_a_conversation_notifies_the_other_side_in_their_language(expert_member, need, commune_editor, smtp_inbox):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(commune_editor)
    profile.preferred_language = "ar"
    profile.save()
    user, _profile = expert_member
    offer = make_offer(expert_member, need)
    smtp_inbox.messages.clear()
    url = f"/espace/offres/{offer.pk}/"
    logged_in(user).post(url, {"body": "Pouvez-vous m'envoyer le PCD & le devis ?"})
    [mail] = smtp_inbox.messages
    assert mail["to"] == ["adc.tiznit@commune.invalid"]
    assert "Pouvez-vous m'envoyer le PCD & le devis ?" in mail["message"].get_content()  # plain text, not HTML
    assert re.search("[\u0600-\u06ff]", mail["message"]["Subject"])  # Arabic subject
    assert f"/ar/espace/offres/{offer.pk}/" in mail["message"].get_content()
    smtp_inbox.messages.clear()
    logged_in(commune_editor).post(url, {"body": "Le voici."})
    [mail] = smtp_inbox.messages
    assert mail["to"] == ["samira@diaspora.invalid"] and "Le voici." in mail["message"].get_content()
    html = logged_in(user).get(url).content.decode()
    assert "Pouvez-vous m&#x27;envoyer le PCD &amp; le devis ?" in html and "Le voici." in html
    # An empty message is refused.
    response = logged_in(user).post(url, {"body": "   "})
    assert "body" in response.context["form"].errors and Message.objects.count() == 2


def test_messages_are_rate_limited_per_account(expert_member, need, settings):
    settings.COMMUNITY_RATE_LIMITS = {**settings.COMMUNITY_RATE_LIMITS, "message": ("100/h", "2/h")}
    user, _profile = expert_member
    offer = make_offer(expert_member, need)
    client = logged_in(user)
    statuses = [client.post(f"/espace/offres/{offer.pk}/", {"body": f"Message {i}"}).status_code for i in range(3)]
    assert statuses == [302, 302, 429]
    assert Message.objects.count() == 2


def test_offers_are_rate_limited_per_ip(directory, theme, tiznit, search_backend, settings):
    settings.COMMUNITY_RATE_LIMITS = {**settings.COMMUNITY_RATE_LIMITS, "offer": ("1/h", "100/h")}
    from .community_fixtures import make_expert

    needs = [NeedPageFactory(parent=tiznit, theme=theme) for _ in range(2)]
    first, _p = make_expert(directory, "first@diaspora.invalid")
    second, _p = make_expert(directory, "second@diaspora.invalid")
    assert offer_on(logged_in(first), needs[0]).status_code == 302
    response = offer_on(logged_in(second), needs[1])
    assert response.status_code == 429
    assert "Réessayez dans quelques minutes" in response.content.decode()
    assert Offer.objects.count() == 1


def test_pledges_show_on_the_need_and_the_manager_marks_them_received(expert_member, need, commune_editor, manager):
    need.needs_financing = True
    need.estimated_budget, need.funds_secured = 300_000, 100_000
    need.save_revision().publish()
    offer = make_offer(expert_member, need, kind="financing", amount="10000", currency="EUR", hours="")
    assert (offer.amount == 10_000 and offer.currency == "EUR" and offer.hours == 20) or offer.hours is None
    html = Client().get(need.url).content.decode()
    assert "Promesses de financement" not in html  # a proposal is not a promise yet
    logged_in(commune_editor).post(f"/espace/offres/{offer.pk}/statut/", {"status": "accepted"})
    html = Client().get(need.url).content.decode()
    assert re.search(r"10[\s\u202f\u00a0.,]?000 EUR", html)
    # 200,000 MAD missing − 10,000 EUR × 10.8 = 92,000 MAD still to find.
    assert re.search(r"92[\s\u202f\u00a0.,]?000 MAD", html)

    url = f"/espace/offres/{offer.pk}/versement-recu/"
    assert logged_in(commune_editor).post(url).status_code == 403
    logged_in(manager).post(url)
    offer.refresh_from_db()
    assert offer.received_at is not None
    assert "Déjà reçu" in Client().get(need.url).content.decode()


def test_an_experts_space_lists_their_offers_and_states(expert_member, need):
    user, _profile = expert_member
    offer = make_offer(expert_member, need)
    html = logged_in(user).get("/espace/").content.decode()
    assert need.title in html and f"/espace/offres/{offer.pk}/" in html and "Proposée" in html
    # The expert withdraws.
    logged_in(user).post(f"/espace/offres/{offer.pk}/statut/", {"status": "withdrawn"})
    offer.refresh_from_db()
    assert offer.status == "withdrawn"


def test_commune_space_is_for_commune_people_only(expert_member, need, commune_editor, ouijjane_editor):
    offer = make_offer(expert_member, need)
    user, _profile = expert_member
    assert logged_in(user).get("/espace/commune/").status_code == 403
    assert f"/espace/offres/{offer.pk}/" not in logged_in(ouijjane_editor).get("/espace/commune/").content.decode()
    response = logged_in(commune_editor).get("/espace/commune/?status=banane")
    assert response.status_code == 200 and "Ce filtre de statut n’existe pas" in response.content.decode()
    assert (
        f"/espace/offres/{offer.pk}/"
        in logged_in(commune_editor).get("/espace/commune/?status=proposed").content.decode()
    )
    assert (
        f"/espace/offres/{offer.pk}/"
        not in logged_in(commune_editor).get("/espace/commune/?status=accepted").content.decode()
    )


def test_the_admin_lists_offers_with_a_stale_filter(expert_member, need, manager):
    from django.utils import timezone

    offer = make_offer(expert_member, need)
    client = logged_in(manager)
    response = client.get("/admin/offers/")
    assert response.status_code == 200 and need.title in response.content.decode()
    assert need.title not in client.get("/admin/offers/?stale=true").content.decode()
    Offer.objects.filter(pk=offer.pk).update(status_changed_at=timezone.now() - timezone.timedelta(days=15))
    assert need.title in client.get("/admin/offers/?stale=true").content.decode()
    assert need.title not in client.get("/admin/offers/?status=completed").content.decode()
    assert client.get(f"/admin/offers/?commune={need.get_parent().pk}").status_code == 200


# --- Follows and digests ---------------------------------------------------------------
def test_follow_a_territory_and_a_theme_then_get_a_digest(tiznit, theme, smtp_inbox, search_backend):
    member = make_member("suiveuse@diaspora.invalid", language="en")
    client = logged_in(member)
    province = tiznit.get_parent()
    response = client.post("/espace/suivre/", {"territory": province.pk})
    assert response.status_code == 302
    client.post("/espace/suivis/themes/", {"themes": [theme.pk], "digest": "on"})
    assert Follow.objects.filter(user=member).count() == 2
    assert client.post("/espace/suivre/", {"territory": "abc"}).status_code == 302  # ignored with a message
    assert Follow.objects.filter(user=member).count() == 2

    need = NeedPageFactory(parent=tiznit, theme=theme, title="Château d’eau de Tiznit", live=False)
    need.save_revision().publish()
    call_command("send_digests", stdout=io.StringIO())
    [mail] = smtp_inbox.messages
    body = mail["message"].get_content()
    assert "Château d’eau de Tiznit" in body and "/en/" in body
    unsubscribe = re.search(r"https?://[^/\s]+(/\S*desabonnement/\S+)", body).group(1)
    assert (
        mail["message"]["List-Unsubscribe"] == f"<http://127.0.0.1:8000{unsubscribe}>"
        or unsubscribe in mail["message"]["List-Unsubscribe"]
    )

    # Nothing new: no second email. Then one click, without logging in, unsubscribes.
    call_command("send_digests", stdout=io.StringIO())
    assert len(smtp_inbox.messages) == 1
    response = Client().get(unsubscribe)
    assert response.status_code == 200
    assert not DigestSubscription.objects.get(user=member).active
    NeedPageFactory(parent=tiznit, theme=theme, live=False).save_revision().publish()
    call_command("send_digests", stdout=io.StringIO())
    assert len(smtp_inbox.messages) == 1
    assert Client().get("/espace/desabonnement/forged-token/").status_code == 400


# --- The member's data -------------------------------------------------------------------
def test_an_expert_downloads_all_their_data(expert_member, need):
    user, profile = expert_member
    make_offer(expert_member, need)
    response = logged_in(user).get("/espace/mes-donnees/")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["account"]["email"] == "samira@diaspora.invalid"
    assert data["expert_profile"]["display_name"] == profile.title
    assert data["expert_profile"]["private"]["email"] == "samira@diaspora.invalid"
    assert data["offers"][0]["need"] == need.title and data["offers"][0]["history"][0]["status"] == "proposed"


@pytest.mark.search
def test_deleting_an_account_removes_the_profile_everywhere_and_anonymises_offers(expert_member, need, search_backend):
    user, profile = expert_member
    offer = make_offer(expert_member, need)
    search_backend.refresh()
    assert ExpertProfilePage.objects.live().search(profile.title).results()
    client = logged_in(user)
    response = client.post("/espace/supprimer-mon-compte/", {"password": "wrong"})
    assert "password" in response.context["form"].errors
    assert get_user_model().objects.filter(pk=user.pk).exists()

    response = client.post("/espace/supprimer-mon-compte/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not Page.objects.filter(pk=profile.pk).exists()
    assert Client().get(profile.url).status_code == 404
    assert Client().get(f"/api/v2/pages/{profile.pk}/").status_code == 404
    search_backend.refresh()
    assert not ExpertProfilePage.objects.live().search(profile.title).results()
    offer.refresh_from_db()
    assert offer.author is None and offer.expert is None and offer.expert_name == ""
    assert str(offer.expert_label) == "Expert·e (compte supprimé)"
    assert "Samira" not in json.dumps(list(Offer.objects.values()), default=str)


def test_the_commune_keeps_the_anonymised_offer(expert_member, need, commune_editor):
    user, _profile = expert_member
    offer = make_offer(expert_member, need)
    logged_in(user).post("/espace/supprimer-mon-compte/", {"password": PASSWORD})
    html = logged_in(commune_editor).get(f"/espace/offres/{offer.pk}/").content.decode()
    assert "Expert·e (compte supprimé)" in html and "Samira" not in html


def test_the_offer_page_tells_one_story(expert_member, need, commune_editor):
    """Issue #37.7: the offer, the messages and each change of status in one thread, in order."""
    user, _profile = expert_member
    expert, commune = logged_in(user), logged_in(commune_editor)
    offer_on(expert, need, message="Je peux faire l’étude.")
    offer = Offer.objects.get()
    commune.post(f"/espace/offres/{offer.pk}/", {"body": "Merci : pouvez-vous venir en mars ?"})
    commune.post(f"/espace/offres/{offer.pk}/statut/", {"status": "accepted", "note": "Bienvenue dans le projet."})
    expert.post(f"/espace/offres/{offer.pk}/", {"body": "Oui, la deuxième semaine."})
    html = expert.get(f"/espace/offres/{offer.pk}/").content.decode()
    assert html.count('class="thread"') == 1 and "Historique" not in html
    thread = html[html.index('class="thread"') :]
    order = [
        "Je peux faire l’étude.",
        "pouvez-vous venir en mars",
        "Acceptée",
        "Bienvenue dans le projet.",
        "la deuxième semaine",
    ]
    positions = [thread.index(text) for text in order]
    assert positions == sorted(positions)


def test_a_commune_editors_space_has_no_empty_expert_profile_heading(commune_editor):
    html = logged_in(commune_editor).get("/espace/").content.decode()
    assert "Espace commune" in html and "Mon profil d’expert" not in html
