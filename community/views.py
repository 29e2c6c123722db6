"""The members' space: an expert's profile and offers, a commune's offers, the conversation on
each offer, follows, and the member's own data."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.models import Locale

from core.i18n import current_locale, localized, source_page
from experts.models import ExpertPrivateDetails, ExpertProfilePage
from needs import maturation as stages_path
from needs.models import NeedPage
from pages.models import TerritoryPage

from . import invitations, members, offers, profiles, rules
from . import maturation as maturation_service
from .digest import subscription_of, unsubscribe_token_user
from .forms import (
    ChecklistItemForm,
    DeleteAccountForm,
    ExpertProfileForm,
    FollowThemesForm,
    InvitationForm,
    InviteOnNeedForm,
    MessageForm,
    OfferForm,
    StatusForm,
)
from .models import Follow, Invitation, Offer
from .responses import TOO_MANY, rate_limited, refuse


@login_required
def my_space(request):
    user = request.user
    profile = rules.expert_profile_of(user)
    commune_account = rules.communes_of(user).exists()
    my_offers = Offer.objects.filter(author=user).select_related("need")
    follows = list(user.follows.filter(territory__isnull=False).select_related("territory"))
    theme_follows = list(user.follows.filter(theme__isnull=False).values_list("theme_id", flat=True))
    subscription = subscription_of(user)
    themes_form = FollowThemesForm(initial={"themes": theme_follows, "digest": subscription.active})
    territories = localized([follow.territory for follow in follows])
    received = []
    if profile is not None:
        received = list(Invitation.objects.filter(expert=profile).select_related("need"))
        offered = set(my_offers.values_list("need", flat=True))
        for invitation in received:
            invitation.offered = invitation.need_id in offered
    return render(
        request,
        "community/my_space.html",
        {
            "profile": profile,
            "profile_status": profiles.moderation_status(profile),
            "offers": my_offers,
            "invitations": list(zip(received, localized([invitation.need for invitation in received]), strict=True)),
            "territory_follows": list(zip(follows, territories, strict=True)),
            "themes_form": themes_form,
            "is_commune_editor": commune_account or rules.is_community_manager(user),
            "can_have_profile": not commune_account,
        },
    )


@login_required
def profile_edit(request):
    user = request.user
    if rules.communes_of(user).exists():
        return refuse(request, _("Un compte de commune ne peut pas avoir de profil d’expert."))
    profile = rules.expert_profile_of(user)
    if request.method == "POST":
        form = ExpertProfileForm(request.POST, request.FILES)
        if form.is_valid():
            profiles.save_profile(user, form.cleaned_data)
            messages.success(
                request,
                _("Votre profil est enregistré. L’équipe d’animation le relit avant de le publier.")
                if profile is None or not profile.live
                else _(
                    "Vos modifications sont enregistrées. La version publiée reste en ligne jusqu’à leur validation."
                ),
            )
            need_id = request.GET.get("next", "")
            if need_id.isdigit():  # came from « Je peux aider »: back to the offer form
                return redirect("community:offer_create", need_id=int(need_id))
            return redirect("community:my_space")
    else:
        form = ExpertProfileForm(initial=profiles.initial_data(user, profile))
    return render(
        request,
        "community/profile_form.html",
        {"form": form, "profile": profile, "profile_status": profiles.moderation_status(profile)},
    )


def visible_need(need_id):
    """A published need sheet, or 404."""
    return get_object_or_404(NeedPage.objects.live().select_related("theme"), pk=need_id)


@login_required
def offer_create(request, need_id):
    need = visible_need(need_id)
    user = request.user
    expert = rules.expert_profile_of(user)
    if expert is None:
        messages.info(request, _("Pour proposer votre aide, créez d’abord votre profil d’expert."))
        return redirect(f"{reverse('community:profile')}?next={need.pk}")
    if not expert.live:
        messages.info(
            request,
            _(
                "Votre profil attend la validation de l’équipe d’animation : vous pourrez proposer votre aide dès sa publication."
            ),
        )
        return redirect("community:my_space")
    if not rules.can_offer_help(user, expert):
        return refuse(request, _("Seuls les experts peuvent proposer leur aide sur un besoin."))
    if not offers.accepts_offers(need):
        return refuse(request, _("Ce besoin est clos : il ne reçoit plus d’offres."), status=400)
    existing = Offer.objects.filter(need=offers.source_need(need), author=user, status__in=Offer.OPEN).first()
    if existing is not None:
        messages.info(request, _("Vous avez déjà une offre en cours sur ce besoin : la voici."))
        return redirect("community:offer", pk=existing.pk)
    kind = request.POST.get("kind") or request.GET.get("kind")
    if kind not in Offer.Kind.values:  # first, the kind of help: the form then fits it
        return render(request, "community/offer_kind.html", {"need": need, "kinds": offers.kinds_for(need)})
    form = OfferForm(request.POST or None, kind=kind)
    status = 200
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "offer"):
            form.add_error(None, _(TOO_MANY))
            status = 429
        else:
            try:
                offer = offers.create_offer(need=need, expert=expert, user=user, **form.cleaned_data)
            except offers.OfferError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Votre offre est envoyée à la commune. Vous serez prévenu·e par e-mail de sa réponse.")
                )
                return redirect("community:offer", pk=offer.pk)
    context = {"form": form, "need": need, "kind": Offer.Kind(kind)}
    return render(request, "community/offer_form.html", context, status=status)


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


def offer_for(request, pk):
    """The offer and the user's side of it; (offer, None) when the user is on neither side."""
    offer = get_object_or_404(Offer.objects.select_related("need", "expert", "author"), pk=pk)
    return offer, rules.side_of(request.user, offer)


