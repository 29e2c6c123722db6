from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from experts.models import ExpertDirectoryPage
from home.models import HomePage
from needs.models import NeedIndexPage
from pages.models import StandardPage, StoryIndexPage, TerritoryIndexPage, Theme
from pages.models.taxonomy import DEFAULT_THEMES
from pages.roles import ensure_community_managers

MODERATION_WORKFLOW = "Modération par l'animation"

SECTIONS = [
    (
        TerritoryIndexPage,
        "Territoires",
        "territoires",
        "Les régions, provinces et communes du Maroc et leurs plans de développement.",
    ),
    (
        NeedIndexPage,
        "Besoins",
        "besoins",
        "Les besoins des Plans Communaux de Développement qui attendent des compétences.",
    ),
    (
        ExpertDirectoryPage,
        "Experts",
        "experts",
        "Les membres de la diaspora qui mettent leurs compétences au service des territoires.",
    ),
    (
        StoryIndexPage,
        "Récits de projets",
        "recits",
        "Ce qui a été réalisé, avec qui, et ce que cela a changé.",
    ),
]

STANDARD_PAGES = [
    (
        "À propos",
        "a-propos",
        "La Communauté de Développement Solidaire relie les communes rurales du Maroc et leur diaspora.",
    ),
    (
        "Comment ça marche",
        "comment-ca-marche",
        "Les communes publient leurs besoins, les experts proposent leur aide.",
    ),
    ("Charte", "charte", "Les engagements de chaque membre de la communauté."),
    (
        "Confidentialité",
        "confidentialite",
        "Quelles données nous gardons, pourquoi, et vos droits.",
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
            self.ensure_child(
                home,
                StandardPage,
                title,
                slug,
                listing_summary=summary,
                show_in_menus=slug == "a-propos",
            )
        managers = ensure_community_managers(home)
        self.ensure_workflow(home, managers)
        self.stdout.write(self.style.SUCCESS(f"Site ready: {home.title} at {home.url_path}"))

    def ensure_home(self):
        locale = Locale.get_default()
        home = HomePage.objects.filter(locale=locale).first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(
                instance=HomePage(
                    title="Communauté de Développement Solidaire",
                    slug="accueil",
                    locale=locale,
                    hero_title="Les communes du Maroc et leur diaspora, ensemble pour le développement",
                    hero_text=(
                        "Les communes publient les besoins de leur plan de développement ; les experts "
                        "de la diaspora proposent leurs compétences ; ensemble, ils font mûrir des projets."
                    ),
                )
            )
            # Wagtail's installation leaves a "Welcome" page as the default site's root: the
            # home page takes its place.
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={
                    "hostname": "localhost",
                    "port": 80,
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

    def ensure_workflow(self, home, managers):
        workflow, _created = Workflow.objects.get_or_create(name=MODERATION_WORKFLOW)
        task, _created = GroupApprovalTask.objects.get_or_create(name="Relecture par l'animation")
        task.groups.add(managers)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
