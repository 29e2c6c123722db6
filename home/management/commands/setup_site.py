import html
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_noop
from wagtail.models import (
    GroupApprovalTask,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail_localize.models import Translation, TranslationSource

from core.roles import ensure_community_managers
from experts.models import ExpertDirectoryPage
from home.models import HomePage
from home.standard_pages import default_body
from impact.models import ImpactPage
from learning.models import EventIndexPage, NetworkIndexPage, NetworkPage, ResourceIndexPage
from needs.models import NeedIndexPage
from pages.models import StandardPage, StoryIndexPage, TerritoryIndexPage, Theme
from pages.models.taxonomy import DEFAULT_THEMES
from pages.vocabulary import ensure_vocabulary

MODERATION_WORKFLOW = "Modération par l'animation"

HOME_TITLE = gettext_noop("Communauté de Développement Solidaire")
HOME_HERO_TITLE = gettext_noop("Les communes du Maroc et leur diaspora, ensemble pour le développement")
HOME_HERO_TEXT = gettext_noop(
    "Les communes publient les besoins de leur plan de développement ; les experts de la diaspora "
    "proposent leurs compétences ; ensemble, ils font mûrir des projets."
)

SECTIONS = [
    (
        TerritoryIndexPage,
        gettext_noop("Territoires"),
        "territoires",
        gettext_noop("Les régions, provinces et communes du Maroc et leurs plans de développement."),
    ),
    (
        NeedIndexPage,
        gettext_noop("Besoins"),
        "besoins",
        gettext_noop("Les besoins des Plans Communaux de Développement qui attendent des compétences."),
    ),
    (
        ExpertDirectoryPage,
        gettext_noop("Experts"),
        "experts",
        gettext_noop("Les membres de la diaspora qui mettent leurs compétences au service des territoires."),
    ),
    (
        StoryIndexPage,
        gettext_noop("Récits de projets"),
        "recits",
        gettext_noop("Ce qui a été réalisé, avec qui, et ce que cela a changé."),
    ),
    (
        ResourceIndexPage,
        gettext_noop("Ressources"),
        "ressources",
        gettext_noop("Guides, modèles et supports de formation pour faire mûrir un projet, de l’idée à l’évaluation."),
    ),
    (
        NetworkIndexPage,
        gettext_noop("Réseaux thématiques"),
        "reseaux",
        gettext_noop("Un réseau par thème : posez une question, partagez une expérience, répondez aux autres."),
    ),
    (
        EventIndexPage,
        gettext_noop("Agenda"),
        "agenda",
        gettext_noop("Ateliers et sessions en ligne, à l’heure de chez vous."),
    ),
    (
        ImpactPage,
        gettext_noop("Impact"),
        "impact",
        gettext_noop("Ce que la communauté a accompli, mesuré à partir de ses propres données."),
    ),
]

STANDARD_PAGES = [
    (
        gettext_noop("À propos"),
        "a-propos",
        gettext_noop("La Communauté de Développement Solidaire relie les communes rurales du Maroc et leur diaspora."),
    ),
    (
        gettext_noop("Comment ça marche"),
        "comment-ca-marche",
        gettext_noop("Les communes publient leurs besoins, les experts proposent leur aide."),
    ),
    (gettext_noop("Charte"), "charte", gettext_noop("Les engagements de chaque membre de la communauté.")),
    (
        gettext_noop("Confidentialité"),
        "confidentialite",
        gettext_noop("Quelles données nous gardons, pourquoi, et vos droits."),
    ),
]


class Command(BaseCommand):
    help = (
        "Create the site skeleton: locales, the home page and its sections, the community "
        "managers' group and the moderation workflow. Idempotent."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            Locale.objects.get_or_create(language_code=code)
        home = self.ensure_home()
        for slug, name, description in DEFAULT_THEMES:
            Theme.objects.get_or_create(
                slug=slug,
                locale=home.locale,
                defaults={"name": name, "description": description},
            )
        for model, title, slug, intro in SECTIONS:
            self.ensure_child(home, model, title, slug, listing_summary=intro, show_in_menus=True)
        for title, slug, summary in STANDARD_PAGES:
            page = self.ensure_child(
                home,
                StandardPage,
                title,
                slug,
                listing_summary=summary,
                show_in_menus=slug == "a-propos",
                body=default_body(slug),
            )
            self.fill_empty_body(page, slug)
        themes = list(Theme.objects.filter(locale=home.locale, slug__in=[slug for slug, *_ in DEFAULT_THEMES]))
        ensure_vocabulary()
        networks = self.ensure_networks(NetworkIndexPage.objects.child_of(home).get(), themes)
        skeleton = [home, *Page.objects.child_of(home).specific(), *networks]
        for locale in Locale.objects.exclude(pk=home.locale_id):
            for instance in themes + skeleton:
                translate_from_catalogue(instance, locale)
        managers = ensure_community_managers(home)
        for translated_home in home.get_translations(inclusive=True):
            self.ensure_workflow(translated_home, managers)
        self.ensure_public_address()
        self.stdout.write(self.style.SUCCESS(f"Site ready: {home.title} at {home.url_path}"))

    def ensure_public_address(self):
        """Wagtail builds every absolute link (emails, the API's html_url, the print view's
        « Fiche en ligne ») from the default site's hostname and port: they are those of
        SITE_URL, the address the public reaches, set again on each run."""
        hostname, port = public_host_and_port(settings.SITE_URL)
        site = Site.objects.get(is_default_site=True)
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save()  # its signals forget the cached root paths and sites

    def ensure_home(self):
        locale = Locale.get_default()
        home = HomePage.objects.filter(locale=locale).first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(
                instance=HomePage(
                    title=HOME_TITLE,
                    slug="accueil",
                    locale=locale,
                    hero_title=HOME_HERO_TITLE,
                    hero_text=HOME_HERO_TEXT,
                )
            )
            # Wagtail's installation leaves a "Welcome" page as the default site's root: the
            # home page takes its place.
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={
                    "root_page": home,
                    "site_name": "CDS",
                },
            )
            root.get_children().exclude(pk=home.pk).filter(content_type__model="page").delete()
        return home

    def ensure_child(self, parent, model, title, slug, **fields):
        page = model.objects.child_of(parent).first()
        if model is StandardPage:
            page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = parent.add_child(instance=model(title=title, slug=slug, **fields))
        return page

    def fill_empty_body(self, page, slug):
        """A standard page set up before it had a default text (and never written since) gets
        it, published, and its translations get the catalogues' translation of it."""
        if page.body.raw_data or page.has_unpublished_changes:
            return
        page.body = default_body(slug)
        page.save_revision().publish()
        for locale in Locale.objects.exclude(pk=page.locale_id):
            translate_from_catalogue(page, locale, new_texts=True)

    def ensure_networks(self, index, themes):
        """One thematic network per theme, named after it."""
        existing = set(NetworkPage.objects.child_of(index).values_list("theme_id", flat=True))
        for theme in themes:
            if theme.pk not in existing:
                index.add_child(
                    instance=NetworkPage(
                        title=theme.name, slug=theme.slug, theme=theme, listing_summary=theme.description
                    )
                )
        return list(NetworkPage.objects.child_of(index).order_by("title"))

    def ensure_workflow(self, home, managers):
        """The community manager reviews what is submitted anywhere on the site, in every language."""
        workflow, _created = Workflow.objects.get_or_create(name=MODERATION_WORKFLOW)
        task, _created = GroupApprovalTask.objects.get_or_create(name="Relecture par l'animation")
        task.groups.add(managers)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


def translate_from_catalogue(instance, locale, new_texts=False):
    """Create `instance`'s translation in `locale` with wagtail-localize, its texts taken from the
    interface catalogues (the skeleton's texts are marked with gettext_noop above). A text the
    catalogue does not translate stays in French until someone translates it in the admin.
    Does nothing when the translation exists: what the community manager wrote is kept.
    `new_texts`: the source has texts the translation lacks (a default body added after the
    translation was made): those are translated, and nothing already translated is touched."""
    if instance.has_translation(locale) and not new_texts:
        return
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    target, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = target.export_po()
    with translation.override(locale.language_code):
        for entry in po:
            if entry.msgstr:  # translated already, by the catalogue or by someone
                continue
            translated = translation.gettext(entry.msgid)
            if translated == entry.msgid and (text := html.unescape(entry.msgid)) != entry.msgid:
                # A rich text segment is HTML (« Migrations &amp; Développement »): the
                # catalogue has the text itself.
                translated = escape(translation.gettext(text)) if translation.gettext(text) != text else entry.msgid
            if translated != entry.msgid:
                entry.msgstr = translated
    target.import_po(po)
    if isinstance(instance, Page):
        # wagtail-localize publishes a page on commit, from the page object as it was when
        # translated: a translated home would then be saved back without the sections created
        # after it (its child count reset). Publish the saved draft at once instead.
        target.save_target(publish=False)
        instance.get_translation(locale).get_latest_revision().publish()
    else:
        target.save_target(publish=True)


def public_host_and_port(site_url):
    """The hostname and port of `site_url` as Wagtail's Site keeps them: Wagtail writes
    https:// for port 443 and http:// for any other."""
    address = urlsplit(site_url)
    return address.hostname, address.port or (443 if address.scheme == "https" else 80)
