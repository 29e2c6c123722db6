"""The site in a real browser (Chromium through Playwright): the journeys of a visitor, a new
expert, a commune editor; right to left and Tifinagh; axe-core on every page type in the four
languages; screenshots at 360 and 1280 px in test-output/screenshots/ for a person to look at."""

import re

import pytest
from allauth.account.models import EmailAddress

from community.models import Invitation, Offer
from experts.models import ExpertPrivateDetails

from .browser.harness import browser_page, chromium, describe, run_axe, screenshot, site_server  # noqa: F401
from .community_fixtures import approve
from .factories import NeedPageFactory
from .smtp import smtp_inbox  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

PASSWORD = "Argan-2027-Tiznit"


def follow(element):
    """Click a link or a form's button and wait for the page it leads to (for a form, the POST
    and its redirect): reading the page, the mailbox or the database before then, or clicking
    a link the old page has too, races the browser and the server."""
    with element.page.expect_navigation():
        element.click()


def log_in(page, email, password):
    """allauth's login form, as a member fills it (the page is already open)."""
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    follow(page.locator("main").get_by_role("button", name=re.compile("Connexion")))


def journey_step(page, language, role, name, sideways=True):
    """One step of a role's journey: the page in the reader's language and direction, nothing
    scrolling sideways at 360 px (`sideways`: Wagtail's own admin pages are not checked), saved
    as a screenshot for a person to look at."""
    assert page.evaluate("document.documentElement.lang") == language, name
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr"), name
    if sideways:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow} px"
    screenshot(page, f"{language}-{role}-{name}")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_visitor_filters_needs_by_theme_and_commune_and_opens_one(
    language, browser_page, site_server, tiznit, ouijjane, theme, search_backend
):
    """A visitor on a phone, in French and in Arabic: the filters are found by what they
    filter on, the same in every language."""
    from pages.models import Theme

    prefix = "" if language == "fr" else f"/{language}"
    health = Theme.objects.get(slug="sante", locale=theme.locale)
    wanted = NeedPageFactory(parent=tiznit, theme=theme, title="Réseau d’eau potable du douar Agadir")
    NeedPageFactory(parent=ouijjane, theme=theme, title="Forage à Ouijjane")
    NeedPageFactory(parent=tiznit, theme=health, title="Dispensaire de Tiznit")
    page = browser_page
    page.goto(f"{site_server}{prefix}/besoins/")
    screenshot(page, f"{language}-visitor-needs")
    filters = page.locator("#filters")
    filters.locator("summary").click()  # on a phone the filters are folded
    follow(filters.locator('a[href*="theme=eau-potable"]').first)
    follow(filters.locator('a[href*="region=09"]').first)
    follow(filters.locator('a[href*="province=09.581"]').first)
    follow(filters.locator('a[href*="commune=09.581.01.07"]').first)
    assert "theme=eau-potable" in page.url and "commune=09.581.01.07" in page.url
    results = page.locator(".discovery__results")
    assert results.get_by_text("Réseau d’eau potable du douar Agadir").is_visible()
    assert results.get_by_text("Forage à Ouijjane").count() == 0
    assert results.get_by_text("Dispensaire de Tiznit").count() == 0
    screenshot(page, f"{language}-visitor-filtered")
    follow(results.get_by_role("link", name="Réseau d’eau potable du douar Agadir"))
    assert page.locator("h1").inner_text() == wanted.title
    assert page.locator(f'main a[href$="/espace/besoins/{wanted.pk}/aider/"]').first.is_visible()  # Je peux aider
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, f"{language}-visitor-need")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_new_expert_signs_up_builds_a_profile_and_offers_help_which_the_commune_accepts(
    language,
    chromium,
    site_server,
    smtp_inbox,
    tiznit,
    tiznit_editor,
    manager,
    need,
):
    """The expert's first minutes on a phone, in French and in Arabic, each step saved; the
    fields are found by their names, the same in every language."""
    prefix = "" if language == "fr" else f"/{language}"
    email = f"leila.{language}@diaspora.invalid"
    expert = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
    expert.set_default_timeout(10_000)

    def step(name):
        journey_step(expert, language, "expert", name)

    expert.goto(f"{site_server}{prefix}/compte/signup/")
    step("signup")
    expert.locator("#id_email").fill(email)
    expert.locator("#id_password1").fill(PASSWORD)
    expert.locator("#id_password2").fill(PASSWORD)
    expert.locator("#id_consent").check()
    follow(expert.locator("main form button[type=submit]").first)
    [mail] = smtp_inbox.messages
    link = re.search(r"https?://[^/\s]+(/\S+)", mail["message"].get_content()).group(1)
    expert.goto(site_server + link)
    step("confirm")
    follow(expert.locator("main form button[type=submit]").first)
    # Confirmed, logged in, in their space: one straight line to the profile (issue #37.3).
    assert expert.url == f"{site_server}{prefix}/espace/"
    step("confirmed-my-space")
    follow(expert.locator(f'main a[href="{prefix}/espace/profil/"]').first)
    step("profile-form")
    expert.locator("#id_title").fill("Leïla Browser")
    expert.locator("#id_headline").fill("Ingénieure en énergie solaire")
    expert.locator("#id_skills").fill("énergie solaire, pompage")
    expert.locator("#id_country").select_option("FR")
    expert.locator("input[name=engagement][value=offers_remote_advice]").check()
    follow(expert.locator("main form button[type=submit]").first)
    step("profile-sent")
    profile = ExpertPrivateDetails.objects.get(owner__email=email).profile
    approve(profile, manager)  # the community manager approves (Wagtail's workflow)
    expert.goto(site_server + prefix + profile.url.removeprefix(prefix))
    assert expert.locator("h1").inner_text() == "Leïla Browser"

    expert.goto(f"{site_server}{prefix}{need.url}")
    step("need")
    follow(expert.locator(f'main a[href$="/espace/besoins/{need.pk}/aider/"]').first)
    step("offer-kind")
    follow(expert.locator('main a.kind-choice[href="?kind=skills"]'))
    step("offer-form")
    expert.locator("#id_message").fill("Je peux dimensionner le pompage solaire.")
    expert.locator("#id_hours").fill("12")
    follow(expert.locator("main form button[type=submit]").first)
    step("offer-sent")
    offer = Offer.objects.get(need=need)
    assert email not in expert.content()  # not before acceptance

    EmailAddress.objects.create(user=tiznit_editor, email=tiznit_editor.email, verified=True, primary=True)
    commune = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    commune.set_default_timeout(10_000)
    commune.goto(f"{site_server}/compte/login/")
    log_in(commune, tiznit_editor.email, "pw")
    commune.goto(f"{site_server}/espace/commune/")
    follow(commune.get_by_role("link", name=need.title))
    commune.get_by_label("Message (facultatif)").fill("Avec plaisir, appelons-nous.")
    follow(commune.get_by_role("button", name="Accepter l’offre"))
    offer.refresh_from_db()
    assert offer.status == "accepted"
    assert email in commune.content()
    expert.reload()
    assert tiznit_editor.email in expert.content()
    step("offer-accepted")
    expert.context.close()
    commune.context.close()


