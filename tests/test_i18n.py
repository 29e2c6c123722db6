"""Four languages: every page in each, the untranslated fallback, the switcher, the catalogues,
Tifinagh, emails in the recipient's language, and search per language."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from needs.models import NeedContact
from pages.models import TerritoryPage

from .conftest import make_user
from .factories import NeedPageFactory
from .smtp import smtp_inbox  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "ar", "en", "zgh"]
NOTICE_AR = "هذه الصفحة غير مترجمة إلى لغتكم بعد"


def url_in(page, language):
    """The URL a visitor reading `language` follows to `page`."""
    with translation.override(language):
        return page.get_url()


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def switcher_links(html):
    nav = html[html.index('class="language-switcher"') :]
    nav = nav[: nav.index("</nav>")]
    return dict((code, url) for url, code in re.findall(r'<a href="([^"]+)" lang="([\w-]+)"', nav))


@pytest.mark.search
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_renders_in_every_language(client, page_of_every_type, language):
    direction = "rtl" if language == "ar" else "ltr"
    for page in page_of_every_type:
        html = get(client, url_in(page, language))
        assert f'<html lang="{language}" dir="{direction}">' in html, page


def test_territory_pages_are_translated_with_hcp_arabic_names(client, tiznit):
    html = get(client, url_in(tiznit, "ar"))
    assert "<h1>تيزنيت" in html and NOTICE_AR not in html
    # The sections come from the catalogue: the Arabic menu and breadcrumbs.
    assert "الحاجيات" in html and "المجالات الترابية" in html


def test_an_untranslated_page_is_shown_in_french_with_a_notice(client, need):
    url = url_in(need, "ar")
    assert url.startswith("/ar/")
    html = get(client, url)
    assert '<html lang="ar" dir="rtl">' in html
    assert NOTICE_AR in html and "(الفرنسيّة)" in html
    # The French content is marked as French for screen readers and laid out left to right.
    assert '<h1 lang="fr" dir="ltr">' in html
    french = get(client, url_in(need, "fr"))
    assert 'class="notice" role="note"' not in french


def test_an_untranslated_pages_lead_is_marked_as_french_too(client, need, expert, story):
    """Not only its title: the summary under it (a need's, a story's, an expert's headline)
    read with an Arabic voice and laid out right to left put « accoucher. » as « .accoucher »."""
    for page in (need, expert, story):
        html = get(client, url_in(page, "ar"))
        assert '<p class="lead" lang="fr" dir="ltr">' in html, page


def test_an_untranslated_need_shows_its_theme_in_the_readers_language(client, need, search_backend):
    """The theme is translated even when the sheet is not: « الماء الصالح للشرب », not « Eau
    potable », on the sheet and on its card; English likewise."""
    search_backend.refresh()
    for prefix, name in (("/ar", "الماء الصالح للشرب"), ("/en", "Drinking water")):
        for url in (url_in(need, prefix.strip("/")), f"{prefix}/besoins/"):
            html = get(client, url)
            assert f'<span class="tag">{name}</span>' in html, (url, name)
            assert ">Eau potable</span>" not in html, url


def test_switcher_links_resolve_to_the_same_page(client, need, tiznit):
    for page in (need, tiznit):
        links = switcher_links(get(client, url_in(page, "ar")))
        assert set(links) == set(LANGUAGES)
        for code, link in links.items():
            html = get(client, link)
            assert f'<html lang="{code}"' in html
            assert (
                page.title.replace("'", "&#x27;") in html
                or TerritoryPage.objects.get(translation_key=page.translation_key, locale__language_code=code).title
                in html
            )


def test_tamazight_pages_show_tifinagh_with_their_font(client):
    html = get(client, "/zgh/besoins/")
    assert '<html lang="zgh" dir="ltr">' in html
    assert "ⵜⵉⵙⵓⵜⵔⴰ" in html  # "Besoins", from the catalogue
    assert "css/tifinagh" in html
    assert "css/tifinagh" not in get(client, "/besoins/")
    font = Path(settings.BASE_DIR) / "static" / "fonts" / "NotoSansTifinagh-Regular.woff2"
    assert font.read_bytes()[:4] == b"wOF2" and font.stat().st_size < 40_000
    assert (font.parent / "OFL.txt").read_text().count("SIL Open Font License") >= 1


def test_dates_numbers_and_money_follow_the_language(client, tiznit, theme):
    need = NeedPageFactory(parent=tiznit, theme=theme, deadline=datetime.date(2027, 3, 15), estimated_budget=1_250_000)
    french = get(client, url_in(need, "fr"))
    assert "15 mars 2027" in french and re.search(r"1\s250\s000 MAD", french)
    english = get(client, url_in(need, "en"))
    assert "March 15, 2027" in english and "1,250,000 MAD" in english
    arabic = get(client, url_in(need, "ar"))
    assert "مارس" in arabic and "درهم" in arabic


@pytest.mark.search
@pytest.mark.search
def test_untranslated_pages_in_lists_are_marked_in_their_own_language(client, search_backend, need, tiznit):
    """Listed among Arabic pages, a French need sheet's title and summary say they are French,
    left to right: on the needs page, the commune's page and the site search."""
    search_backend.refresh()
    title = need.title.replace("'", "&#x27;")
    marked = f'<a href="{url_in(need, "ar")}" lang="fr" dir="ltr">{title}</a>'
    for url in ("/ar/besoins/", url_in(tiznit, "ar")):
        html = get(client, url)
        assert marked in html, url
        assert f'<p lang="fr" dir="ltr">{need.summary}' in html, url
    html = get(client, "/ar/recherche/?q=" + need.title.split()[0])
    assert marked in html
    french = get(client, "/besoins/")
    assert f'<a href="{need.url}">{title}</a>' in french
    assert french.count('lang="fr" dir="ltr"') == 1  # the page's own <html> only


def test_where_an_expert_lives_is_written_with_the_languages_comma(client, expert):
    """« Lyon، فرنسا » on Arabic pages (the Arabic comma), « Lyon, France » in French: on the
    directory's cards and on the profile."""
    assert "Lyon، فرنسا" in get(client, "/ar/experts/")
    assert "Lyon، فرنسا" in get(client, url_in(expert, "ar"))
    assert "Lyon, France" in get(client, "/experts/")
    assert "Lyon, France" in get(client, expert.url)


@pytest.mark.search
def test_an_active_filter_is_written_with_the_languages_colon(client, search_backend, need, theme):
    """« المحور: الماء الصالح للشرب » on /ar/, « Thème : Eau potable » in French."""
    search_backend.refresh()
    assert "المحور: الماء الصالح للشرب" in get(client, f"/ar/besoins/?theme={theme.slug}")
    assert "Thème : Eau potable" in get(client, f"/besoins/?theme={theme.slug}")
    assert "Theme: Drinking water" in get(client, f"/en/besoins/?theme={theme.slug}")


def test_a_translation_replaces_its_source_for_its_language(
    client, search_backend, need, superuser, django_capture_on_commit_callbacks
):
    """The community manager translates a need sheet with wagtail-localize (machine translation
    first: the tests' dummy translator reverses the words), and Arabic visitors then get it."""
    source, _created = TranslationSource.get_or_create_from_instance(need)
    arabic = Locale.objects.get(language_code="ar")
    target = Translation.objects.create(source=source, target_locale=arabic)
    target.save_target(publish=False)  # what "Translate this page" does: an Arabic draft
    client.force_login(superuser)
    response = client.post(reverse("wagtail_localize:machine_translate", args=[target.pk]))
    assert response.status_code == 302
    assert StringTranslation.objects.filter(locale=arabic, translation_type="machine").exists()
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        target.save_target(publish=True)
    client.logout()
    translated = need.get_translation(arabic)
    assert translated.title == " ".join(reversed(need.title.split()))
    assert translated.get_parent().locale == arabic  # under the Arabic commune page
    search_backend.refresh()

    html = get(client, url_in(need, "ar"))
    assert NOTICE_AR not in html and translated.title.replace("'", "&#x27;") in html
    listing = get(client, "/ar/besoins/")
    assert translated.title.replace("'", "&#x27;") in listing
    assert need.title.replace("'", "&#x27;") not in listing
    french = get(client, "/besoins/")
    assert need.title.replace("'", "&#x27;") in french and translated.title.replace("'", "&#x27;") not in french


@pytest.mark.search
def test_arabic_is_found_with_or_without_its_vowel_marks(client, search_backend, tiznit, theme):
    arabic = Locale.objects.get(language_code="ar")
    NeedPageFactory(parent=tiznit, theme=theme, title="بِئْرُ الدُّوَّار", locale=arabic)
    NeedPageFactory(parent=tiznit, theme=theme, title="خزان الماء", locale=arabic)
    search_backend.refresh()
    assert "بِئْرُ الدُّوَّار" in get(client, "/ar/besoins/?q=بئر")
    assert "خزان الماء" in get(client, "/ar/besoins/?q=خَزَّان")
    assert "خزان الماء" not in get(client, "/ar/besoins/?q=بئر")


@pytest.mark.parametrize(("language", "expected"), [("ar", "منشورة الآن"), ("en", "is online"), ("", "est en ligne")])
def test_publication_email_is_in_the_recipients_language(smtp_inbox, tiznit, theme, language, expected):
    agent = make_user("agent")
    profile = UserProfile.get_for_user(agent)
    profile.preferred_language = language
    profile.save()
    need = NeedPageFactory(parent=tiznit, theme=theme, live=False)
    NeedContact.objects.create(need=need, responsible=agent)
    need.save_revision().publish()
    [mail] = smtp_inbox.messages
    assert mail["to"] == [agent.email]
    assert expected in mail["message"]["Subject"]
    body = mail["message"].get_content()
    # The link keeps the recipient's language.
    assert re.search(rf"https?://[^/]+/{language + '/' if language else ''}territoires/", body)
    need.refresh_from_db()
    need.save_revision().publish()  # a later edit: no second email
    assert len(smtp_inbox.messages) == 1


def test_the_preferred_language_defaults_to_the_first_login(rf):
    user = make_user("newcomer")
    request = rf.get("/ar/")
    request.LANGUAGE_CODE = "ar"
    user_logged_in.send(sender=type(user), request=request, user=user)
    assert UserProfile.get_for_user(user).preferred_language == "ar"
    request.LANGUAGE_CODE = "en"
    user_logged_in.send(sender=type(user), request=request, user=user)
    assert UserProfile.get_for_user(user).preferred_language == "ar"  # a choice is kept


def test_the_admin_works_for_a_tamazight_reader(client, superuser):
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "zgh"
    profile.save()
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


def write_catalogue(folder, language, entries):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language}
    for msgid, msgstr, flags in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=flags))
    path = folder / language / "LC_MESSAGES"
    path.mkdir(parents=True)
    po.save(str(path / "django.po"))


