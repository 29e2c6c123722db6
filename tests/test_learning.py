"""The learning spaces: the library (faceted), events (registration, waiting list, time zones,
.ics, reminders), thematic networks (posts, replies, solutions, moderation, reports, digest,
safe user text). Emails go over a real SMTP server."""

import io
import zoneinfo
from datetime import datetime, timedelta

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from wagtail.models import Locale

from community.models import DigestSubscription
from learning.models import (
    EventIndexPage,
    EventPage,
    EventRegistration,
    NetworkPage,
    Post,
    Reply,
    Report,
    ResourceIndexPage,
    ResourcePage,
)

from .community_fixtures import expert_member, make_member, other_expert  # noqa: F401  (fixtures)
from .smtp import smtp_inbox  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
CASABLANCA = zoneinfo.ZoneInfo("Africa/Casablanca")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- The library -------------------------------------------------------------------------------
def make_resource(theme=None, **fields):
    library = ResourceIndexPage.objects.get(locale=Locale.get_default())
    defaults = {"title": "Guide", "summary": "Un guide.", "for_communes": True, "theme": theme}
    defaults.update(fields)
    resource = ResourcePage(**defaults)
    library.add_child(instance=resource)
    return resource


def test_a_resource_needs_an_audience_and_tells_its_reading_time(theme):
    resource = ResourcePage(title="Sans public", summary="x")
    with pytest.raises(ValidationError) as error:
        resource.clean()
    assert "for_communes" in error.value.message_dict
    long = make_resource(theme, title="Long", body="<p>" + "mot " * 450 + "</p>", slug="long")
    assert long.reading_time == 3  # 452 words at 200 a minute, rounded up
    assert make_resource(theme, title="Dit", reading_minutes=12, slug="dit").reading_time == 12


@pytest.mark.search
def test_the_library_is_searchable_and_faceted(theme, search_backend):
    make_resource(theme, title="Rédiger une fiche projet", kind="guide", for_communes=True, slug="a")
    make_resource(theme, title="Modèle de plan de financement", kind="template", for_experts=True, slug="b")
    make_resource(
        None, title="Droits sociaux des migrants", kind="guide", for_experts=True, for_communes=False, slug="c"
    )
    search_backend.refresh()
    response = Client().get("/ressources/", {"audience": "experts"})
    assert response.status_code == 200
    titles = [page.title for page in response.context["results"]]
    assert sorted(titles) == ["Droits sociaux des migrants", "Modèle de plan de financement"]
    facets = {facet.param: {o.value: o.count for o in facet.options} for facet in response.context["facets"]}
    assert facets["type"] == {"guide": 1, "template": 1}
    response = Client().get("/ressources/", {"q": "financement", "theme": theme.slug})
    assert [page.title for page in response.context["results"]] == ["Modèle de plan de financement"]
    # The site-wide search has a group for the library, linked to its faceted page.
    groups = {group["key"]: group for group in Client().get("/recherche/", {"q": "financement"}).context["groups"]}
    assert [page.title for page in groups["resources"]["results"]] == ["Modèle de plan de financement"]
    response = Client().get("/ressources/", {"type": "<script>", "audience": "nobody"})
    assert response.status_code == 200 and "<script>" not in response.content.decode()
    assert len(response.context["results"]) == 3


# --- Events ------------------------------------------------------------------------------------
def make_event(capacity=2, starts_at=None, **fields):
    agenda = EventIndexPage.objects.get(locale=Locale.get_default())
    starts_at = starts_at or timezone.now() + timedelta(days=10)
    defaults = {
        "title": "Atelier fiche projet",
        "summary": "Écrire la fiche projet.",
        "kind": EventPage.Kind.WORKSHOP,
        "place": "Tiznit",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=3),
        "capacity": capacity,
    }
    defaults.update(fields)
    event = EventPage(**defaults)
    agenda.add_child(instance=event)
    return event