def test_arabic_lays_out_right_to_left_and_tamazight_shows_tifinagh(browser_page, site_server, home):
    page = browser_page
    page.goto(f"{site_server}/")
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url("**/ar/")  # loaded, not only the address changed
    assert page.url.endswith("/ar/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    header = page.locator(".site-header .brand").bounding_box()
    assert header["x"] > 360 / 2  # the brand sits on the right
    page.get_by_role("link", name="ⵜⴰⵎⴰⵣⵉⵖⵜ").click()
    page.wait_for_url("**/zgh/")
    assert "/zgh/" in page.url
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    assert re.search("[\u2d30-\u2d7f]", page.locator("body").inner_text())  # Tifinagh text
    # The platform's own Tifinagh font (for phones that have none: here the system has one, so
    # the browser does not need it) is declared, served by the site and a valid font.
    faces = page.evaluate(
        """async () => (await document.fonts.load('16px "Noto Sans Tifinagh"', 'ⵜⴰⵎⴰⵣⵉⵖⵜ'))
            .map(face => face.status)"""
    )
    assert faces == ["loaded"]


def test_a_tamazight_speaker_signs_up_on_a_phone(chromium, site_server, smtp_inbox, home):
    """Issue #36/#37: the sign-up in Tamazight, at 360 px, each step saved for a person to see."""
    page = chromium.new_context(viewport={"width": 360, "height": 780}).new_page()
    page.goto(f"{site_server}/zgh/compte/signup/")
    screenshot(page, "zgh-signup")
    page.locator("#id_email").fill("tamazight.browser@diaspora.invalid")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_consent").check()
    follow(page.locator("main").get_by_role("button", name="ⵙⴽⵔ ⴰⵎⵉⴹⴰⵏ"))
    screenshot(page, "zgh-verification-sent")
    [mail] = smtp_inbox.messages
    link = re.search(r"https?://[^/\s]+(/\S+)", mail["message"].get_content()).group(1)
    page.goto(site_server + link)
    screenshot(page, "zgh-confirm")
    follow(page.locator("main").get_by_role("button", name="ⵙⵙⵏⵜⵉ"))
    assert page.url == f"{site_server}/zgh/espace/"
    screenshot(page, "zgh-my-space")
    assert page.get_by_role("link", name="ⵙⴽⵔ ⴰⵎⴰⵖⵏⴰ ⵉⵏⵓ ⵏ ⵓⵎⵓⵙⵏⴰⵡ").is_visible()
    page.context.close()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_section_is_one_tap_away_on_a_phone_and_in_sight_on_a_wide_screen(language, chromium, site_server, home):
    from wagtail.models import Locale, Page

    prefix = "" if language == "fr" else f"/{language}"
    root = home.get_translation(Locale.objects.get(language_code=language))
    sections = list(Page.objects.child_of(root).live().in_menu().values_list("title", flat=True))
    assert len(sections) >= 8
    phone = chromium.new_context(viewport={"width": 360, "height": 780}).new_page()
    phone.goto(f"{site_server}{prefix}/")
    header = phone.locator(".site-header").bounding_box()
    assert header["height"] <= 170  # the page keeps its room (about 230 px before the menu)
    nav = phone.get_by_role("navigation", name=NAVIGATION[language])
    assert not nav.is_visible()
    phone.locator(".menu__toggle").click()
    screenshot(phone, f"{language}-menu-open")
    for title in sections:
        link = nav.get_by_role("link", name=title, exact=True)
        box = link.bounding_box()
        assert link.is_visible() and 0 <= box["x"] and box["x"] + box["width"] <= 360, title
    phone.context.close()
    wide = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    wide.goto(f"{site_server}{prefix}/")
    assert not wide.locator(".menu__toggle").is_visible()
    for title in sections:
        assert (
            wide.get_by_role("navigation", name=NAVIGATION[language])
            .get_by_role("link", name=title, exact=True)
            .is_visible()
        )
    screenshot(wide, f"{language}-header-wide")
    wide.context.close()


NAVIGATION = {"fr": "Navigation principale", "ar": "التصفح الرئيسي"}


@pytest.fixture
def every_page(page_of_every_type, need, directory, tiznit_editor):
    """Every page type and every form, with the account that reaches it: (name, path, user)."""
    from .community_fixtures import make_expert

    author, profile = make_expert(directory, "axe.expert@diaspora.invalid")
    newcomer, newcomer_profile = make_expert(directory, "axe.newcomer@diaspora.invalid")
    offer = Offer.objects.create(
        need=need,
        expert=profile,
        author=author,
        expert_name=profile.title,
        kind="skills",
        message="Je peux aider.",
        status=Offer.Status.ACCEPTED,  # both sides' contact emails show: they must fit a phone
    )
    Invitation.objects.create(need=need, expert=profile, sender=tiznit_editor, message="Votre avis nous aiderait.")
    names = ["home", "territories", "region", "province", "commune", "needs", "need"]
    names += ["experts", "expert", "stories", "story", "impact", "standard"]
    pages = [(name, page.url, None) for name, page in zip(names, page_of_every_type, strict=True)]
    # The learning spaces: the library, the agenda, the networks, and the need's maturation path.
    from learning import networks
    from learning.models import NetworkPage, Post

    from .test_learning import make_event, make_resource

    resource = make_resource(
        need.theme, title="Rédiger une fiche projet", body="<p>Le problème, puis les objectifs.</p>"
    )
    event = make_event(capacity=10)
    network = NetworkPage.objects.get(theme=need.theme, locale=need.locale)
    post = networks.create_post(network, author, Post.Kind.QUESTION, "Quelle pompe ?", "Pour un puits de 60 m.")
    networks.create_reply(post, newcomer, "Une pompe immergée.")
    pages += [
        ("resources", resource.get_parent().url, None),
        ("resource", resource.url, None),
        ("events", event.get_parent().url, None),
        ("event", event.url, author),
        ("networks", network.get_parent().url, None),
        ("network", network.url, author),
        ("post", f"{network.url}{post.pk}/", author),
        ("post-form", f"/espace/apprendre/reseaux/{network.pk}/publier/", author),
        ("report-form", f"/espace/apprendre/reseaux/messages/{post.pk}/signaler/", author),
        ("maturation", f"/espace/besoins/{need.pk}/maturation/", tiznit_editor),
    ]
    return pages + [
        ("search", "/recherche/?q=eau", None),
        ("signup", "/compte/signup/", None),
        ("login", "/compte/login/", None),
        ("my-space", "/espace/", author),
        ("profile-form", "/espace/profil/", author),
        ("offer-form", f"/espace/besoins/{need.pk}/aider/", newcomer),
        ("offer", f"/espace/offres/{offer.pk}/", author),
        ("commune-space", "/espace/commune/", tiznit_editor),
        ("invite-form", f"/espace/besoins/{need.pk}/inviter/", tiznit_editor),
        ("invite-expert-form", f"/espace/experts/{newcomer_profile.pk}/inviter/", tiznit_editor),
    ]


def logged_in_context(chromium, site_server, user):
    """A browser context with `user`'s session (made by Django's test client)."""
    from django.test import Client

    context = chromium.new_context(viewport={"width": 360, "height": 800})
    context.set_default_timeout(10_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": site_server}])
    return context


@pytest.mark.parametrize("language", ["fr", "ar", "en", "zgh"])
def test_every_page_type_and_form_passes_axe_in_every_language(language, chromium, site_server, every_page):
    from django.conf import settings

    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    problems = []
    contexts = {}
    for name, path, user in every_page:
        context = contexts.get(user) or contexts.setdefault(user, logged_in_context(chromium, site_server, user))
        page = context.pages[0] if context.pages else context.new_page()
        response = page.goto(site_server + prefix + path)
        assert response.status == 200, (name, path, response.status)
        assert page.evaluate("document.documentElement.lang") == language, name
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"— {name} ({prefix + path}) scrolls sideways at 360 px by {overflow} px")
        violations = run_axe(page)
        if violations:
            problems.append(f"— {name} ({prefix + path}):\n{describe(violations)}")
        if language in ("fr", "ar"):
            screenshot(page, f"{language}-{name}")
    for context in contexts.values():
        context.close()
    assert not problems, "axe-core found WCAG 2 A/AA violations or pages too wide:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_commune_editor_answers_an_offer_on_a_phone(
    language, chromium, site_server, tiznit, tiznit_editor, need, directory
):
    """Issue #37: the commune editor's first minutes at 360 px, in French and in Arabic — log
    in, land in their space, open the offer waiting for an answer, accept it, then find their
    commune on the admin's dashboard — every step without sideways scrolling, each saved."""
    from wagtail.users.models import UserProfile

    from .community_fixtures import make_expert

    _author, profile = make_expert(directory, "ar.expert@diaspora.invalid")
    offer = Offer.objects.create(
        need=need, expert=profile, expert_name=profile.title, kind="skills", message="أستطيع المساعدة في الضخ."
    )
    EmailAddress.objects.create(user=tiznit_editor, email=tiznit_editor.email, verified=True, primary=True)
    preferences = UserProfile.get_for_user(tiznit_editor)
    preferences.preferred_language = language  # as chosen in the admin's account settings
    preferences.save()
    page = chromium.new_context(viewport={"width": 360, "height": 780}).new_page()
    page.set_default_timeout(10_000)

    prefix = "" if language == "fr" else f"/{language}"

    def step(name):
        journey_step(page, language, "editor", name)

    page.goto(f"{site_server}{prefix}/compte/login/")
    step("login")
    page.locator("#id_login").fill(tiznit_editor.email)
    page.locator("#id_password").fill("pw")
    follow(page.locator("main form button[type=submit]").first)
    assert page.url == f"{site_server}{prefix}/espace/"  # their space, in their language
    step("my-space")
    follow(page.locator(f'main a[href="{prefix}/espace/commune/"]').first)
    step("commune-space")
    follow(page.locator("main").get_by_role("link", name=need.title).first)
    assert page.url == f"{site_server}{prefix}/espace/offres/{offer.pk}/"
    step("offer")
    page.locator("#status-note").fill("مرحبا، لنتحدث هاتفيا.")
    follow(page.locator("button[name=status][value=accepted]"))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert "ar.expert@diaspora.invalid" in page.content()  # the contact, once accepted
    step("offer-accepted")
    page.goto(f"{site_server}/admin/")
    assert page.get_by_role("heading", name=re.compile(f"{tiznit.title}")).first.is_visible()
    step("admin-dashboard")
    page.context.close()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_community_manager_follows_the_pipeline_on_a_phone(language, chromium, site_server, manager, tiznit, theme):
    """Issue #37.8: the community manager's morning at 360 px, in French and in Arabic — the
    dashboard's figures, the whole list of needs nobody offered to help with, each with its
    action, then the offers — each step saved."""
    from django.utils import timezone
    from wagtail.users.models import UserProfile

    from needs.models import NeedPage

    forgotten = NeedPageFactory(parent=tiznit, theme=theme, title="Besoin oublié du douar Tagant")
    NeedPage.objects.filter(pk=forgotten.pk).update(first_published_at=timezone.now() - timezone.timedelta(days=45))
    preferences = UserProfile.get_for_user(manager)
    preferences.preferred_language = language
    preferences.save()
    page = logged_in_context(chromium, site_server, manager).new_page()

    def step(name):
        journey_step(page, language, "manager", name, sideways=False)

    page.goto(f"{site_server}/admin/")
    assert page.locator("#cds-impact-heading").is_visible()
    step("dashboard")
    follow(page.locator('a[href="/admin/suivi/besoins-sans-offre/"]'))
    item = page.locator("li", has_text="Besoin oublié du douar Tagant")
    assert item.locator(f'a[href$="/espace/besoins/{forgotten.pk}/inviter/"]').is_visible()  # suggest experts
    step("lonely-needs")
    page.goto(f"{site_server}/admin/offers/")
    step("offers")
    page.context.close()