def test_catalogue_check_fails_on_a_missing_or_fuzzy_translation(tmp_path):
    complete = [("Besoins", "Besoins", [])]
    write_catalogue(tmp_path, "fr", complete)
    write_catalogue(tmp_path, "ar", [("Besoins", "", []), ("Experts", "الخبراء", [])])
    write_catalogue(tmp_path, "en", [("Besoins", "Needs", ["fuzzy"])])
    write_catalogue(tmp_path, "zgh", [("Besoins", "ⵜⵉⵙⵓⵜⵔⴰ", []), ("Experts", "", [])])
    with pytest.raises(CommandError) as error:
        call_command("check_translations", locale_dir=str(tmp_path), no_extract=True)
    assert "ar: untranslated: 'Besoins'" in str(error.value)
    assert "en: fuzzy: 'Besoins'" in str(error.value)
    assert "zgh: untranslated: 'Experts'" in str(error.value)
    assert "ar: untranslated: 'Experts'" not in str(error.value)


def test_catalogue_check_passes_on_complete_catalogues(tmp_path):
    for language, text in (("fr", "Besoins"), ("ar", "الحاجيات"), ("en", "Needs"), ("zgh", "ⵜⵉⵙⵓⵜⵔⴰ")):
        write_catalogue(tmp_path, language, [("Besoins", text, [])])
    call_command("check_translations", locale_dir=str(tmp_path), no_extract=True)


