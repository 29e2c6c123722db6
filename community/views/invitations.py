"""Invitations: a commune asks experts to look at a need, or one expert at its needs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community import invitations, offers, rules
from community.forms import (
    InvitationForm,
    InviteOnNeedForm,
)
from community.responses import TOO_MANY, rate_limited, refuse
from core.i18n import source_page
from experts.models import ExpertProfilePage

from .offers import visible_need


def send_invitations(request, form, what):
    """For both ways of inviting: `(invitations made, HTTP status)` of a posted form, the made
    ones empty when the form, the rate limit or the service (community/invitations.py) said no,
    with the reason on the form. `what()`: the need and experts chosen, read once the form is
    valid."""
    if not form.is_bound:
        return [], 200
    if not form.is_valid():
        return [], 400
    if rate_limited(request, "invitation"):
        form.add_error(None, _(TOO_MANY))
        return [], 429
    try:
        return invitations.invite(sender=request.user, message=form.cleaned_data["message"], **what()), 200
    except invitations.InvitationError as error:
        form.add_error(None, str(error))
        return [], 400


@login_required
def invite_experts(request, need_id):
    """The commune, or the community manager, invites suggested experts on one of its needs."""
    need = visible_need(need_id)
    user = request.user
    if not rules.speaks_for_need(user, need):
        return refuse(request, _("Seuls les responsables de la commune et l’équipe d’animation invitent des experts."))
    if not offers.accepts_offers(need):
        return refuse(request, _("Ce besoin est clos : il ne reçoit plus d’offres."), status=400)
    form = InvitationForm(request.POST if request.method == "POST" else None, candidates=invitations.candidates(need))
    made, status = send_invitations(request, form, lambda: {"need": need, "experts": form.chosen()})
    if made:
        messages.success(
            request,
            ngettext(
                "%(count)d expert est invité : il reçoit un e-mail et peut proposer son aide.",
                "%(count)d experts sont invités : ils reçoivent un e-mail et peuvent proposer leur aide.",
                len(made),
            )
            % {"count": len(made)},
        )
        return redirect("community:invite", need_id=need.pk)
    context = {"form": form, "need": need, "sent": invitations.sent(need)}
    return render(request, "community/invite.html", context, status=status)


@login_required
def invite_expert(request, expert_id):
    """From an expert's profile: a commune's editor, or the community manager, invites them on
    one of the open needs they answer for."""
    expert = get_object_or_404(ExpertProfilePage.objects.live(), pk=expert_id)
    user = request.user
    if not rules.can_invite_experts(user):
        return refuse(request, _("Seuls les responsables de la commune et l’équipe d’animation invitent des experts."))
    if not invitations.can_be_invited(expert):
        return refuse(
            request,
            _("Cet expert n’a pas de compte sur la plateforme : l’équipe d’animation peut le joindre."),
            status=400,
        )
    needs = invitations.needs_to_invite_on(expert, user)
    form = InviteOnNeedForm(request.POST if request.method == "POST" else None, needs=needs)
    made, status = send_invitations(request, form, lambda: {"need": form.chosen(), "experts": [source_page(expert)]})
    if made:
        messages.success(request, _("L’expert est invité : il reçoit un e-mail et peut proposer son aide."))
        return redirect(expert.url)
    return render(request, "community/invite_expert.html", {"form": form, "expert": expert}, status=status)
