"""Inviting experts on a need: the commune (its editors) or the community manager picks, among
the experts the platform suggests for the need (search/matching.py), those to ask; each hears
of it by email in their language and finds it in their space, and answers, if they can, with
an offer of help. Nobody's contact details travel with an invitation: the expert's stay hidden
from the commune, the commune's from the expert, until an offer is accepted."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from wagtail.models import Locale

from core.i18n import localized, source_page
from core.mail import preferred_language, send_to_user
from experts.models import ExpertPrivateDetails
from needs.models import NeedPage
from pages.models import TerritoryPage
from search.matching import experts_for_need, needs_for_expert

from . import rules
from .models import Invitation, Offer
from .offers import accepts_offers, source_need

SHOWN = 12  # experts offered to invite at a time


class InvitationError(Exception):
    """What the need's state or the chosen experts do not allow; its message is for the user."""


def _owners(profile_pks):
    """{profile key: its owner's account}, for the profiles whose owner can be told (an active
    account; generated or imported profiles may have none)."""
    details = ExpertPrivateDetails.objects.filter(profile__in=profile_pks, owner__is_active=True)
    return {detail.profile_id: detail.owner for detail in details.select_related("owner")}


def candidates(need):
    """The suggested experts (Match objects, best first, with their reasons) who may be invited
    on `need`: those with an account to tell, not yet invited on it, not already offering help."""
    need = source_need(need)
    matches = experts_for_need(need, limit=SHOWN * 3)
    pks = [match.page.pk for match in matches]
    owned = set(_owners(pks))
    invited = set(Invitation.objects.filter(need=need, expert__in=pks).values_list("expert", flat=True))
    offering = set(
        Offer.objects.filter(need=need, expert__in=pks, status__in=Offer.OPEN).values_list("expert", flat=True)
    )
    return [match for match in matches if match.page.pk in owned - invited - offering][:SHOWN]


def needs_to_invite_on(expert, user):
    """The open needs `user` may invite `expert` on, from the expert's profile: a commune's
    editors, their communes' needs; the community manager, the needs the platform suggests for
    the expert. Less those the expert is already invited on or offering help on."""
    expert = source_page(expert)
    if not rules.can_invite_experts(user):
        return []
    communes = rules.communes_of(user)
    if communes.exists():
        needs = list(
            NeedPage.objects.live()
            .filter(locale=Locale.get_default(), commune_code__in=communes.values("hcp_code"))
            .exclude(status__in=NeedPage.ENDED_STATUSES)
            .order_by("title")
        )
    else:  # the community manager
        needs = [match.page for match in needs_for_expert(expert, limit=SHOWN)]
    invited = set(Invitation.objects.filter(expert=expert).values_list("need", flat=True))
    offering = set(Offer.objects.filter(expert=expert, status__in=Offer.OPEN).values_list("need", flat=True))
    return [need for need in needs if need.pk not in invited | offering]


def can_be_invited(expert):
    """An expert with an account to tell."""
    return bool(_owners([source_page(expert).pk]))


def sent(need):
    """The invitations already sent on `need`, newest first."""
    return list(Invitation.objects.filter(need=source_need(need)).select_related("expert", "sender"))


def sent_by_communes(communes=None):
    """The invitations on these communes' needs (every commune's: None), newest first, each
    with `answered`: whether the expert has offered help on the need since."""
    invitations = Invitation.objects.select_related("need", "expert")
    if communes is not None:
        invitations = invitations.filter(need__commune_code__in=[commune.hcp_code for commune in communes])
    invitations = list(invitations[:100])
    offers = set(
        Offer.objects.filter(need__in={invitation.need_id for invitation in invitations}).values_list("need", "expert")
    )
    for invitation in invitations:
        invitation.answered = (invitation.need_id, invitation.expert_id) in offers
    return invitations


def invite(*, need, experts, sender, message=""):
    """Invite each of `experts` on `need`, all or none, then tell each of them by email.
    Returns the invitations made."""
    need = source_need(need)
    if not accepts_offers(need):
        raise InvitationError(translation.gettext("Ce besoin est clos : il ne reçoit plus d’offres."))
    if not experts:
        raise InvitationError(translation.gettext("Choisissez au moins un expert à inviter."))
    if Offer.objects.filter(need=need, expert__in=experts, status__in=Offer.OPEN).exists():
        raise InvitationError(translation.gettext("Un de ces experts propose déjà son aide sur ce besoin."))
    from_commune = rules.communes_of(sender).filter(hcp_code=need.commune_code).exists()
    commune = TerritoryPage.objects.filter(hcp_code=need.commune_code, locale=Locale.get_default()).first()
    owner_of = _owners([expert.pk for expert in experts])
    try:
        # The invitations and their emails (queued: outbox/backend.py) are saved together: no
        # email for an invitation rolled back, no invitation without its email.
        with transaction.atomic():
            made = [
                Invitation.objects.create(need=need, expert=expert, sender=sender, message=message)
                for expert in experts
            ]
            for invitation in made:
                if invitation.expert_id in owner_of:
                    notify(invitation, owner_of[invitation.expert_id], commune, from_commune)
    except IntegrityError as error:  # sent a moment earlier, from another tab or by a colleague
        raise InvitationError(
            translation.gettext("Un de ces experts vient d’être invité sur ce besoin : rechargez la page.")
        ) from error
    return made


def notify(invitation, user, commune, from_commune):
    """The expert's email, in their language: which need, from whom, the sender's message, and
    the way to the need sheet where they can offer help."""
    with translation.override(preferred_language(user)):
        need = localized([invitation.need])[0]
        commune_name = localized([commune])[0].title if commune else ""
        url = settings.SITE_URL + need.url
    send_to_user(
        user,
        "expert_invited",
        {
            "need": need,
            "commune": commune_name,
            "from_commune": from_commune,
            "message": invitation.message,
            "url": url,
        },
    )