def test_the_projects_catalogues_are_complete():
    """What CI checks: the strings extracted again from the code are all translated. The
    extraction goes to a copy: the project's catalogues are not written to."""
    catalogues = sorted((Path(settings.BASE_DIR) / "locale").glob("*/LC_MESSAGES/django.po"))
    before = [(path.stat().st_mtime_ns, path.read_bytes()) for path in catalogues]
    call_command("check_translations")
    assert [(path.stat().st_mtime_ns, path.read_bytes()) for path in catalogues] == before


def test_libretranslate_is_configured_from_the_environment():
    code = "from cds.settings import base; print(base.WAGTAILLOCALIZE_MACHINE_TRANSLATOR['CLASS'])"
    env = {**os.environ, "LIBRETRANSLATE_URL": "http://127.0.0.1:5000/", "DJANGO_SETTINGS_MODULE": ""}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "wagtail_localize.machine_translators.libretranslate.LibreTranslator"


@pytest.mark.django_db
def test_the_standard_pages_and_dates_are_in_tamazight_too(client):
    """Issue #36.1: the standard pages' texts, the one with « & » included, and the months."""
    import datetime

    from django.utils import translation
    from django.utils.formats import date_format

    for prefix in ("/zgh", "/ar"):
        html = client.get(f"{prefix}/a-propos/").content.decode()
        assert "Elle est née d’un constat" not in html, prefix
    assert "ⵜⵍⵍⵓⵍ ⵙⴳ ⵢⴰⵏ ⵓⵙⵏⵏⴰⵢ" in client.get("/zgh/a-propos/").content.decode()
    with translation.override("zgh"):
        assert date_format(datetime.date(2026, 12, 5), "DATE_FORMAT") == "5 ⴷⵓⵊⴰⵏⴱⵉⵔ 2026"


