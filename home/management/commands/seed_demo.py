import io
import random
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page

from core.roles import COMMUNITY_MANAGERS
from experts.models import ExpertDirectoryPage, ExpertPrivateDetails, ExpertProfilePage
from home import demo_data
from impact.models import AdcTraining
from needs.models import NeedContact, NeedEquipmentLine, NeedPage
from pages.models import (
    Language,
    ProjectStoryFunding,
    ProjectStoryPage,
    TerritoryPage,
    Theme,
)
from pages.models.taxonomy import DEFAULT_THEMES

# Every demo page is owned by this account, and every demo image lives in this collection:
# that is how `--clear` finds exactly the demo content and nothing else.
DEMO_OWNER = "cds-demo-content"
DEMO_COLLECTION = "Démonstration"
DEMO_TRAINING = "Montage et suivi de projets (démonstration)"
DEMO_ACCOUNTS = [
    # username, password, role
    ("admin", "admin", "admin"),
    ("animation", "animation", "manager"),
    ("tiznit", "tiznit", "editor:09.581.01.07"),
    ("expert", "expert", "expert"),
]
FEMALE_FIRST_NAMES = demo_data.FEMALE_FIRST_NAMES  # a profile's headline agrees with its first name
THEME_COLOURS = ["#0b6e4f", "#1d4e89", "#b5651d", "#7a3e9d", "#c0392b", "#2e7d32"]