def contacts(offer):
    """Each side's contact email, for the page that shows them once the offer is accepted."""
    expert_email = ExpertPrivateDetails.objects.filter(profile=offer.expert_id).values_list("email", flat=True).first()
    accepted = offer.events.filter(status=Offer.Status.ACCEPTED).select_related("actor").last()
    commune_people = [accepted.actor] if accepted and accepted.actor else offers.commune_recipients(offer.need)
    return {
        "expert": expert_email or (offer.author.email if offer.author else ""),
        "commune": [person.email for person in commune_people if person.email],
    }


@login_required
def offer_detail(request, pk):
    offer, side = offer_for(request, pk)
    if side is None:
        return refuse(request, _("Cette offre ne vous concerne pas : seuls l’expert et la commune peuvent la voir."))
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not offer.is_open:
            form.add_error(None, _("Cette offre est close : la conversation est terminée."))
            status = 400
        elif form.is_valid():
            if rate_limited(request, "message"):
                form.add_error(None, _(TOO_MANY))
                status = 429
            else:
                offers.post_message(offer, user=request.user, side=side, body=form.cleaned_data["body"])
                messages.success(request, _("Message envoyé."))
                return redirect(reverse("community:offer", args=[offer.pk]) + "#conversation")
    need = localized([offer.need])[0]
    return render(
        request,
        "community/offer_detail.html",
        {
            "offer": offer,
            "need": need,
            "side": side,
            "thread": offer_thread(offer),
            "form": form,
            "next_statuses": [(s, Offer.Status(s).label) for s in offer.next_statuses(side)],
            "contacts": contacts(offer) if rules.can_see_contacts(request.user, offer) else None,
            "is_manager": rules.is_community_manager(request.user),
        },
        status=status,
    )


def offer_thread(offer):
    """The offer's story in one thread, oldest first: its steps (the offer itself, each change
    of status with its note) and the messages between them, each with the side that wrote it."""
    steps = [
        {"step": event, "at": event.at, "from_expert": event.actor_id == offer.author_id and event.actor_id is not None}
        for event in offer.events.all()
    ]
    notes = [
        {"message": message, "at": message.created_at, "from_expert": message.from_expert}
        for message in offer.messages.all()
    ]
    return sorted(steps + notes, key=lambda item: item["at"])


@login_required
@require_POST
def offer_status(request, pk):
    offer, side = offer_for(request, pk)
    if side is None:
        return refuse(request, _("Cette offre ne vous concerne pas : seuls l’expert et la commune peuvent la changer."))
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ce changement de statut n’existe pas."))
        return redirect("community:offer", pk=offer.pk)
    try:
        offers.change_status(offer, user=request.user, side=side, **form.cleaned_data)
    except offers.OfferError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Le statut de l’offre est mis à jour."))
    return redirect("community:offer", pk=offer.pk)


