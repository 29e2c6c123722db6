"""Demo content for the learning spaces: a dozen resources in the library, three events (one
coming workshop, one coming online session that is nearly full, one past with its report),
discussions in two networks, and the demo expert mentoring the need they were accepted on.
Run after seed_demo and seed_community_demo; idempotent."""

import zoneinfo
from datetime import datetime, time, timedelta

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

# slug, title, kind, theme, audiences, stage, summary, body
RESOURCES = [
    (
        "rediger-une-fiche-projet",
        "Rédiger une fiche projet en dix questions",
        "guide",
        "gouvernance-locale",
        ("communes", "associations"),
        "project_sheet",
        "Passer d’une idée du PCD à une fiche projet claire : le problème, les bénéficiaires, les objectifs, "
        "le budget, les partenaires.",
        "Une fiche projet tient en deux pages. Elle dit quel problème le projet résout, pour qui, avec quels "
        "résultats attendus, à quel coût et avec quels partenaires. Commencez par le problème, tel que les "
        "habitants le décrivent, puis les bénéficiaires directs et indirects.",
    ),
    (
        "modele-fiche-projet",
        "Modèle de fiche projet communale",
        "template",
        "gouvernance-locale",
        ("communes",),
        "project_sheet",
        "Le modèle à remplir, rubrique par rubrique, avec un exemple tiré d’un projet d’adduction d’eau.",
        "Le modèle reprend les rubriques attendues par les bailleurs : contexte, objectifs, activités, "
        "calendrier, budget, plan de financement, suivi.",
    ),
    (
        "etude-de-faisabilite",
        "Conduire une étude de faisabilité simple",
        "guide",
        "infrastructures",
        ("communes", "experts"),
        "feasibility",
        "Faisabilité technique, sociale, environnementale et foncière : les questions à poser avant de chiffrer.",
        "Une étude de faisabilité répond à une question : le projet peut-il être réalisé, ici, par ces acteurs, "
        "avec ces moyens ? Elle vérifie le foncier, la ressource (en eau, en énergie), l’acceptation sociale et "
        "les impacts sur l’environnement.",
    ),
    (
        "cadre-logique",
        "Le cadre logique expliqué aux communes",
        "training",
        "gouvernance-locale",
        ("communes", "associations"),
        "financing_plan",
        "Objectif global, objectifs spécifiques, résultats, activités, indicateurs et hypothèses : un support "
        "de formation avec exercices.",
        "Le cadre logique est un tableau de quatre colonnes qui relie ce que l’on fait à ce que l’on veut "
        "changer. Les bailleurs le demandent presque toujours avec le plan de financement.",
    ),
    (
        "plan-de-financement",
        "Modèle de plan de financement",
        "template",
        "economie-sociale-solidaire",
        ("communes", "associations"),
        "financing_plan",
        "Un tableur prêt à remplir : les coûts par poste, les apports de la commune, de l’État, des partenaires "
        "et de la diaspora.",
        "Le plan de financement montre que chaque dirham du budget a une source. Distinguez les fonds acquis, "
        "promis et recherchés.",
    ),
    (
        "droits-sociaux-des-migrants",
        "Les droits sociaux des migrants marocains en Europe",
        "guide",
        "migrations-droits",
        ("experts", "associations"),
        "",
        "Retraite, couverture maladie, conventions bilatérales de sécurité sociale : ce qu’il faut savoir avant "
        "un retour ou un séjour long au Maroc.",
        "Les conventions bilatérales de sécurité sociale entre le Maroc et plusieurs pays européens permettent "
        "de totaliser les périodes d’assurance et d’exporter certaines prestations.",
    ),
    (
        "economie-sociale-et-solidaire",
        "Créer une coopérative : l’économie sociale et solidaire au Maroc",
        "guide",
        "economie-sociale-solidaire",
        ("associations", "communes"),
        "",
        "Coopérative, GIE, association : quelle forme choisir, quelles démarches, quels accompagnements.",
        "La loi 112-12 encadre les coopératives. Sept membres suffisent pour en créer une.",
    ),
    (
        "investir-dans-sa-region",
        "Investir dans sa région d’origine",
        "guide",
        "economie-sociale-solidaire",
        ("experts",),
        "",
        "Les dispositifs d’appui à l’investissement des Marocains du monde, les centres régionaux "
        "d’investissement et les précautions à prendre.",
        "Les centres régionaux d’investissement accompagnent les porteurs de projet. Préparez un plan d’affaires "
        "et vérifiez le statut du foncier.",
    ),
    (
        "gestion-communautaire-de-l-eau",
        "Gérer un réseau d’eau potable en association d’usagers",
        "training",
        "eau-potable",
        ("communes", "associations"),
        "delivery",
        "Statuts, tarification, entretien, comptabilité : le support de la formation des associations "
        "d’usagers de l’eau.",
        "Une association d’usagers fixe un tarif qui couvre l’entretien et le renouvellement des pompes.",
    ),
    (
        "evaluer-un-projet",
        "Évaluer un projet et capitaliser ses leçons",
        "guide",
        "gouvernance-locale",
        ("communes", "experts", "associations"),
        "evaluation",
        "Comparer les résultats obtenus aux résultats attendus, écouter les bénéficiaires, écrire les leçons "
        "pour les autres communes.",
        "L’évaluation répond à cinq questions : pertinence, efficacité, efficience, impact, durabilité.",
    ),
    (
        "passer-de-l-idee-au-projet",
        "De l’idée au projet : le parcours de maturation",
        "training",
        "gouvernance-locale",
        ("communes", "experts"),
        "idea",
        "Les six étapes du parcours, ce que chacune demande, et le rôle du mentor de la diaspora.",
        "Idée, fiche projet, étude de faisabilité, plan de financement, mise en œuvre, évaluation : chaque étape "
        "a sa liste et son modèle.",
    ),
    (
        "tourisme-rural-accueil",
        "Accueillir des visiteurs : tourisme rural et gîtes",
        "guide",
        "tourisme-rural",
        ("communes", "associations"),
        "",
        "Gîtes, circuits et accueil chez l’habitant : les normes, les labels et la promotion en ligne.",
        "Un gîte rural classé doit respecter des normes d’hygiène et de sécurité ; la commune peut aider à "
        "signaler les circuits.",
    ),
]

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
        for slug, title, kind, theme, audiences, stage, summary, body in RESOURCES:
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
