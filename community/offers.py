"""The life of an offer of help: made, answered, carried out; each step dated in its history,
each change told by email to the other side in their language. Every function here writes in
one transaction: nothing is half-saved."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from core import cache as content
from core.i18n import source_page
from core.mail import preferred_language, send_to_user
from needs.models import NeedContact
from pages.models import TerritoryPage

from .models import Message, Offer, OfferEvent


class OfferError(Exception):
    """A step the offer's state or the user's role does not allow; its message is for the user."""


def source_need(need):
    """Offers are kept on the need sheet of the source language, whichever translation the
    expert was reading."""
    return source_page(need)


def commune_recipients(need):
    """Who answers for a need at the commune: its person in charge and the commune's editors."""
    commune = TerritoryPage.objects.filter(hcp_code=need.commune_code, locale=Locale.get_default()).first()
    users = Q(pk__in=NeedContact.objects.filter(need=need).values("responsible"))
    if commune is not None and commune.editors_group_id:
        users |= Q(groups=commune.editors_group_id)
    return list(get_user_model().objects.filter(users, is_active=True).exclude(email="").distinct())


def offer_url(offer, user):
    with translation.override(preferred_language(user)):
        return settings.SITE_URL + reverse("community:offer", args=[offer.pk])


def notify(offer, template, recipients, **context):
    """Email each recipient. Called once the change is committed: never for a rolled-back one."""
    for user in recipients:
        send_to_user(user, template, {"offer": offer, "need": offer.need, "url": offer_url(offer, user), **context})


def accepts_offers(need):
    """A need sheet takes offers until it is completed or closed."""
    return need.is_open


# The kind of help that answers each type of need (NeedPage.NEED_TYPES).
KIND_FOR_NEED_TYPE = {
    "skills": Offer.Kind.SKILLS,
    "equipment": Offer.Kind.EQUIPMENT,
    "financing": Offer.Kind.FINANCING,
    "investment": Offer.Kind.FINANCING,
    "partnership": Offer.Kind.NETWORK,
}


def kinds_for(need):
    """Every kind of help, those the need asks for first: [(kind, asked)]."""
    asked = {KIND_FOR_NEED_TYPE[need_type] for need_type in need.need_types}
    return sorted(((kind, kind in asked) for kind in Offer.Kind), key=lambda pair: not pair[1])


def other_side(offer, side):
    """Who hears about what `side` did: the commune's people, or the expert."""
    if side == "expert":
        return commune_recipients(offer.need)
    return [offer.author] if offer.author else []


def create_offer(*, need, expert, user, kind, message, hours=None, amount=None, currency="", items=""):
    need = source_need(need)
    if not accepts_offers(need):
        raise OfferError(translation.gettext("Ce besoin est clos : il ne reçoit plus d’offres."))
    already = translation.gettext("Vous avez déjà une offre en cours sur ce besoin.")
    if Offer.objects.filter(need=need, author=user, status__in=Offer.OPEN).exists():
        raise OfferError(already)
    try:
        # The offer and the commune's emails (queued: outbox/backend.py) are saved together.
        with transaction.atomic():
            offer = _record_offer(need, expert, user, kind, message, hours, amount, currency, items)
            notify(offer, "offer_created", commune_recipients(need))
    except IntegrityError as error:  # the same offer, posted a moment earlier from another tab
        raise OfferError(already) from error
    return offer


def _record_offer(need, expert, user, kind, message, hours, amount, currency, items):
    with transaction.atomic():
        offer = Offer.objects.create(
            need=need,
            expert=expert,
            author=user,
            expert_name=expert.title,
            kind=kind,
            message=message,
            hours=hours,
            amount=amount,
            currency=currency or "",
            items=items,
        )
        OfferEvent.objects.create(offer=offer, status=offer.status, actor=user, note=message, at=offer.created_at)
    return offer


def change_status(offer, *, user, side, status, note=""):
    """Move `offer` to `status` if `side` may do so from where it stands."""
    with transaction.atomic():
        offer = Offer.objects.select_for_update().select_related("need").get(pk=offer.pk)
        if status not in offer.next_statuses(side):
            raise OfferError(
                translation.gettext("Cette offre est « %(status)s » : ce changement n’est plus possible.")
                % {"status": offer.get_status_display()}
            )
        now = timezone.now()
        offer.status, offer.status_changed_at = status, now
        offer.save(update_fields=["status", "status_changed_at"])
        OfferEvent.objects.create(offer=offer, status=status, actor=user, note=note, at=now)
        notify(offer, "offer_status", other_side(offer, side), note=note)
    return offer  # the signal moved the content version on if it shows (signals.py)


@transaction.atomic
def post_message(offer, *, user, side, body):
    message = Message.objects.create(offer=offer, author=user, from_expert=side == "expert", body=body)
    notify(offer, "offer_message", [r for r in other_side(offer, side) if r.pk != user.pk], message=message)
    return message


def mark_received(offer, *, user):
    if not offer.is_pledge or not offer.is_engaged:
        raise OfferError(translation.gettext("Seule une promesse de financement acceptée peut être marquée reçue."))
    if offer.received_at is None:
        Offer.objects.filter(pk=offer.pk).update(received_at=timezone.now())
        OfferEvent.objects.create(
            offer=offer, status=offer.status, actor=user, note=translation.gettext("Versement reçu")
        )
    content.bump()
    offer.refresh_from_db()
    return offer


def pledges_of(need, eur_to_mad):
    """What financing offers promise to a need: accepted pledges by currency, what was received,
    and what is still missing in MAD once the promises are counted (EUR at `eur_to_mad`)."""
    rows = list(
        Offer.objects.filter(need=source_need(need), kind=Offer.Kind.FINANCING, status__in=Offer.ENGAGED)
        .values("currency")
        .annotate(
            total=Sum("amount"),
            received=Sum("amount", filter=Q(received_at__isnull=False)),
            count=Count("id"),
        )
        .order_by("currency")
    )
    promised = {row["currency"]: row["total"] for row in rows}
    received = {row["currency"]: row["received"] for row in rows if row["received"]}
    promised_mad = promised.get("MAD", 0) + round(promised.get("EUR", 0) * eur_to_mad)
    gap = need.funding_gap
    return {
        "promised": promised,
        "received": received,
        "promised_mad": promised_mad,
        "missing_mad": None if gap is None else max(gap - promised_mad, 0),
        "count": sum(row["count"] for row in rows),
    }


STALE_DAYS = 14


def stale_offers(queryset, days=STALE_DAYS):
    """Open offers nobody moved for `days` days."""
    return queryset.filter(status__in=Offer.OPEN, status_changed_at__lt=timezone.now() - timezone.timedelta(days=days))