@pytest.mark.django_db
def test_theme_lists_follow_the_readers_alphabet():
    """Issue #37.9: « Éducation » sorts among the E, not after « Santé »; in Arabic the list
    follows the Arabic names shown, not the French ones."""
    from django import forms
    from django.utils import translation

    from community.forms import set_theme_choices
    from core.text import collation_key

    for language in ("fr", "ar"):
        with translation.override(language):
            field = forms.ModelMultipleChoiceField(queryset=None)
            set_theme_choices(field)
            names = [str(label) for _pk, label in field.choices]
        assert names == sorted(names, key=collation_key), language
    assert collation_key("Éducation") < collation_key("Environnement") < collation_key("Santé")


def test_the_other_alphabetical_lists_follow_the_readers_alphabet(client, manager, search_backend):
    """The admin's offer filters (communes, themes) and a region's provinces sort accents and
    case aside; so do facet values with the same count."""
    import re

    from core.text import collation_key
    from pages.models import TerritoryPage

    client.force_login(manager)
    html = client.get("/admin/offers/").content.decode()
    for name in ("commune", "theme"):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
        labels = [label.strip() for label in re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select)]
        assert len(labels) > 5 and labels == sorted(labels, key=collation_key), name
        if name == "theme":
            assert labels != sorted(labels)  # « Éducation … »: the code-point order differs
    region = TerritoryPage.objects.get(hcp_code="09", locale__language_code="fr")
    page = client.get(region.url).content.decode()
    provinces = [str(p.title) for p in TerritoryPage.objects.child_of(region).live()]
    positions = [page.index(f">{title}<") for title in sorted(provinces, key=collation_key)]
    assert positions == sorted(positions)
