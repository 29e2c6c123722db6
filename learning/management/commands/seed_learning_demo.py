"""Demo content for the learning spaces: a dozen resources in the library, three events (one
coming workshop, one coming online session that is nearly full, one past with its report),
discussions in two networks, and the demo expert mentoring the need they were accepted on.
Run after seed_demo and seed_community_demo; idempotent."""

import json
import zoneinfo
from datetime import datetime, time, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from community.models import Offer
from learning import networks
from learning.models import (
    EventIndexPage,
    EventPage,
    NetworkPage,
    Post,
    ResourceIndexPage,
    ResourcePage,
)
from needs import maturation
from pages.models import Language, Theme

# The library's demo resources, as data.
RESOURCES = json.loads((Path(__file__).resolve().parents[2] / "data" / "demo_resources.json").read_text())["resources"]

REPORT = (
    "<p>Quinze agents de développement de cinq communes ont rédigé chacun la fiche projet d’un besoin de leur "
    "PCD, relue par deux experts de la diaspora.</p>"
)


class Command(BaseCommand):
    help = "Add demo resources, events and network discussions for the demo accounts. Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        locale = Locale.get_default()
        expert, editor = User.objects.filter(username="expert").first(), User.objects.filter(username="tiznit").first()
        library = ResourceIndexPage.objects.filter(locale=locale).first()
        agenda = EventIndexPage.objects.filter(locale=locale).first()
        if library is None or agenda is None:
            raise CommandError("Run `manage.py setup_site` first: the library and the agenda are missing.")
        if expert is None or editor is None:
            raise CommandError("Run `manage.py seed_demo` first: the demo accounts are missing.")
        themes = {theme.slug: theme for theme in Theme.objects.filter(locale=locale)}
        french = Language.objects.filter(code="fr").first()
        resources = {}
        for resource in RESOURCES:
            slug, title, kind, theme, stage = (resource[key] for key in ("slug", "title", "kind", "theme", "stage"))
            audiences, summary, body = resource["audiences"], resource["summary"], resource["body"]
            page = ResourcePage.objects.child_of(library).filter(slug=slug).first()
            if page is None:
                page = ResourcePage(
                    title=title,
                    slug=slug,
                    kind=kind,
                    theme=themes.get(theme),
                    stage=stage,
                    summary=summary,
                    body=f"<p>{body}</p>",
                    language=french,
                    **{f"for_{audience}": True for audience in audiences},
                )
                library.add_child(instance=page)
            resources[slug] = page
        casablanca = zoneinfo.ZoneInfo("Africa/Casablanca")

        def at(days, hour):  # a day from today at a round hour, Moroccan time
            day = timezone.localdate() + timedelta(days=days)
            return datetime.combine(day, time(hour), tzinfo=casablanca)

        events = [
            (
                "atelier-fiche-projet-tiznit",
                "Atelier : écrire la fiche projet de son besoin",
                EventPage.Kind.WORKSHOP,
                at(12, 9),
                3,
                {"place": "Maison des associations, Tiznit", "capacity": 20},
                ["rediger-une-fiche-projet", "modele-fiche-projet"],
                "",
                "Une matinée pour les agents et élus des communes de la province : à partir d’un besoin de "
                "votre PCD, rédiger une fiche projet que la diaspora et les bailleurs comprennent.",
            ),
            (
                "session-en-ligne-diaspora",
                "Session en ligne : devenir mentor d’un projet de sa commune",
                EventPage.Kind.ONLINE,
                at(5, 18),
                2,
                {"online_url": "https://visio.example.org/cds-mentors", "capacity": 2},
                ["passer-de-l-idee-au-projet"],
                "",
                "Deux heures en visioconférence pour les membres de la diaspora : ce qu’attend une commune "
                "d’un mentor, comment suivre un projet à distance, et les premiers pas sur la plateforme.",
            ),
            (
                "atelier-passe-taroudant",
                "Atelier : du PCD aux fiches projets (Taroudant)",
                EventPage.Kind.WORKSHOP,
                at(-40, 9),
                4,
                {"place": "Siège de la province, Taroudant", "capacity": 25},
                ["cadre-logique"],
                REPORT,
                "Les communes de la province de Taroudant ont transformé les besoins de leur PCD en "
                "fiches projets, avec le cadre logique comme fil conducteur.",
            ),
        ]
        for slug, title, kind, starts_at, hours, fields, resource_slugs, report, summary in events:
            if EventPage.objects.child_of(agenda).filter(slug=slug).exists():
                continue
            event = EventPage(
                title=title,
                slug=slug,
                kind=kind,
                summary=summary,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=hours),
                theme=themes.get("gouvernance-locale"),
                body="<p>Accueil, présentation du parcours, travail en petits groupes sur vos besoins, restitution.</p>",
                report=report,
                **fields,
            )
            agenda.add_child(instance=event)
            event.resources.set([resources[s] for s in resource_slugs])
            event.save_revision().publish()
        self.seed_discussions(expert, editor, themes)
        self.seed_mentor(expert, editor)
        self.stdout.write(
            self.style.SUCCESS(f"Learning demo: {len(RESOURCES)} resources, {len(events)} events, discussions.")
        )

    def seed_discussions(self, expert, editor, themes):
        water = NetworkPage.objects.filter(theme=themes["eau-potable"], locale=themes["eau-potable"].locale).first()
        tourism = NetworkPage.objects.filter(theme=themes["tourisme-rural"]).first()
        if water is None or tourism is None or Post.objects.exists():
            return
        question = networks.create_post(
            water,
            editor,
            Post.Kind.QUESTION,
            "Quelle pompe solaire pour un puits de 60 mètres ?",
            "Notre douar a un puits de 60 m. Qui a l’expérience d’une pompe solaire à cette profondeur ? "
            "Quel débit, quel entretien, quel coût ?",
        )
        answer = networks.create_reply(
            question,
            expert,
            "À 60 m, une pompe immergée de 1,5 kW avec 2,5 kWc de panneaux donne environ 8 m³/jour. "
            "Prévoyez un contrat d’entretien et une association d’usagers pour le financer.",
        )
        networks.mark_solution(question, answer, editor)
        networks.create_post(
            tourism,
            expert,
            Post.Kind.EXPERIENCE,
            "Notre gîte associatif, trois ans après",
            "Nous avons ouvert un gîte de 12 lits avec l’association du village. Ce qui a marché : les circuits "
            "avec les guides locaux. Ce qui a manqué : la promotion en ligne les deux premières années.",
        )
        networks.toggle_follow(water, expert)

    def seed_mentor(self, expert, editor):
        offer = Offer.objects.filter(author=expert, status=Offer.Status.ACCEPTED).select_related("need").first()
        if offer is None or offer.mentor:
            return
        offer.mentor = True
        offer.save(update_fields=["mentor"])
        need = offer.need
        if need.maturity == maturation.Stage.IDEA and not need.checklist_entries.exists():
            maturation.fill(
                need, "problem", editor, answer="Le douar n’a pas d’eau au robinet ; les femmes vont au puits."
            )
