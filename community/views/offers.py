"""An offer of help from its making to its end: the form, the offer's page (its thread and
status), the pledge received, and the commune's space of offers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import invitations, offers, rules
from community.forms import (
    MessageForm,
    OfferForm,
    StatusForm,
)
from community.models import Offer
from community.responses import TOO_MANY, rate_limited, refuse
from core.i18n import localized
from experts.models import ExpertPrivateDetails
from needs.models import NeedPage


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