def test_event_rules():
    start = timezone.now()
    event = EventPage(title="x", summary="x", kind="online", starts_at=start, ends_at=start - timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert {"ends_at", "online_url"} <= set(error.value.message_dict)


def test_register_fill_the_event_then_wait_and_be_promoted(smtp_inbox):
    event = make_event(capacity=2)
    first, second, third = (make_member(f"m{i}@diaspora.invalid") for i in range(3))
    url = f"/espace/apprendre/evenements/{event.pk}/inscription/"
    for member in (first, second, third):
        assert logged_in(member).post(url).status_code == 302
    statuses = dict(EventRegistration.objects.values_list("user__username", "status"))
    assert statuses == {"m0": "registered", "m1": "registered", "m2": "waiting"}
    # Registering twice changes nothing.
    logged_in(first).post(url)
    assert EventRegistration.objects.count() == 3
    page = logged_in(third).get(event.url)
    assert "liste d’attente" in page.content.decode()
    assert page.context["places_left"] == 0

    # The confirmation carries the calendar file; the waiting list notice does not.
    confirmation = next(m["message"] for m in smtp_inbox.messages if m["to"] == ["m0@diaspora.invalid"])
    assert "confirmée" in confirmation["Subject"]
    assert "(heure du Maroc)" in confirmation.get_body().get_content()
    ics = [part for part in confirmation.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert len(ics) == 1
    waiting = next(m["message"] for m in smtp_inbox.messages if m["to"] == ["m2@diaspora.invalid"])
    assert not list(waiting.iter_attachments())

    # The first cancels: the first on the waiting list takes the place and is told.
    smtp_inbox.messages.clear()
    assert logged_in(first).post(f"/espace/apprendre/evenements/{event.pk}/annulation/").status_code == 302
    statuses = dict(EventRegistration.objects.values_list("user__username", "status"))
    assert statuses == {"m0": "cancelled", "m1": "registered", "m2": "registered"}
    assert [m["to"] for m in smtp_inbox.messages] == [["m2@diaspora.invalid"]]
    assert list(smtp_inbox.messages[0]["message"].iter_attachments())


def test_only_members_register_and_not_for_a_past_event():
    event = make_event()
    response = Client().post(f"/espace/apprendre/evenements/{event.pk}/inscription/")
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    past = make_event(starts_at=timezone.now() - timedelta(days=3), slug="passe", report="<p>Ce qui s’est dit.</p>")
    member = make_member("late@diaspora.invalid")
    response = logged_in(member).post(f"/espace/apprendre/evenements/{past.pk}/inscription/")
    assert response.status_code == 400 and "passé" in response.content.decode()
    assert not EventRegistration.objects.exists()
    page = Client().get(past.url).content.decode()
    assert "Ce qui s’est dit." in page and "M’inscrire" not in page


def test_the_time_is_shown_in_the_event_zone_and_the_readers():
    # 10:00 in Taroudant on 15 July 2027: Morocco is UTC+1, Paris UTC+2 (summer), Montréal UTC-4.
    start = datetime(2027, 7, 15, 10, 0, tzinfo=CASABLANCA)
    event = make_event(starts_at=start, time_zone="Africa/Casablanca")
    page = Client().get(event.url, {"tz": "Europe/Paris"}).content.decode()
    assert "15 juillet 2027 10:00" in page and "15 juillet 2027 11:00" in page
    page = Client().get(event.url, {"tz": "America/Montreal"}).content.decode()
    assert "15 juillet 2027 05:00" in page
    # Zones are named as people say them, in the reader's language; any other by its key.
    assert "Quand (heure du Maroc)" in page and "Chez vous (heure de Montréal)" in page
    assert '<option value="America/Montreal" selected>Heure de Montréal</option>' in page
    assert "Chez vous (Asia/Tokyo)" in Client().get(event.url, {"tz": "Asia/Tokyo"}).content.decode()
    page = Client().get(f"/ar{event.url}", {"tz": "Europe/Paris"}).content.decode()
    assert "توقيت المغرب" in page and "توقيت باريس" in page and "Africa/Casablanca</" not in page
    translation.activate("fr")  # the request left Arabic active: page URLs follow it
    # An unknown zone is said so, and the event's time is still there.
    response = Client().get(event.url, {"tz": "Mars/Olympus<script>"})
    assert response.status_code == 200
    assert "fuseau horaire est inconnu" in response.content.decode()
    assert "<script>" not in response.content.decode()
    # A member who set their time zone in their profile sees it without asking.
    from wagtail.users.models import UserProfile

    member = make_member("paris@diaspora.invalid")
    UserProfile.objects.filter(user=member).update(current_time_zone="Europe/Paris")
    assert "15 juillet 2027 11:00" in logged_in(member).get(event.url).content.decode()
    # The calendar file gives the instant in UTC: 09:00Z.
    response = Client().get(f"{event.url}ics/")
    calendar = icalendar.Calendar.from_ical(response.content)
    entry = next(iter(calendar.walk("VEVENT")))
    assert entry["DTSTART"].dt == datetime(2027, 7, 15, 9, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert entry["LOCATION"] == "Tiznit"


def test_online_link_only_for_registered_members(smtp_inbox):
    event = make_event(kind="online", place="", online_url="https://visio.example.org/secret-room", slug="en-ligne")
    assert "secret-room" not in Client().get(event.url).content.decode()
    assert b"secret-room" not in Client().get(f"{event.url}ics/").content
    member = make_member("online@diaspora.invalid")
    logged_in(member).post(f"/espace/apprendre/evenements/{event.pk}/inscription/")
    message = smtp_inbox.messages[0]["message"]
    assert "secret-room" in message.get_body().get_content()


def test_reminders_go_once_the_day_before(smtp_inbox):
    soon = make_event(starts_at=timezone.now() + timedelta(hours=20), slug="demain", capacity=5)
    later = make_event(starts_at=timezone.now() + timedelta(days=3), slug="plus-tard", capacity=5)
    member = make_member("rappel@diaspora.invalid", language="ar")
    for event in (soon, later):
        logged_in(member).post(f"/espace/apprendre/evenements/{event.pk}/inscription/")
    smtp_inbox.messages.clear()
    out = io.StringIO()
    call_command("send_event_reminders", stdout=out)
    assert out.getvalue().startswith("1 reminder")
    assert len(smtp_inbox.messages) == 1
    assert smtp_inbox.messages[0]["message"]["Subject"].startswith("تذكير")  # in the member's language
    assert "(توقيت المغرب)" in smtp_inbox.messages[0]["message"].get_body().get_content()  # the time's zone too
    call_command("send_event_reminders", stdout=io.StringIO())
    assert len(smtp_inbox.messages) == 1


# --- Thematic networks -------------------------------------------------------------------------
@pytest.fixture
def network(theme):
    return NetworkPage.objects.get(theme=theme, locale=Locale.get_default())


def post_in(client, network, **data):
    payload = {"kind": "question", "title": "Quelle pompe ?", "body": "Pour un puits de 60 m."}
    payload.update(data)
    return client.post(f"/espace/apprendre/reseaux/{network.pk}/publier/", payload)


def test_every_theme_has_its_network_in_every_language(theme):
    networks = NetworkPage.objects.filter(theme__slug=theme.slug)
    assert sorted(networks.values_list("locale__language_code", flat=True)) == ["ar", "en", "fr", "zgh"]
    assert Client().get("/ar/reseaux/").status_code == 200


def test_members_post_reply_and_the_author_marks_the_solution(expert_member, other_expert, network):
    author, _profile = expert_member
    helper, _other = other_expert
    response = post_in(logged_in(author), network)
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.author_name == "Samira Test"  # the profile's name, never the email
    response = logged_in(helper).post(
        f"/espace/apprendre/reseaux/messages/{post.pk}/repondre/", {"body": "Pompe immergée 1,5 kW."}
    )
    reply = Reply.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{post.pk}/#reply-{reply.pk}")
    # Only the author (or a manager) says which reply solved it.
    solution_url = f"/espace/apprendre/reseaux/messages/{post.pk}/resolu/{reply.pk}/"
    assert logged_in(helper).post(solution_url).status_code == 403
    assert logged_in(author).post(solution_url).status_code == 302
    post.refresh_from_db()
    assert post.solution == reply
    page = Client().get(f"{network.url}{post.pk}/").content.decode()
    assert "A résolu la question" in page and "Pompe immergée" in page
    listing = Client().get(network.url).content.decode()
    assert "Quelle pompe ?" in listing and "Résolu" in listing


def test_visitors_and_accounts_without_a_role_cannot_post(network):
    response = post_in(Client(), network)
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    plain = make_member("plain@diaspora.invalid")
    assert post_in(logged_in(plain), network).status_code == 403
    assert not Post.objects.exists()


def test_a_commune_editor_posts_as_the_commune(tiznit_editor, network):
    assert post_in(logged_in(tiznit_editor), network).status_code == 302
    assert Post.objects.get().author_name.startswith("Commune de Tiznit")


def test_user_text_is_rendered_as_text_with_safe_links(expert_member, network):
    user, _profile = expert_member
    body = '<script>alert("x")</script> <b>gras</b> voir https://example.org/guide'
    post_in(logged_in(user), network, title="<img src=x onerror=alert(1)>", body=body)
    post = Post.objects.get()
    page = Client().get(f"{network.url}{post.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<b>gras</b>" not in page and "<img src=x" not in page
    assert '<a href="https://example.org/guide" rel="nofollow ugc">' in page


def test_bad_posts_are_refused_with_the_typed_text_kept(expert_member, network):
    user, _profile = expert_member
    response = post_in(logged_in(user), network, title="", body="Mon long texte")
    assert response.status_code == 400 and "Mon long texte" in response.content.decode()
    response = post_in(logged_in(user), network, kind="spam")
    assert response.status_code == 400 and not Post.objects.exists()


def test_posting_is_rate_limited(expert_member, network, settings):
    settings.COMMUNITY_RATE_LIMITS = {**settings.COMMUNITY_RATE_LIMITS, "post": ("100/h", "2/h")}
    user, _profile = expert_member
    client = logged_in(user)
    statuses = [post_in(client, network, title=f"Question {i}").status_code for i in range(3)]
    assert statuses == [302, 302, 429] and Post.objects.count() == 2


def test_the_manager_pins_closes_and_hides_and_members_report(expert_member, other_expert, manager, network):
    author, _profile = expert_member
    reader, _other = other_expert
    post_in(logged_in(author), network)
    post = Post.objects.get()
    moderate = f"/espace/apprendre/reseaux/messages/{post.pk}/moderer/"
    # A member cannot moderate; an unknown action is refused.
    assert logged_in(author).post(moderate, {"action": "hide"}).status_code == 403
    assert logged_in(manager).post(moderate, {"action": "delete-everything"}).status_code == 400
    # A member reports; the report waits for the manager in the admin.
    report = f"/espace/apprendre/reseaux/messages/{post.pk}/signaler/"
    assert logged_in(reader).post(report, {"reason": ""}).status_code == 400
    assert logged_in(reader).post(report, {"reason": "Publicité"}).status_code == 302
    assert Report.objects.get().reason == "Publicité"
    assert Client().get(report).status_code == 302  # visitors log in first
    manager_client = logged_in(manager)
    assert "Publicité" in manager_client.get("/admin/network_reports/").content.decode()
    # Close: no more replies.
    manager_client.post(moderate, {"action": "close"})
    response = logged_in(reader).post(f"/espace/apprendre/reseaux/messages/{post.pk}/repondre/", {"body": "Tard"})
    assert response.status_code == 400 and not Reply.objects.exists()
    # Pin, then hide: gone for visitors, still there for the manager.
    manager_client.post(moderate, {"action": "pin"})
    manager_client.post(moderate, {"action": "hide"})
    post.refresh_from_db()
    assert post.pinned and post.hidden and post.closed
    assert Client().get(f"{network.url}{post.pk}/").status_code == 404
    assert "Quelle pompe ?" not in Client().get(network.url).content.decode()
    assert manager_client.get(f"{network.url}{post.pk}/").status_code == 200
    # And the manager edits it in the admin.
    assert manager_client.get(f"/admin/network_posts/edit/{post.pk}/").status_code == 200


def test_followers_get_new_posts_in_their_digest(expert_member, other_expert, network, smtp_inbox):
    follower, _profile = expert_member
    author, _other = other_expert
    client = logged_in(follower)
    assert client.post(f"/espace/apprendre/reseaux/{network.pk}/suivre/").status_code == 302
    DigestSubscription.objects.update_or_create(
        user=follower, defaults={"last_sent_at": timezone.now() - timedelta(hours=1)}
    )
    post_in(logged_in(author), network, title="Retour d’expérience sur les compteurs")
    post_in(client, network, title="Ma propre question")  # one's own posts are not news
    call_command("send_digests", stdout=io.StringIO())
    mails = [m["message"] for m in smtp_inbox.messages if m["to"] == ["samira@diaspora.invalid"]]
    assert len(mails) == 1
    body = mails[0].get_body().get_content()
    assert "Retour d’expérience sur les compteurs" in body and "Ma propre question" not in body
    assert f"{network.url}{Post.objects.get(title__startswith='Retour').pk}/" in body
    # Unfollow: nothing more.
    client.post(f"/espace/apprendre/reseaux/{network.pk}/suivre/")
    smtp_inbox.messages.clear()
    post_in(logged_in(author), network, title="Encore une")
    call_command("send_digests", stdout=io.StringIO())
    assert not smtp_inbox.messages


def test_network_pages_follow_new_posts_through_the_page_cache(expert_member, network, settings):
    settings.PAGE_CACHE_SECONDS = 60
    assert "Nouvelle question" not in Client().get(network.url).content.decode()
    user, _profile = expert_member
    post_in(logged_in(user), network, title="Nouvelle question")
    assert "Nouvelle question" in Client().get(network.url).content.decode()


def test_a_members_data_and_its_deletion_cover_the_learning_spaces(expert_member, network, smtp_inbox):
    from .community_fixtures import PASSWORD

    user, _profile = expert_member
    client = logged_in(user)
    post_in(client, network, title="Ma question")
    post = Post.objects.get()
    other = make_member("other@diaspora.invalid")
    full = make_event(capacity=1)
    client.post(f"/espace/apprendre/evenements/{full.pk}/inscription/")
    logged_in(other).post(f"/espace/apprendre/evenements/{full.pk}/inscription/")  # waits
    data = client.get("/espace/mes-donnees/").json()
    assert [p["title"] for p in data["network_posts"]] == ["Ma question"]
    assert data["event_registrations"][0]["status"] == "registered"

    response = client.post("/espace/supprimer-mon-compte/", {"password": PASSWORD})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.author is None and post.author_name == ""
    page = Client().get(f"{network.url}{post.pk}/").content.decode()
    assert "Membre (compte supprimé)" in page and "Samira" not in page
    # The freed place went to the person waiting.
    assert EventRegistration.objects.get(event=full).user == other
    assert EventRegistration.objects.get(event=full).status == "registered"
