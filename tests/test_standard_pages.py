"""The standard pages the site is set up with (about, how it works, charter, privacy notice):
they say something, in each language, and what the privacy notice promises is checked here."""

import html as html_module
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.standard_pages import BODIES
from pages.models import StandardPage

from .conftest import make_user

pytestmark = pytest.mark.django_db

SLUGS = ["a-propos", "comment-ca-marche", "charte", "confidentialite"]


def text_of(html):
    main = html[html.index("<main") : html.index("</main>")]
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


@pytest.mark.parametrize("slug", SLUGS)
def test_each_standard_page_says_what_the_platform_does_in_each_language(client, slug):
    french = text_of(client.get(f"/{slug}/").content.decode())
    for _element, text in BODIES[slug]:
        assert text in french
    first = BODIES[slug][0][1]
    for prefix, marker in (("/ar", re.compile("[\u0600-\u06ff]{3}")), ("/en", re.compile(r"\b(the|The|Your)\b"))):
        response = client.get(f"{prefix}/{slug}/")
        assert response.status_code == 200, (prefix, slug)
        translated = text_of(response.content.decode())
        assert first not in translated, (prefix, slug)  # the body is translated, not left in French
        assert marker.search(translated), (prefix, slug)


def test_sign_up_asks_consent_to_a_notice_that_says_something(client):
    page = client.get("/compte/signup/").content.decode()
    assert 'href="/confidentialite/"' in page
    notice = text_of(client.get("/confidentialite/").content.decode())
    assert "Vos coordonnées et votre genre ne sont jamais publiés" in notice
    assert "Supprimer votre compte" in notice


def test_the_site_sets_only_the_cookies_the_notice_names(client, need):
    """« celui de votre connexion et celui qui protège les formulaires », and no third party."""
    for url in ("/", need.url, "/besoins/?theme=eau-potable", "/impact/"):
        response = Client().get(url)
        assert not response.cookies, (url, list(response.cookies))
        html = response.content.decode()
        for attribute in re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html):
            assert attribute.startswith("/") or attribute.startswith("#"), (url, attribute)
    visitor = Client()
    assert set(visitor.get("/compte/login/").cookies) == {"csrftoken"}
    member = make_user("cookies@diaspora.invalid")
    visitor.force_login(member)
    assert set(visitor.cookies) <= {"csrftoken", "sessionid"}


def test_setting_up_again_fills_an_empty_page_and_keeps_a_written_one():
    """A site set up before the pages had a default text: its empty pages (never revised, and
    their translations) get it; a page someone wrote keeps what they wrote."""
    default = Locale.get_default()
    notice = StandardPage.objects.get(slug="confidentialite", locale=default)
    StandardPage.objects.filter(translation_key=notice.translation_key).update(body=[])
    assert notice.get_latest_revision() is None
    charter = StandardPage.objects.get(slug="charte", locale=default)
    charter.body = [("text", RichText("<p>Notre propre charte.</p>"))]
    charter.save_revision().publish()
    call_command("setup_site", stdout=io.StringIO())
    notice.refresh_from_db()
    charter.refresh_from_db()
    assert "jamais publiés" in str(notice.body)
    assert str(charter.body).count("<p>") == 1 and "Notre propre charte." in str(charter.body)
    arabic = notice.get_translation(Locale.objects.get(language_code="ar"))
    assert "لا تُنشر بيانات اتصالك" in str(arabic.body)