@login_required
@require_POST
def pledge_received(request, pk):
    offer = get_object_or_404(Offer, pk=pk)
    if not rules.is_community_manager(request.user):
        return refuse(request, _("Seule l’équipe d’animation marque un versement reçu."))
    try:
        offers.mark_received(offer, user=request.user)
    except offers.OfferError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Le versement est marqué reçu."))
    return redirect("community:offer", pk=offer.pk)


@login_required
def commune_space(request):
    user = request.user
    manager = rules.is_community_manager(user)
    communes = list(rules.communes_of(user))
    if not communes and not manager:
        return refuse(request, _("L’espace commune est réservé aux élus et agents d’une commune."))
    queryset = Offer.objects.select_related("need", "need__theme")
    if not manager:
        queryset = queryset.filter(need__commune_code__in=[c.hcp_code for c in communes])
    status = request.GET.get("status", "")
    if status and status not in Offer.Status.values:
        messages.warning(request, _("Ce filtre de statut n’existe pas : toutes les offres sont affichées."))
        status = ""
    counts = {s: 0 for s in Offer.Status.values}
    for row in queryset.values_list("status", flat=True):
        counts[row] += 1
    if status:
        queryset = queryset.filter(status=status)
    return render(
        request,
        "community/commune_space.html",
        {
            "communes": localized(communes) if communes else [],
            "offers": queryset[:200],
            "invitations": invitations.sent_by_communes(None if manager else communes),
            "status": status,
            "statuses": [(value, label, counts[value]) for value, label in Offer.Status.choices],
            "total": sum(counts.values()),
        },
    )


@login_required
@require_POST
def follow(request):
    territory_id = request.POST.get("territory", "")
    territory = TerritoryPage.objects.filter(pk=territory_id).first() if territory_id.isdigit() else None
    if territory is None:
        messages.error(request, _("Ce territoire n’existe pas."))
        return redirect("community:my_space")
    source = territory.get_translation_or_none(Locale.get_default()) or territory
    _follow, created = Follow.objects.get_or_create(user=request.user, territory=source)
    if created:
        messages.success(
            request,
            _("Vous suivez %(territory)s : ses nouveaux besoins arriveront dans votre résumé.")
            % {"territory": territory.title},
        )
    else:
        messages.info(request, _("Vous suivez déjà %(territory)s.") % {"territory": territory.title})
    return redirect(territory.url or "community:my_space")


@login_required
@require_POST
def unfollow(request, pk):
    deleted, _rows = Follow.objects.filter(pk=pk, user=request.user).delete()
    if deleted:
        messages.success(request, _("Vous ne suivez plus ce territoire."))
    return redirect("community:my_space")


@login_required
@require_POST
def follow_themes(request):
    form = FollowThemesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ce choix de thèmes n’est pas valable."))
        return redirect("community:my_space")
    user = request.user
    chosen = set(form.cleaned_data["themes"])
    user.follows.filter(theme__isnull=False).exclude(theme__in=chosen).delete()
    for theme in chosen:
        Follow.objects.get_or_create(user=user, theme=theme)
    subscription = subscription_of(user)
    subscription.active = form.cleaned_data["digest"]
    subscription.save(update_fields=["active"])
    messages.success(request, _("Vos suivis sont enregistrés."))
    return redirect("community:my_space")


@login_required
def export(request):
    data = members.export_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="cds-mes-donnees.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete_account(request):
    user = request.user
    if user.is_staff or user.is_superuser:
        return refuse(request, _("Un compte d’équipe se supprime par un administrateur, dans l’administration."))
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        logout(request)
        members.delete_account(user)
        messages.success(request, _("Votre compte et votre profil sont supprimés."))
        return redirect("/")
    return render(request, "community/delete_account.html", {"form": form})


@csrf_exempt  # the signed token is the credential; mail clients POST without a form
def unsubscribe(request, token):
    """One click from a digest, no login: GET unsubscribes and offers to undo; POST (the
    List-Unsubscribe-Post of mail clients, or the undo button) sets the choice."""
    try:
        user = unsubscribe_token_user(token)
    except signing.BadSignature:
        return refuse(request, _("Ce lien de désabonnement n’est pas valable."), status=400)
    subscription = subscription_of(user)
    resubscribe = request.method == "POST" and request.POST.get("resubscribe") == "1"
    subscription.active = resubscribe
    subscription.save(update_fields=["active"])
    return render(request, "community/unsubscribe.html", {"active": subscription.active, "token": token})


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