class Command(BaseCommand):
    help = "Fill the platform with demo need sheets, expert profiles and project stories. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--clear", action="store_true", help="Remove the demo content, and only it.")

    def handle(self, *args, clear=False, **options):
        if clear:
            self.clear()
            return
        locale = Locale.get_default()
        communes = {
            page.hcp_code: page for page in TerritoryPage.objects.filter(locale=locale, hcp_code__in=demo_data.COMMUNES)
        }
        missing = sorted(set(demo_data.COMMUNES) - set(communes))
        if missing:
            raise CommandError(
                f"The demo communes are missing ({', '.join(missing)}): run `manage.py import_territories` "
                "first (or at least --region 08 and --region 09)."
            )
        directory = ExpertDirectoryPage.objects.filter(locale=locale).first()
        if directory is None:
            raise CommandError("No expert directory: run `manage.py setup_site` first.")
        themes = {theme.slug: theme for theme in Theme.objects.filter(locale=locale)}
        if len(themes) < len(DEFAULT_THEMES):
            raise CommandError("The themes are missing: run `manage.py setup_site` first.")

        self.rnd = random.Random(2026)
        self.languages = {language.code: language for language in Language.objects.all()}
        with transaction.atomic():
            self.owner = self.demo_owner()
            accounts = self.ensure_accounts(communes)
            needs = self.ensure_needs(communes, themes, accounts)
            experts = self.ensure_experts(directory, themes, communes)
            # The demo expert account owns the first profile (site login: expert@cds.localhost).
            ExpertPrivateDetails.objects.filter(profile=experts[0]).update(
                owner=accounts["expert"], email=accounts["expert"].email
            )
            stories = self.ensure_stories(communes, themes, needs, experts)
            # Trained offline, recorded by the community manager: counts in the Impact page.
            AdcTraining.objects.get_or_create(
                commune=communes["09.581.01.07"],
                training=DEMO_TRAINING,
                defaults={"person": "Agent de développement de Tiznit", "hours": 24},
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {len(needs)} need sheets, {len(experts)} expert profiles, {len(stories)} project stories."
            )
        )
        self.stdout.write("Demo accounts (staff at /admin/, everyone at /compte/login/ with <login>@cds.localhost):")
        roles = {
            "admin": "administrator (everything)",
            "manager": "community manager (publishes, moderates)",
            "editor:09.581.01.07": "editor of the commune of Tiznit only",
            "expert": "diaspora expert (site login: expert@cds.localhost)",
        }
        for username, password, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  login: {username:<10} password: {password:<10} {roles[role]}")

    # --- accounts -----------------------------------------------------------------------
    def demo_owner(self):
        owner, created = get_user_model().objects.get_or_create(
            username=DEMO_OWNER,
            defaults={
                "is_active": False,
                "first_name": "Contenu",
                "last_name": "de démonstration",
            },
        )
        if created:
            owner.set_unusable_password()
            owner.save()
        return owner

    def ensure_accounts(self, communes):
        User = get_user_model()
        accounts = {}
        for username, password, role in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username,
                    password=password,
                    email=f"{username}@cds.localhost",
                )
            if role == "admin":
                user.is_staff = user.is_superuser = True
                user.save()
            elif role == "manager":
                user.groups.add(Group.objects.get(name=COMMUNITY_MANAGERS))
            elif role.startswith("editor:"):
                commune = communes[role.split(":", 1)[1]]
                user.groups.add(commune.editors_group)
                user.first_name, user.last_name = (
                    "Agent de développement",
                    commune.title,
                )
                user.save()
            # Every demo account can also log in on the site, with its (confirmed) email address.
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            accounts[role] = user
        return accounts

    # --- content ------------------------------------------------------------------------
    def create(self, parent, page):
        """Add `page` under `parent` unless a page with its slug is there already."""
        existing = parent.get_children().filter(slug=page.slug).first()
        if existing is not None:
            return existing.specific, False
        page.owner = self.owner
        parent.add_child(instance=page)
        return page, True

    def publish(self, page):
        """Record a first revision, as an editor's publication would, so the admin shows history."""
        page.save_revision(user=self.owner, log_action=False).publish(
            user=self.owner, log_action=False, skip_permission_checks=True
        )

    def ensure_needs(self, communes, themes, accounts):
        codes = list(demo_data.COMMUNES)
        editor = accounts.get("editor:09.581.01.07")
        # Every archetype once, then the first ten again in other communes: 44 sheets.
        plan = [(i, codes[i % len(codes)]) for i in range(len(demo_data.NEEDS))]
        plan += [(i, codes[(i + 3) % len(codes)]) for i in range(10)]
        statuses = [choice for choice, _label in NeedPage.Status.choices]
        # A sheet's stage and funding as its status implies them: a realised project has been
        # funded and is being evaluated, one still identified has no money yet.
        Status, Maturity = NeedPage.Status, NeedPage.Maturity
        stages = {
            Status.IDENTIFIED: ([Maturity.IDEA, Maturity.PROJECT_SHEET], [0]),
            Status.SEEKING: ([Maturity.PROJECT_SHEET, Maturity.FEASIBILITY, Maturity.FINANCING_PLAN], [0, 10, 20, 35]),
            Status.IN_PROGRESS: ([Maturity.DELIVERY], [50, 75, 100]),
            Status.COMPLETED: ([Maturity.EVALUATION], [100]),
        }
        modes = [choice for choice, _label in NeedPage.EngagementMode.choices]
        needs = []
        for number, (index, code) in enumerate(plan):
            need = demo_data.NEEDS[index]
            theme_slug, title, summary = need["theme"], need["title"], need["summary"]
            types, skills, equipment, budget = need["types"], need["skills"], need["equipment"], need["budget_mad"]
            commune = communes[code]
            rnd = self.rnd
            status = statuses[number % 4]
            maturities, funded = stages[status]
            secured = budget * rnd.choice(funded) // 100
            # When help was sought: ahead for the open sheets, past for the realised ones.
            days = rnd.randrange(30, 540)
            deadline = date.today() + timedelta(days=-days if status == Status.COMPLETED else days)
            need = NeedPage(
                title=title,
                slug=slugify(title)[:80],
                summary=summary,
                description=f"<p>{summary}</p><p>Ce besoin figure dans le Plan Communal de Développement de {commune.title}.</p>",
                theme=themes[theme_slug],
                pcd_axis=themes[theme_slug].name,
                pcd_programme=f"Programme {number % 4 + 1}",
                pcd_year=2023 + number % 3,
                estimated_budget=budget,
                funds_secured=secured,
                beneficiaries=rnd.randrange(50, 3000, 10),
                women_share=rnd.randrange(30, 70),
                locality=f"Douar {rnd.choice(['Tagadirt', 'Ighir', 'Tizi', 'Agoujgal', 'Imi n Tanout', 'Tamazirt'])}",
                engagement_mode=modes[number % len(modes)],
                deadline=deadline,
                status=status,
                maturity=maturities[number % len(maturities)],
                **{f"needs_{kind}": True for kind in types},
            )
            need, created = self.create(commune, need)
            if created:
                need.skills.add(*skills)
                need.languages.add(self.languages["fr"], self.languages["ary"], self.languages["zgh"])
                for line in equipment:
                    NeedEquipmentLine.objects.create(page=need, item=line["item"], quantity=line["quantity"])
                self.publish(need)
                NeedContact.objects.get_or_create(
                    need=need,
                    defaults={"responsible": editor if code == "09.581.01.07" else None},
                )
            needs.append(need)
        return needs

    def ensure_experts(self, directory, themes, communes):
        rnd = self.rnd
        experts = []
        language_pool = ["en", "es", "de", "it", "nl"]
        commune_pages = list(communes.values())
        for i in range(60):
            first = demo_data.FIRST_NAMES[i % len(demo_data.FIRST_NAMES)]
            last = demo_data.LAST_NAMES[(i * 7) % len(demo_data.LAST_NAMES)]
            profession = demo_data.PROFESSIONS[i % len(demo_data.PROFESSIONS)]
            headline, skills, theme_slugs = profession["headline"], profession["skills"], profession["themes"]
            feminine = first in FEMALE_FIRST_NAMES
            headline = demo_data.headline_for(headline, feminine)
            residence = demo_data.RESIDENCES[i % len(demo_data.RESIDENCES)]
            country, city = residence["country"], residence["city"]
            name = f"{first} {last}"
            expert = ExpertProfilePage(
                title=name,
                slug=slugify(name),
                headline=headline,
                bio=(
                    f"<p>{headline} installé{'e' if feminine else ''} à {city}, je souhaite mettre mon expérience au service "
                    f"des communes du Souss et du Drâa.</p>"
                ),
                country=country,
                city=city,
                origin_territory=commune_pages[i % len(commune_pages)] if i % 3 else None,
                association=demo_data.ASSOCIATIONS[i % len(demo_data.ASSOCIATIONS)],
                years_of_experience=3 + (i * 5) % 30,
                availability_hours=[4, 8, 10, 16, 20, 40][i % 6],
                offers_remote_advice=i % 4 != 3,
                offers_on_site_mission=i % 3 == 0,
                offers_financing=i % 7 == 0,
                offers_investment=i % 9 == 0,
                offers_introductions=i % 2 == 0,
            )
            expert, created = self.create(directory, expert)
            if created:
                extra = rnd.sample(
                    [
                        "formation",
                        "gestion de projet",
                        "montage de dossiers",
                        "SIG",
                        "communication",
                    ],
                    2,
                )
                expert.skills.add(*skills, *extra)
                expert.themes.add(*[themes[slug] for slug in theme_slugs])
                spoken = ["fr", "ary"] + (["zgh"] if i % 2 else []) + [language_pool[i % len(language_pool)]]
                expert.languages.add(*[self.languages[code] for code in spoken])
                self.publish(expert)
                ExpertPrivateDetails.objects.get_or_create(
                    profile=expert,
                    defaults={
                        "email": f"{slugify(name)}@example.org",
                        "phone": f"+33 6 {10 + i:02d} {20 + i:02d} {30 + i:02d} {40 + i:02d}",
                        "gender": "woman" if feminine else "man",
                    },
                )
            experts.append(expert)
        return experts

    def ensure_stories(self, communes, themes, needs, experts):
        collection = self.demo_collection()
        stories = []
        for number, story in enumerate(demo_data.STORIES):
            code, title, theme_slug, summary = story["commune"], story["title"], story["theme"], story["summary"]
            results, funding = story["results"], story["funding"]
            commune = communes[code]
            story = ProjectStoryPage(
                title=title,
                slug=slugify(title)[:80],
                summary=summary,
                theme=themes[theme_slug],
                cover_image=self.demo_image(collection, title, number),
                date_started=date(2024, 1 + number, 1),
                date_completed=date(2025, 1 + number, 15),
                body=[
                    (
                        "text",
                        f"<p>{summary}</p><p>Le projet est né d'une fiche besoin publiée sur la plateforme.</p>",
                    )
                ],
                results=[("figure", {"value": result["value"], "label": result["label"]}) for result in results],
                lessons_learned="<p>Impliquer l'association villageoise dès le diagnostic ; prévoir la maintenance dès le budget.</p>",
            )
            story, created = self.create(commune, story)
            if created:
                for line in funding:
                    ProjectStoryFunding.objects.create(page=story, funder=line["funder"], amount_mad=line["amount_mad"])
                story.needs.set(
                    [n for n in needs if n.get_parent().pk == commune.pk and n.theme_id == story.theme_id][:1]
                )
                story.experts.set([e for e in experts if theme_slug in {t.slug for t in e.themes.all()}][:2])
                self.publish(story)
            stories.append(story)
        return stories

    # --- images -------------------------------------------------------------------------
    def demo_collection(self):
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=DEMO_COLLECTION).first()
        return collection or root.add_child(name=DEMO_COLLECTION)

    def demo_image(self, collection, title, number):
        """A landscape drawn here, so the demo needs no download."""
        Image = get_image_model()
        existing = Image.objects.filter(collection=collection, title=title).first()
        if existing:
            return existing
        width, height = 1200, 675
        colour = THEME_COLOURS[number % len(THEME_COLOURS)]
        picture = PILImage.new("RGB", (width, height), "#f6e7c8")
        draw = ImageDraw.Draw(picture)
        draw.rectangle([0, 0, width, height // 2], fill="#bfe3f2")
        draw.ellipse([900 - number * 60, 60, 1020 - number * 60, 180], fill="#f7c948")
        for k in range(4):
            x = k * 350 - 100 + number * 20
            draw.polygon(
                [
                    (x, height // 2 + 40),
                    (x + 260, 150 + 20 * k),
                    (x + 520, height // 2 + 40),
                ],
                fill=colour,
            )
        draw.rectangle([0, height // 2 + 40, width, height], fill="#d9b77e")
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG", optimize=True)
        return Image.objects.create(
            title=title,
            file=ImageFile(buffer, name=f"demo-{slugify(title)[:40]}.png"),
            collection=collection,
            description="",
        )

    # --- clear --------------------------------------------------------------------------
    @transaction.atomic
    def clear(self):
        User = get_user_model()
        owner = User.objects.filter(username=DEMO_OWNER).first()
        pages = 0
        if owner is not None:
            # Stories first (they point at needs and experts), then the rest.
            for page in Page.objects.filter(owner=owner).order_by("-depth"):
                page.delete()
                pages += 1
        images = 0
        collection = Collection.objects.filter(name=DEMO_COLLECTION).first()
        if collection is not None:
            for image in get_image_model().objects.filter(collection=collection):
                image.delete()
                images += 1
            collection.delete()
        AdcTraining.objects.filter(training=DEMO_TRAINING).delete()
        accounts = User.objects.filter(username__in=[name for name, _p, _r in DEMO_ACCOUNTS] + [DEMO_OWNER])
        account_count = accounts.count()
        accounts.delete()
        self.stdout.write(self.style.SUCCESS(f"Removed {pages} demo pages, {images} images, {account_count} accounts."))
