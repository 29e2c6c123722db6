"""The need sheet's guided path: checklists, stage rules (no skipping, nothing missing), who may
move a stage, the mentor, the record of each move, and the community manager's pipeline."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale

from community.models import Offer
from needs import maturation
from needs.models import ChecklistEntry, NeedPage, StageChange

from .community_fixtures import expert_member, other_expert  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def url(need, action=""):
    return f"/espace/besoins/{need.pk}/maturation/{action}"


def answer(client, need, item, text="Réponse complète."):
    return client.post(url(need), {"item": item, "answer": text})


def upload(client, need, item, name="fiche.pdf", content=b"%PDF-1.4 fiche projet"):
    return client.post(url(need), {"item": item, "document": SimpleUploadedFile(name, content)})


def advance(client, need, stage):
    return client.post(url(need, "etape-suivante/"), {"to_stage": stage}, follow=True)


def test_the_commune_fills_the_checklist_and_moves_along_the_path(need, tiznit_editor):
    client = logged_in(tiznit_editor)
    assert need.maturity == "idea"
    page = client.get(url(need))
    assert page.status_code == 200
    assert [item.key for item, _entry in page.context["checklist"]] == ["problem", "beneficiaries", "pcd_link"]

    # Cannot advance with the checklist incomplete: the message names what is missing.
    response = advance(client, need, "project_sheet")
    assert "Il manque encore" in response.content.decode() and "bénéficiera" in response.content.decode()
    need.refresh_from_db()
    assert need.maturity == "idea" and not StageChange.objects.exists()

    for item in ("problem", "beneficiaries", "pcd_link"):
        assert answer(client, need, item).status_code == 302
    # Cannot skip a stage.
    response = advance(client, need, "feasibility")
    assert "sans en sauter" in response.content.decode()
    need.refresh_from_db()
    assert need.maturity == "idea"

    response = advance(client, need, "project_sheet")
    assert "passe à l’étape « Fiche projet »" in response.content.decode()
    need.refresh_from_db()
    assert need.maturity == "project_sheet" and need.maturity_changed_at is not None
    change = StageChange.objects.get()
    assert (change.from_stage, change.to_stage, change.author) == ("idea", "project_sheet", tiznit_editor)

    # The next stage wants a document: an answer does not do, a file with a bad extension is refused.
    assert answer(client, need, "project_sheet").status_code == 400
    response = upload(client, need, "project_sheet", name="virus.exe", content=b"MZ")
    assert response.status_code == 400 and not ChecklistEntry.objects.filter(item="project_sheet").exists()
    assert upload(client, need, "project_sheet").status_code == 302
    entry = ChecklistEntry.objects.get(item="project_sheet")
    assert entry.document is not None and entry.document.collection.name == "Dossiers de maturation"
    # The commune's documents are for logged-in people, not the public web.
    response = Client().get(entry.document.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert entry.document.collection.get_view_restrictions().get().restriction_type == "login"
    # An item of another stage is refused.
    assert answer(client, need, "results").status_code == 400


def test_the_stage_is_the_same_in_every_language_and_in_the_search_facets(need, tiznit_editor, search_backend):
    arabic = need.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.save_revision().publish()
    client = logged_in(tiznit_editor)
    for item in ("problem", "beneficiaries", "pcd_link"):
        answer(client, need, item)
    # Moved from the Arabic page: the checklist and the stage live on the sheet in every language.
    advance(client, arabic, "project_sheet")
    assert set(NeedPage.objects.filter(translation_key=need.translation_key).values_list("maturity", flat=True)) == {
        "project_sheet"
    }
    search_backend.refresh()
    results = Client().get("/besoins/", {"maturity": "project_sheet"}).context["results"]
    assert [page.pk for page in results] == [need.pk]


def test_publishing_an_older_draft_does_not_move_the_stage_back(need, tiznit_editor):
    draft = need.save_revision()
    for item in ("problem", "beneficiaries", "pcd_link"):
        maturation.fill(need, item, tiznit_editor, answer="ok")
    maturation.advance(need, tiznit_editor, "project_sheet")
    type(draft).objects.get(pk=draft.pk).publish()  # as the admin would, from the database
    need.refresh_from_db()
    assert need.maturity == "project_sheet"


def test_who_may_see_and_move_the_path(need, tiznit_editor, ouijjane_editor, manager, expert_member):
    user, profile = expert_member
    assert Client().get(url(need)).status_code == 302  # visitors log in first
    assert logged_in(ouijjane_editor).get(url(need)).status_code == 403
    assert logged_in(user).get(url(need)).status_code == 403
    assert answer(logged_in(ouijjane_editor), need, "problem").status_code == 403
    assert logged_in(manager).get(url(need)).status_code == 200
    assert answer(logged_in(manager), need, "problem").status_code == 302
    assert not ChecklistEntry.objects.filter(author=ouijjane_editor).exists()

    # The commune chooses the expert of an accepted offer as mentor: they read, they don't edit.
    offer = Offer.objects.create(need=need, expert=profile, author=user, kind="skills", message="x", expert_name="S")
    mentor_url = f"/espace/offres/{offer.pk}/mentor/"
    assert logged_in(tiznit_editor).post(mentor_url, {"mentor": "1"}).status_code == 400  # not accepted yet
    offer.status = Offer.Status.ACCEPTED
    offer.save()
    assert logged_in(user).post(mentor_url, {"mentor": "1"}).status_code == 403  # the expert cannot choose
    assert logged_in(tiznit_editor).post(mentor_url, {"mentor": "1"}).status_code == 302
    page = logged_in(user).get(url(need))
    assert page.status_code == 200 and not page.context["can_edit"]
    assert "commenter dans la conversation" in page.content.decode()
    assert answer(logged_in(user), need, "beneficiaries").status_code == 403
    assert advance(logged_in(user), need, "project_sheet").redirect_chain == []
    # The need sheet links the mentor to the path.
    assert url(need) in logged_in(user).get(need.url).content.decode()
    assert url(need) not in Client().get(need.url).content.decode()
    # The offer closes: no longer the need's mentor in effect.
    offer.status = Offer.Status.WITHDRAWN
    offer.save()
    assert logged_in(user).get(url(need)).status_code == 403


def test_the_need_sheet_shows_the_path_to_everyone(need):
    page = Client().get(need.url).content.decode()
    assert "Parcours du projet" in page and 'aria-current="step">Idée' in page


def test_the_pipeline_board_shows_stages_and_stuck_needs(tiznit, theme, manager, tiznit_editor, search_backend):
    from .factories import NeedPageFactory

    fresh = NeedPageFactory(parent=tiznit, theme=theme, title="Besoin récent")
    stuck = NeedPageFactory(parent=tiznit, theme=theme, title="Besoin en souffrance", maturity="feasibility")
    NeedPage.objects.filter(pk=stuck.pk).update(maturity_changed_at=timezone.now() - timedelta(days=75))
    NeedPage.objects.filter(pk=fresh.pk).update(maturity_changed_at=timezone.now() - timedelta(days=3))
    response = logged_in(manager).get("/admin/parcours-des-besoins/")
    assert response.status_code == 200
    columns = {column["stage"]: column for column in response.context["columns"]}
    assert [n.title for n in columns["feasibility"]["needs"]] == ["Besoin en souffrance"]
    assert columns["feasibility"]["stuck"] == 1 and columns["feasibility"]["needs"][0].days_in_stage == 75
    assert "Besoin récent" in [n.title for n in columns["idea"]["needs"]] and columns["idea"]["stuck"] == 0
    only_stuck = logged_in(manager).get("/admin/parcours-des-besoins/", {"stuck": "1"}).context["columns"]
    assert [n.title for column in only_stuck for n in column["needs"]] == ["Besoin en souffrance"]
    assert logged_in(tiznit_editor).get("/admin/parcours-des-besoins/").status_code in (302, 403)
