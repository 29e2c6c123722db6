"""A need's maturation path as its commune and mentor work on it: the stage's checklist and
documents, the move to the next stage, and the choice of a mentor among the offers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from community import maturation as maturation_service
from community import offers, rules
from community.forms import (
    ChecklistItemForm,
)
from community.models import Offer
from community.responses import refuse
from core.i18n import current_locale
from needs import maturation as stages_path
from needs.models import NeedPage

from .offers import offer_for, visible_need


def maturation_context(request, need, form=None):
    source = offers.source_need(need)
    # The library's guides for this stage: the learning spaces answer through a Wagtail hook
    # (learning/wagtail_hooks.py), since they sit above the community and use it.
    locale = current_locale()
    resources = [
        page for fn in hooks.get_hooks(maturation_service.RESOURCES_HOOK) for page in fn(source.maturity, locale)
    ]
    next_stage = stages_path.next_stage(source.maturity)
    checklist = stages_path.checklist(source)
    return {
        "need": need,
        "source": source,
        "stages": [
            (stage, stage.label, stages_path.STAGES.index(stage) - stages_path.STAGES.index(source.maturity))
            for stage in stages_path.STAGES
        ],
        "checklist": checklist,
        "missing": stages_path.missing_items(source, checklist),
        "next_stage": next_stage and NeedPage.Maturity(next_stage),
        "changes": source.stage_changes.select_related("author"),
        "days_in_stage": stages_path.days_in_stage(source),
        "can_edit": rules.speaks_for_need(request.user, source),
        "mentor_offer": rules.mentor_offer(request.user, source),
        "mentors": Offer.objects.filter(need=source, mentor=True).select_related("expert"),
        "resources": resources,
        "form_errors": form,
    }


@login_required
def maturation(request, need_id):
    need = visible_need(need_id)
    source = offers.source_need(need)
    if not rules.can_see_maturation(request.user, source):
        return refuse(request, _("Le parcours de maturation d’un besoin est réservé à sa commune et à son mentor."))
    errors = None
    status = 200
    if request.method == "POST":
        if not rules.speaks_for_need(request.user, source):
            return refuse(request, _("Seule la commune fait avancer le parcours de son besoin."))
        form = ChecklistItemForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                maturation_service.fill(
                    source,
                    request.user,
                    form.cleaned_data["item"],
                    form.cleaned_data["answer"],
                    form.cleaned_data["document"],
                )
            except ValidationError as error:
                errors = {"item": request.POST.get("item", ""), "messages": error.messages}
                status = 400
            else:
                messages.success(request, _("C’est enregistré."))
                return redirect("community:maturation", need_id=need.pk)
        else:
            errors = {
                "item": request.POST.get("item", ""),
                "messages": [e for errs in form.errors.values() for e in errs],
            }
            status = 400
    return render(request, "community/maturation.html", maturation_context(request, need, errors), status=status)


@login_required
@require_POST
def maturation_advance(request, need_id):
    need = visible_need(need_id)
    source = offers.source_need(need)
    if not rules.speaks_for_need(request.user, source):
        return refuse(request, _("Seule la commune fait avancer le parcours de son besoin."))
    try:
        stage = stages_path.advance(source, request.user, request.POST.get("to_stage", ""))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request, _("Le besoin passe à l’étape « %(stage)s ».") % {"stage": NeedPage.Maturity(stage).label}
        )
    return redirect("community:maturation", need_id=need.pk)


@login_required
@require_POST
def offer_mentor(request, pk):
    offer, side = offer_for(request, pk)
    if side != "commune":
        return refuse(request, _("Seule la commune choisit le mentor de son besoin."))
    mentor = request.POST.get("mentor") == "1"
    if mentor and offer.status not in (Offer.Status.ACCEPTED, Offer.Status.IN_PROGRESS):
        return refuse(request, _("Un mentor se choisit parmi les offres acceptées ou en cours."), status=400)
    maturation_service.set_mentor(offer, mentor)
    messages.success(
        request,
        _("%(name)s accompagne maintenant ce besoin comme mentor.") % {"name": offer.expert_label}
        if mentor
        else _("Ce besoin n’a plus ce mentor."),
    )
    return redirect("community:offer", pk=offer.pk)
