"""Fill the platform with a large synthetic dataset to measure search at scale.

    manage.py generate_scale_data --experts 100000 --needs 20000
    manage.py generate_scale_data --clear

Pages are written in bulk (a few thousand rows per statement), not one save() at a time: the
page tree paths are computed here the way treebeard would. Every page belongs to the
`cds-scale-data` account, which is how `--clear` finds them. Run `manage.py update_index`
afterwards to index them.
"""

import random
import time
import uuid

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Locale, Page

from core.planner import refresh_statistics
from experts.models import ExpertDirectoryPage, ExpertProfilePage, ExpertSkillTag
from home import demo_data
from needs.models import NeedPage, NeedSkillTag
from pages.models import Language, TerritoryPage, Theme
from search import accelerator

SCALE_OWNER = "cds-scale-data"
BATCH = 2000


def insert_child_rows(model, objects):
    """Insert the rows of a page model's own table (the part below wagtailcore_page).

    Django's bulk_create refuses multi-table inheritance, so the child rows go in with one
    parameterised INSERT per batch, values prepared by each field as save() would."""
    fields = model._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        for start in range(0, len(objects), BATCH):
            rows = [
                [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
                for obj in objects[start : start + BATCH]
            ]
            cursor.executemany(sql, rows)


PUBLISHED_OVER_SECONDS = 3 * 365 * 24 * 3600


class Command(BaseCommand):
    help = "Create a large synthetic dataset of experts and need sheets (bulk), or remove it."

    def add_arguments(self, parser):
        parser.add_argument("--experts", type=int, default=100_000)
        parser.add_argument("--needs", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--clear", action="store_true", help="Remove the synthetic dataset, and only it.")

    def handle(self, *args, experts, needs, seed, clear, **options):
        owner, _created = get_user_model().objects.get_or_create(
            username=SCALE_OWNER, defaults={"is_active": False, "first_name": "Données", "last_name": "de charge"}
        )
        if clear:
            self.clear(owner)
            return
        if experts < 0 or needs < 0:
            raise CommandError("--experts and --needs must be positive.")
        self.rnd = random.Random(seed)
        self.owner = owner
        self.locale = Locale.get_default()
        self.now = timezone.now()
        started = time.perf_counter()
        with transaction.atomic():
            self.themes = list(Theme.objects.filter(locale=self.locale))
            self.languages = list(Language.objects.all())
            self.tags = self.skill_tags()
            need_count = self.make_needs(needs)
            expert_count = self.make_experts(experts)
            accelerator.rebuild()  # bulk creation sends no signal
        # Fresh planner statistics: a bulk load leaves them stale until autovacuum comes by (and
        # for ever on SQLite), and the planner then plans every listing as if the tables were empty.
        refresh_statistics()
        self.stdout.write(
            f"Created {need_count} need sheets and {expert_count} expert profiles in "
            f"{time.perf_counter() - started:.1f} s. Now run `manage.py update_index`."
        )

    # --- shared ---------------------------------------------------------------------------
    def skill_tags(self):
        names = sorted(
            {skill for need in demo_data.NEEDS for skill in need["skills"]}
            | {skill for profession in demo_data.PROFESSIONS for skill in profession["skills"]}
        )
        existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
        Tag.objects.bulk_create(
            [Tag(name=name, slug=slugify(name, allow_unicode=True)) for name in names if name not in existing]
        )
        return list(Tag.objects.filter(name__in=names))

    def base_pages(self, parent, content_type, titles):
        """Page rows for `titles` as new children of `parent`, paths computed as treebeard would."""
        step = Page.objects.child_of(parent).count()
        pages = []
        for offset, title in enumerate(titles, start=1):
            slug = f"{slugify(title)[:60]}-{uuid.uuid4().hex[:6]}"
            # Published at some moment of the last three years, as a real platform's pages are:
            # needs and profiles interleave in time (one timestamp for all would make every
            # "newest first" listing a worst case no real site has).
            published = self.now - timezone.timedelta(seconds=self.rnd.randrange(PUBLISHED_OVER_SECONDS))
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    url_path=f"{parent.url_path}{slug}/",
                    owner=self.owner,
                    path=Page._get_path(parent.path, parent.depth + 1, step + offset),
                    depth=parent.depth + 1,
                    numchild=0,
                    translation_key=uuid.uuid4(),
                    locale=self.locale,
                    first_published_at=published,
                    last_published_at=published,
                )
            )
        Page.objects.bulk_create(pages, batch_size=BATCH)
        Page.objects.filter(pk=parent.pk).update(numchild=step + len(titles))
        # bulk_create gives primary keys back on PostgreSQL and SQLite; fetch them by path to
        # stay independent of that.
        by_path = dict(Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "pk"))
        for page in pages:
            page.pk = page.id = by_path[page.path]
        return pages

    # --- needs ----------------------------------------------------------------------------
    def make_needs(self, count):
        if not count:
            return 0
        communes = list(TerritoryPage.objects.filter(locale=self.locale, level=TerritoryPage.Level.COMMUNE))
        if not communes:
            raise CommandError("No communes: run `manage.py import_territories` first.")
        content_type = ContentType.objects.get_for_model(NeedPage)
        per_commune = {}
        for number in range(count):
            per_commune.setdefault(communes[number % len(communes)], []).append(number)
        statuses = [value for value, _label in NeedPage.Status.choices]
        maturities = [value for value, _label in NeedPage.Maturity.choices]
        modes = [value for value, _label in NeedPage.EngagementMode.choices]
        themes = {theme.slug: theme for theme in self.themes}
        tag_by_name = {tag.name: tag for tag in self.tags}
        created = 0
        for commune, numbers in per_commune.items():
            archetypes = [demo_data.NEEDS[(n * 7) % len(demo_data.NEEDS)] for n in numbers]
            titles = [f"{a['title']} ({commune.title} {n})" for a, n in zip(archetypes, numbers, strict=True)]
            pages = self.base_pages(commune, content_type, titles)
            needs, skill_rows, language_rows = [], [], []
            for page, archetype, number in zip(pages, archetypes, numbers, strict=True):
                theme_slug, summary, types = archetype["theme"], archetype["summary"], archetype["types"]
                skills, budget = archetype["skills"], archetype["budget_mad"]
                code = commune.hcp_code
                needs.append(
                    NeedPage(
                        page_ptr_id=page.pk,
                        listing_summary="",
                        summary=summary,
                        description=f"<p>{summary}</p>",
                        pcd_axis=themes[theme_slug].name,
                        pcd_programme="",
                        theme_id=themes[theme_slug].pk,
                        sector_code="",
                        needs_skills="skills" in types,
                        needs_equipment="equipment" in types,
                        needs_financing="financing" in types,
                        needs_partnership="partnership" in types,
                        needs_investment="investment" in types,
                        estimated_budget=budget,
                        funds_secured=budget * self.rnd.choice([0, 10, 25, 50]) // 100,
                        beneficiaries=self.rnd.randrange(50, 5000, 10),
                        women_share=self.rnd.randrange(20, 80),
                        locality="",
                        engagement_mode=modes[number % len(modes)],
                        deadline=(self.now + timezone.timedelta(days=self.rnd.randrange(20, 900))).date(),
                        status=statuses[number % 4],
                        maturity=maturities[number % len(maturities)],
                        region_code=code[:2],
                        province_code=code[:6],
                        commune_code=code,
                    )
                )
                for name in skills:
                    skill_rows.append(NeedSkillTag(content_object_id=page.pk, tag_id=tag_by_name[name].pk))
                for language in self.rnd.sample(self.languages, 2):
                    language_rows.append(NeedPage.languages.through(needpage_id=page.pk, language_id=language.pk))
            insert_child_rows(NeedPage, needs)
            NeedSkillTag.objects.bulk_create(skill_rows, batch_size=BATCH)
            NeedPage.languages.through.objects.bulk_create(language_rows, batch_size=BATCH)
            created += len(needs)
        return created

    # --- experts --------------------------------------------------------------------------
    def make_experts(self, count):
        if not count:
            return 0
        directory = ExpertDirectoryPage.objects.filter(locale=self.locale).first()
        if directory is None:
            raise CommandError("No expert directory: run `manage.py setup_site` first.")
        content_type = ContentType.objects.get_for_model(ExpertProfilePage)
        themes = {theme.slug: theme for theme in self.themes}
        tag_by_name = {tag.name: tag for tag in self.tags}
        created = 0
        for start in range(0, count, 10_000):
            numbers = range(start, min(start + 10_000, count))
            titles = [
                f"{demo_data.FIRST_NAMES[n % len(demo_data.FIRST_NAMES)]} "
                f"{demo_data.LAST_NAMES[(n // len(demo_data.FIRST_NAMES)) % len(demo_data.LAST_NAMES)]} {n}"
                for n in numbers
            ]
            directory.refresh_from_db()
            pages = self.base_pages(directory, content_type, titles)
            experts, skill_rows, theme_rows, language_rows = [], [], [], []
            for page, number in zip(pages, numbers, strict=True):
                profession = demo_data.PROFESSIONS[number % len(demo_data.PROFESSIONS)]
                headline, skills, theme_slugs = profession["headline"], profession["skills"], profession["themes"]
                residence = demo_data.RESIDENCES[(number * 3) % len(demo_data.RESIDENCES)]
                country, city = residence["country"], residence["city"]
                experts.append(
                    ExpertProfilePage(
                        page_ptr_id=page.pk,
                        listing_summary="",
                        headline=headline,
                        bio=f"<p>{headline} à {city}.</p>",
                        country=country,
                        city=city,
                        association=demo_data.ASSOCIATIONS[number % len(demo_data.ASSOCIATIONS)],
                        years_of_experience=number % 40,
                        availability_hours=[4, 8, 16, 20, 40][number % 5],
                        offers_remote_advice=number % 4 != 3,
                        offers_on_site_mission=number % 3 == 0,
                        offers_financing=number % 7 == 0,
                        offers_investment=number % 9 == 0,
                        offers_introductions=number % 2 == 0,
                    )
                )
                extra = self.rnd.sample(self.tags, 2)
                for tag in {tag_by_name[name] for name in skills} | set(extra):
                    skill_rows.append(ExpertSkillTag(content_object_id=page.pk, tag_id=tag.pk))
                for slug in theme_slugs:
                    theme_rows.append(
                        ExpertProfilePage.themes.through(expertprofilepage_id=page.pk, theme_id=themes[slug].pk)
                    )
                for language in self.rnd.sample(self.languages, 3):
                    language_rows.append(
                        ExpertProfilePage.languages.through(expertprofilepage_id=page.pk, language_id=language.pk)
                    )
            insert_child_rows(ExpertProfilePage, experts)
            ExpertSkillTag.objects.bulk_create(skill_rows, batch_size=BATCH)
            ExpertProfilePage.themes.through.objects.bulk_create(theme_rows, batch_size=BATCH)
            ExpertProfilePage.languages.through.objects.bulk_create(language_rows, batch_size=BATCH)
            created += len(experts)
        return created

    # --- clear ----------------------------------------------------------------------------
    def clear(self, owner):
        pages = Page.objects.filter(owner=owner)
        count = pages.count()
        with transaction.atomic(), accelerator.pause():
            parents = set()
            for path in pages.values_list("path", flat=True).iterator():
                parents.add(path[:-4])
            pages.delete()
            accelerator.rebuild()
            for parent in Page.objects.filter(path__in=parents):
                Page.objects.filter(pk=parent.pk).update(numchild=Page.objects.child_of(parent).count())
        owner.delete()
        self.stdout.write(f"Removed {count} synthetic pages. Run `manage.py update_index` to refresh the index.")
