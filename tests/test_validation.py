"""Every field's validation: a clear message, and nothing saved."""

import pytest
from django.core.exceptions import ValidationError

from experts.models import ExpertPrivateDetails

from .factories import ExpertProfilePageFactory, NeedPageFactory, ProjectStoryPageFactory

pytestmark = pytest.mark.django_db


def errors_of(page):
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("estimated_budget", -1),
        ("funds_secured", -5),
        ("women_share", 101),
        ("women_share", -1),
        ("pcd_year", 1999),
        ("pcd_year", 2101),
        ("sector_code", "1403"),
        ("sector_code", "abcde"),
        ("beneficiaries", -3),
        ("status", "unknown"),
        ("maturity", "dream"),
        ("engagement_mode", "telepathy"),
    ],
)
def test_need_field_rejects_bad_values(need, field, value):
    setattr(need, field, value)
    assert field in errors_of(need)


def test_need_funds_cannot_exceed_budget(need):
    need.estimated_budget, need.funds_secured = 1000, 2000
    assert "dépasser le budget" in errors_of(need)["funds_secured"][0]


def test_need_requires_at_least_one_need_type(need):
    need.needs_skills = False
    assert "au moins un type" in errors_of(need)["needs_skills"][0]


def test_need_requires_a_theme(need):
    need.theme = None
    assert "theme" in errors_of(need)


def test_need_funding_gap_is_derived(need):
    need.estimated_budget, need.funds_secured = 100_000, 30_000
    assert need.funding_gap == 70_000
    assert need.funding_percent == 30
    need.estimated_budget = None
    assert need.funding_gap is None


def test_valid_need_passes(need):
    need.women_share, need.pcd_year, need.sector_code = 100, 2024, "14030"
    need.full_clean()


@pytest.mark.parametrize(
    ("field", "value"), [("years_of_experience", 71), ("availability_hours", 201), ("country", "XX")]
)
def test_expert_field_rejects_bad_values(expert, field, value):
    setattr(expert, field, value)
    assert field in errors_of(expert)


def test_expert_private_phone_and_email_are_checked(expert):
    details = ExpertPrivateDetails(profile=expert, email="not-an-email", phone="call me")
    errors = errors_of(details)
    assert "email" in errors and "phone" in errors


def test_story_cannot_end_before_it_starts(tiznit, theme):
    import datetime

    story = ProjectStoryPageFactory(parent=tiznit, theme=theme)
    story.date_started, story.date_completed = datetime.date(2025, 5, 1), datetime.date(2024, 5, 1)
    assert "date_completed" in errors_of(story)


def test_region_has_no_category():
    from pages.models import TerritoryPage

    region = TerritoryPage.objects.filter(level="region").first()
    region.category = "rural"
    assert "category" in errors_of(region)


def test_admin_form_with_bad_need_saves_nothing(superuser, client, tiznit, theme):
    client.force_login(superuser)
    response = client.post(
        f"/admin/pages/add/needs/needpage/{tiznit.pk}/",
        {
            "title": "Château d'eau",
            "slug": "chateau-d-eau",
            "summary": "Un château d'eau pour le douar.",
            "theme": theme.pk,
            "needs_skills": "on",
            "estimated_budget": "1000",
            "funds_secured": "5000",
            "women_share": "150",
            "engagement_mode": "both",
            "status": "identified",
            "maturity": "idea",
            "equipment_lines-TOTAL_FORMS": "0",
            "equipment_lines-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ensure this value is less than or equal to 100" in body or "inférieure ou égale à 100" in body
    from needs.models import NeedPage

    assert not NeedPage.objects.filter(slug="chateau-d-eau").exists()


def test_factories_make_valid_pages(need, expert, story):
    for page in (need, expert, story):
        page.full_clean()
    assert NeedPageFactory._meta.model is type(need)
    assert ExpertProfilePageFactory._meta.model is type(expert)
