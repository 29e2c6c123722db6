"""The commune permission matrix: editor of commune A vs B, community manager, anonymous."""

import re

import pytest
from wagtail.models import WorkflowState

from needs.models import NeedContact, NeedPage

from .factories import NeedPageFactory, ProjectStoryPageFactory

pytestmark = pytest.mark.django_db


def perms(page, user):
    return page.permissions_for_user(user)


def test_editor_can_create_and_edit_under_own_commune(tiznit, tiznit_editor, need, story):
    assert perms(tiznit, tiznit_editor).can_add_subpage()
    assert perms(need, tiznit_editor).can_edit()
    assert perms(story, tiznit_editor).can_edit()


def test_editor_cannot_publish_without_moderation(tiznit, tiznit_editor, need):
    assert not perms(need, tiznit_editor).can_publish()
    assert not perms(tiznit, tiznit_editor).can_publish_subpage()


def test_editor_cannot_touch_another_commune(ouijjane, tiznit_editor, theme):
    other_need = NeedPageFactory(parent=ouijjane, theme=theme)
    other_story = ProjectStoryPageFactory(parent=ouijjane, theme=theme)
    assert not perms(ouijjane, tiznit_editor).can_add_subpage()
    assert not perms(other_need, tiznit_editor).can_edit()
    assert not perms(other_story, tiznit_editor).can_edit()
    assert not perms(other_need, tiznit_editor).can_delete()


def test_editor_cannot_edit_the_commune_above_or_the_province(tiznit, tiznit_editor):
    province = tiznit.get_parent().specific
    assert not perms(province, tiznit_editor).can_edit()
    assert not perms(province, tiznit_editor).can_add_subpage()


def test_community_manager_can_do_everything_everywhere(tiznit, ouijjane, manager, need, theme):
    other_need = NeedPageFactory(parent=ouijjane, theme=theme)
    for page in (tiznit, ouijjane, need, other_need):
        assert perms(page, manager).can_edit()
        assert perms(page, manager).can_publish()
    assert perms(ouijjane, manager).can_add_subpage()


def test_anonymous_cannot_reach_the_admin(client, need):
    response = client.get(f"/admin/pages/{need.pk}/edit/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_editor_gets_refused_on_another_communes_page(client, ouijjane, tiznit_editor, theme):
    other_need = NeedPageFactory(parent=ouijjane, theme=theme)
    client.force_login(tiznit_editor)
    response = client.get(f"/admin/pages/{other_need.pk}/edit/")
    assert response.status_code in (302, 403)
    response = client.get(f"/admin/pages/add/needs/needpage/{ouijjane.pk}/")
    assert response.status_code in (302, 403)
    assert not NeedPage.objects.filter(title="x").exists()


def test_editor_submission_goes_to_the_community_managers(client, tiznit, tiznit_editor, theme):
    client.force_login(tiznit_editor)
    response = client.post(
        f"/admin/pages/add/needs/needpage/{tiznit.pk}/",
        {
            "title": "Pompage solaire",
            "slug": "pompage-solaire",
            "summary": "Remplacer les motopompes diesel.",
            "theme": theme.pk,
            "needs_equipment": "on",
            "funds_secured": "0",
            "engagement_mode": "both",
            "status": "identified",
            "maturity": "idea",
            "equipment_lines-TOTAL_FORMS": "0",
            "equipment_lines-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
            "action-submit": "Submit for moderation",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    need = NeedPage.objects.get(slug="pompage-solaire")
    assert not need.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(need.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific.groups.filter(name="Animation de la communauté").exists()
    # Whoever created the sheet answers for it, privately.
    assert NeedContact.objects.get(need=need).responsible == tiznit_editor


def test_community_manager_approves_and_the_need_goes_live(client, tiznit, tiznit_editor, manager, theme):
    need = NeedPageFactory(parent=tiznit, theme=theme, live=False)
    need.save_revision(user=tiznit_editor)
    from wagtail.models import Workflow

    workflow = Workflow.objects.get(name="Modération par l'animation")
    workflow.start(need, tiznit_editor)
    state = need.current_workflow_state
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, manager, "approve")
    need.refresh_from_db()
    assert need.live


def test_a_commune_editors_admin_opens_on_their_commune(client, tiznit, tiznit_editor, need, directory):
    """Issue #37.5: the dashboard shows their commune, its sheets, « add a need » and the offers
    waiting for them; « Pages » opens on the commune, not on the whole country."""
    from community.models import Offer

    from .community_fixtures import make_expert

    author, profile = make_expert(directory, "panel.expert@diaspora.invalid", title="Leïla Panel")
    Offer.objects.create(
        need=need, expert=profile, author=author, expert_name=profile.title, kind="skills", message="Oui"
    )
    client.force_login(tiznit_editor)
    html = client.get("/admin/").content.decode()
    assert f"Ma commune : {tiznit.title}" in html
    assert f"/admin/pages/add/needs/needpage/{tiznit.pk}/" in html
    assert need.title in html and "1 offre attend votre réponse" in html and "Leïla Panel" in html
    explorer = re.search(r'"name": "explorer".*?"url": "([^"]+)"\}, (\d+)\]', html)  # the sidebar's « Pages »
    assert explorer.groups() == (f"/admin/pages/{tiznit.pk}/", str(tiznit.pk))
    assert "/espace/commune/" in html


def test_a_community_managers_admin_stays_whole(client, manager):
    client.force_login(manager)
    html = client.get("/admin/").content.decode()
    assert "Ma commune" not in html
