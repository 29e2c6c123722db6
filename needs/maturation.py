"""The guided path of a need sheet, from an idea to an evaluated project.

idea → project sheet → feasibility study → financing plan → delivery → evaluation. Each stage
has a checklist; a sheet moves to the next stage (never skipping one) once every item of its
current stage is answered or documented. Each move is recorded with its date and author, and the
stage is the same on every translation of the sheet.

Who may do what is decided by the caller (community/rules.py): the commune's editors and the
community managers fill the checklist and move the stage; the mentor reads it.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from core import cache
from core.i18n import source_page
from pages.signals import pages_updated

from .models import ChecklistEntry, NeedPage, StageChange

Stage = NeedPage.Maturity
STAGES = [Stage.IDEA, Stage.PROJECT_SHEET, Stage.FEASIBILITY, Stage.FINANCING_PLAN, Stage.DELIVERY, Stage.EVALUATION]
STUCK_AFTER_DAYS = 60


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    document: bool = False  # a file is asked; otherwise a written answer

    @property
    def kind(self):
        return "document" if self.document else "answer"


CHECKLISTS = {
    Stage.IDEA: [
        Item("problem", _("Le problème à résoudre, décrit avec les habitants")),
        Item("beneficiaries", _("Qui en bénéficiera, et combien de personnes")),
        Item("pcd_link", _("L’axe ou le programme du PCD auquel le besoin répond")),
    ],
    Stage.PROJECT_SHEET: [
        Item("project_sheet", _("La fiche projet remplie"), document=True),
        Item("objectives", _("Les objectifs et les résultats attendus")),
    ],
    Stage.FEASIBILITY: [
        Item("feasibility_study", _("L’étude de faisabilité (technique, sociale, environnementale)"), document=True),
        Item("land", _("Le foncier : statut du terrain et accord obtenu")),
    ],
    Stage.FINANCING_PLAN: [
        Item("financing_plan", _("Le plan de financement"), document=True),
        Item("logical_framework", _("Le cadre logique"), document=True),
        Item("partners", _("Les partenaires financiers et la part de chacun")),
    ],
    Stage.DELIVERY: [
        Item("acceptance", _("Le procès-verbal de réception des travaux ou le rapport de réalisation"), document=True),
        Item("management", _("Qui gère l’ouvrage ou le service, et comment")),
    ],
    Stage.EVALUATION: [
        Item("results", _("Les résultats obtenus, comparés aux résultats attendus")),
        Item("lessons", _("Les leçons apprises, pour les autres communes")),
    ],
}


def next_stage(stage):
    position = STAGES.index(stage)
    return STAGES[position + 1] if position + 1 < len(STAGES) else None


def entries_of(need):
    """The checklist entries of a sheet (in any language: they live on the source page)."""
    return {entry.item: entry for entry in ChecklistEntry.objects.filter(need=source_page(need))}


def checklist(need, stage=None):
    """[(item, entry or None)] for the sheet's current stage (or `stage`)."""
    entries = entries_of(need)
    return [(item, entries.get(item.key)) for item in CHECKLISTS[stage or need.maturity]]


def missing_items(need, items=None):
    """The items of the current stage not answered yet; `items`: its checklist when the caller
    has it already."""
    items = checklist(need) if items is None else items
    return [item for item, entry in items if entry is None or not entry.is_complete]


def fill(need, item_key, user, answer="", document=None):
    """Record the answer or the document of one item of the current stage's checklist."""
    items = {item.key: item for item in CHECKLISTS[need.maturity]}
    item = items.get(item_key)
    if item is None:
        raise ValidationError(_("Cet élément n’est pas dans la liste de l’étape en cours."))
    answer = answer.strip()
    if item.document and document is None:
        raise ValidationError(_("Joignez le document demandé."))
    if not item.document and not answer:
        raise ValidationError(_("Écrivez une réponse."))
    entry, _created = ChecklistEntry.objects.update_or_create(
        need=source_page(need),
        item=item.key,
        defaults={"answer": answer, "document": document, "author": user},
    )
    return entry


@transaction.atomic
def advance(need, user, to_stage):
    """Move the sheet to `to_stage`, which must be the next one, once the checklist is complete.
    Raises ValidationError with a message for the user otherwise."""
    source = NeedPage.objects.select_for_update().get(pk=source_page(need).pk)
    expected = next_stage(source.maturity)
    if expected is None:
        raise ValidationError(_("Cette fiche est à la dernière étape du parcours."))
    if to_stage != expected:
        raise ValidationError(
            _("Une fiche passe d’une étape à la suivante sans en sauter : l’étape suivante est « %(stage)s ».")
            % {"stage": Stage(expected).label}
        )
    missing = missing_items(source)
    if missing:
        raise ValidationError(
            _("Il manque encore, pour passer à l’étape suivante : %(items)s.")
            % {"items": " ; ".join(str(item.label) for item in missing)}
        )
    now = timezone.now()
    StageChange.objects.create(need=source, from_stage=source.maturity, to_stage=expected, author=user, at=now)
    translations = NeedPage.objects.filter(translation_key=source.translation_key)
    translations.update(maturity=expected, maturity_changed_at=now)
    for page in translations:
        index.insert_or_update_object(page)  # the maturity facet
    pages_updated.send(sender=NeedPage, pks=[page.pk for page in translations])
    cache.bump()
    return expected


def stage_since(need):
    return need.maturity_changed_at or need.first_published_at


def days_in_stage(need, now=None):
    since = stage_since(need)
    if since is None:
        return None
    return ((now or timezone.now()) - since).days
