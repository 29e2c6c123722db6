"""Members' accounts (django-allauth): sign-up with consent, email confirmation, login, logout,
password reset, in the visitor's language, with emails over a real SMTP server."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.users.models import UserProfile

from accounts.models import PrivacyConsent

from .smtp import smtp_inbox  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

PASSWORD = "Argan-2027-Tiznit"


def sign_up(client, email, prefix="", consent=True):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    if consent:
        data["consent"] = "on"
    return client.post(f"{prefix}/compte/signup/", data)


def link_in(mail):
    body = mail["message"].get_content()
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


def test_sign_up_needs_consent_and_says_so_in_the_visitors_language(client):
    response = sign_up(client, "amina@example.org", prefix="/ar", consent=False)
    assert response.status_code == 200
    assert "لإنشاء حساب، يجب قبول إشعار الخصوصية." in response.content.decode()
    assert not get_user_model().objects.filter(email="amina@example.org").exists()
    response = sign_up(client, "amina@example.org", consent=False)
    assert "Pour créer un compte, acceptez la notice de confidentialité." in response.content.decode()


def test_sign_up_confirm_log_in_and_out(client, smtp_inbox):
    response = sign_up(client, "youssef@example.org", prefix="/ar")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="youssef@example.org")
    consent = PrivacyConsent.objects.get(user=user)
    assert consent.language == "ar" and consent.notice.slug == "confidentialite" and consent.given_at
    assert UserProfile.get_for_user(user).preferred_language == "ar"

    # Not confirmed yet: logging in sends to the "confirm your email" page, not in.
    client.post("/compte/logout/")
    client.post("/compte/login/", {"login": "youssef@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    first = smtp_inbox.messages[0]
    assert first["to"] == ["youssef@example.org"]
    assert "[CDS]" in first["message"]["Subject"]
    confirm = link_in(first)
    assert confirm.startswith("/ar/compte/confirm-email/")
    assert client.post(confirm).status_code == 302

    response = client.post("/compte/login/", {"login": "youssef@example.org", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    assert "youssef@example.org" in client.get("/").content.decode()  # the header shows the account
    client.post("/compte/logout/")
    assert "_auth_user_id" not in client.session


def test_password_reset_in_arabic(client, smtp_inbox):
    user = get_user_model().objects.create_user("nadia", "nadia@example.org", "old-password-1")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    response = client.post("/ar/compte/password/reset/", {"email": "nadia@example.org"})
    assert response.status_code == 302
    [mail] = smtp_inbox.messages
    assert re.search("[\u0600-\u06ff]", mail["message"].get_content())  # Arabic text
    reset = link_in(mail)
    form_url = client.get(reset)["Location"]  # allauth moves the key into the session
    response = client.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert client.post("/compte/login/", {"login": "nadia@example.org", "password": PASSWORD}).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_is_rate_limited_per_address(client, smtp_inbox):
    statuses = [sign_up(client, f"member{i}@example.org").status_code for i in range(7)]
    assert statuses[:5] == [302] * 5
    assert 429 in statuses[5:]


def test_a_member_email_and_consent_stay_private(client, smtp_inbox):
    sign_up(client, "secret-member-4821@example.org")
    visitor = Client()  # someone else: only the member's own pages may show their address
    for url in ("/", "/besoins/", "/experts/", "/api/v2/pages/?fields=*", "/recherche/?q=secret"):
        assert "secret-member-4821" not in visitor.get(url).content.decode(), url


@pytest.mark.parametrize("language", ["fr", "ar", "en", "zgh"])
def test_sign_up_confirm_and_land_in_my_space_in_one_line(client, smtp_inbox, settings, language):
    """Issue #37.3: the email names the platform and links to its public address; confirming
    logs the member in and leads to their space, which leads to creating a profile."""
    from django.utils import translation

    prefix = "" if language == "fr" else f"/{language}"
    assert sign_up(client, "salma@example.org", prefix=prefix).status_code == 302
    [mail] = smtp_inbox.messages
    body = mail["message"].get_content()
    assert settings.WAGTAIL_SITE_NAME in body and "testserver" not in body
    assert re.search(r"https?://\S+", body).group(0).startswith(f"{settings.SITE_URL}{prefix}/compte/confirm-email/")
    confirm = link_in(mail)
    user = get_user_model().objects.get(email="salma@example.org")
    page = client.get(confirm).content.decode()
    assert "salma@example.org" in page  # the member's address, not their generated username:
    assert user.username not in page.replace("salma@example.org", "")
    response = client.post(confirm)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response["Location"] == f"{prefix}/espace/"
    with translation.override(language):
        create = translation.gettext("Créer mon profil d’expert")
    space = client.get(response["Location"]).content.decode()
    assert create in space and f'href="{prefix}/espace/profil/"' in space
    client.post(f"{prefix}/compte/logout/")
    response = client.post(f"{prefix}/compte/login/", {"login": "salma@example.org", "password": PASSWORD})
    assert response["Location"] == f"{prefix}/espace/"


def visible_text(html):
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_a_tamazight_speaker_signs_up_in_tamazight(client, smtp_inbox):
    """Issue #36.1: allauth's and Django's own words on the way in (labels, password rules,
    errors, the email, the confirmation) are in Tamazight too, not French or English."""
    french_or_english = re.compile(r"Mot de passe|Password|E-mail|Email|Création|Sign|Confirm|Votre|Your")
    text = visible_text(client.get("/zgh/compte/signup/").content.decode())
    assert "ⴰⵡⴰⵍ ⵏ ⵓⵣⵔⴰⵢ" in text and not french_or_english.search(text), text
    response = client.post(
        "/zgh/compte/signup/", {"email": "tamazight@example", "password1": "123", "password2": "4", "consent": "on"}
    )
    text = visible_text(response.content.decode())
    assert "ⵙⴽⵛⵎ ⵜⴰⵏⵙⴰ ⵏ ⵉⵎⴰⵢⵍ ⵉⵚⵃⴰⵏ." in text and not french_or_english.search(text), text
    assert sign_up(client, "tamazight@example.org", prefix="/zgh").status_code == 302
    [mail] = smtp_inbox.messages
    body = mail["message"].get_content()
    assert "ⴰⵣⵓⵍ ⵙⴳ" in body and "ⵙⵙⵏⵜⵉ" in mail["message"]["Subject"]
    text = visible_text(client.get(link_in(mail)).content.decode())
    assert "ⵙⵙⵏⵜⵉ" in text and not re.search(r"Confirm|Veuillez", text), text
