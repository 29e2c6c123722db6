"""The tree cannot go wrong: each page type only where DESIGN.md puts it."""

import pytest
from wagtail.models import Page

from experts.models import ExpertDirectoryPage, ExpertProfilePage
from home.models import HomePage
from needs.models import NeedIndexPage, NeedPage
from pages.models import ProjectStoryPage, StandardPage, StoryIndexPage, TerritoryIndexPage, TerritoryPage

pytestmark = pytest.mark.django_db


def levels():
    region = TerritoryPage.objects.filter(level="region").first()
    province = TerritoryPage.objects.filter(level="province").first()
    commune = TerritoryPage.objects.filter(level="commune").first()
    return region, province, commune


def test_home_page_sits_at_the_root_only(home):
    assert HomePage.can_create_at(Page.get_first_root_node())
    assert not HomePage.can_create_at(home)


def test_sections_sit_under_the_home_page_once(home):
    for model in (TerritoryIndexPage, NeedIndexPage, ExpertDirectoryPage, StoryIndexPage):
        # The setup made one of each: no second one may be created under the same home page.
        assert model in HomePage.allowed_subpage_models()
        assert not model.can_create_at(home), model
    assert StandardPage.can_create_at(home)


def test_territory_levels_follow_the_tree():
    region, province, commune = levels()
    index = TerritoryIndexPage.objects.get(locale__language_code="fr")
    assert TerritoryPage.can_create_at(index)
    assert TerritoryPage.can_create_at(region)
    assert TerritoryPage.can_create_at(province)
    assert not TerritoryPage.can_create_at(commune)


def test_need_sheets_and_stories_only_under_a_commune(home):
    region, province, commune = levels()
    for model in (NeedPage, ProjectStoryPage):
        assert model.can_create_at(commune)
        assert not model.can_create_at(province)
        assert not model.can_create_at(region)
        assert not model.can_create_at(home)


def test_expert_profiles_only_in_the_directory(directory, tiznit):
    assert ExpertProfilePage.can_create_at(directory)
    assert not ExpertProfilePage.can_create_at(tiznit)


def test_leaf_pages_have_no_children():
    assert NeedPage.allowed_subpage_models() == []
    assert ProjectStoryPage.allowed_subpage_models() == []
    assert ExpertProfilePage.allowed_subpage_models() == []


def test_territory_form_rejects_a_level_that_does_not_fit_the_parent(superuser, client):
    _region, province, _commune = levels()
    client.force_login(superuser)
    response = client.post(
        f"/admin/pages/add/pages/territorypage/{province.pk}/",
        {
            "title": "Commune fictive",
            "slug": "commune-fictive",
            "level": "region",
            "hcp_code": "99.999.99.99",
            "key_figures-count": "0",
        },
    )
    assert response.status_code == 200
    assert "doit être de niveau" in response.content.decode()
    assert not TerritoryPage.objects.filter(hcp_code="99.999.99.99").exists()


def test_a_pages_children_are_found_through_the_depth_and_path_index(home):
    """pages/migrations/0004: Wagtail's children query (`depth = n AND path LIKE 'p%'`) can use
    the (depth, path) index instead of reading every page below the home page."""
    from django.db import connection

    children = Page.objects.child_of(home).live().in_menu().order_by("path")
    assert list(children) == list(home.get_children().live().in_menu().order_by("path"))
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Page._meta.db_table)
        assert indexes["cds_page_depth_path"]["columns"] == ["depth", "path"]
        if connection.vendor == "postgresql":
            # Which of the page tree's indexes PostgreSQL picks for a test's few pages depends
            # on their statistics (docs/benchmarks.md has the choice at scale); SQLite's is stable.
            return
        sql, params = children.query.sql_with_params()
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row) for row in cursor.fetchall())
    assert "cds_page_depth_path" in plan, plan
