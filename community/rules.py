"""Who may do what in the community, as small named predicates, in one place.

| action | visitor | expert | commune editor | community manager | admin |
|---|---|---|---|---|---|
| create/edit own expert profile | – | yes, moderated | – | yes (admin) | yes |
| offer help on a need | – | yes | – | – | – |
| accept/decline offers on own commune's needs | – | – | yes | yes | yes |
| invite suggested experts on own commune's needs | – | – | yes | yes | yes |
| see a person's contact details | – | after acceptance | after acceptance | yes | yes |
| write in an offer's thread | – | its author | its commune's editors | yes | yes |
| mark a pledge received | – | – | – | yes | yes |
"""

from wagtail.models import Locale

from core.roles import COMMUNITY_MANAGERS
from experts.models import ExpertPrivateDetails
from pages.models import TerritoryPage

from .models import Offer


def is_community_manager(user):
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=COMMUNITY_MANAGERS).exists())


def expert_profile_of(user):
    """The expert profile a member owns (published or not), or None."""
    if not user.is_authenticated:
        return None
    details = ExpertPrivateDetails.objects.filter(owner=user).select_related("profile").first()
    return details.profile if details else None


def approved_profile_of(user):
    """The member's expert profile once the community manager has published it, or None:
    until then, nothing the member writes is shown to anyone (offers, network posts)."""
    profile = expert_profile_of(user)
    return profile if profile is not None and profile.live else None


def communes_of(user):
    """The communes (in the source language) whose editors group `user` belongs to."""
    if not user.is_authenticated:
        return TerritoryPage.objects.none()
    return TerritoryPage.objects.filter(
        editors_group__in=user.groups.all(), level=TerritoryPage.Level.COMMUNE, locale=Locale.get_default()
    )


def can_offer_help(user, profile=None):
    """Experts offer help; commune staff and community managers answer offers instead.
    `profile`: the user's expert profile when the caller has already read it."""
    profile = profile or expert_profile_of(user)
    return profile is not None and profile.live and not communes_of(user).exists() and not is_community_manager(user)


def speaks_for_commune(user, offer):
    """An editor of the need's commune, or a community manager."""
    if not user.is_authenticated:
        return False
    return is_community_manager(user) or communes_of(user).filter(hcp_code=offer.need.commune_code).exists()


def is_offer_author(user, offer):
    return user.is_authenticated and offer.author_id == user.pk


def side_of(user, offer):
    """ "expert", "commune" or None: which side of the offer `user` is on."""
    if is_offer_author(user, offer):
        return "expert"
    if speaks_for_commune(user, offer):
        return "commune"
    return None


def can_see_contacts(user, offer):
    """Each side sees the other's contact email once the commune accepted the offer, and only
    while it is engaged; community managers always."""
    if is_community_manager(user):
        return True
    return offer.is_engaged and side_of(user, offer) is not None


def can_invite_experts(user):
    """A commune's editors (on their communes' needs) and the community managers (on any)."""
    return is_community_manager(user) or communes_of(user).exists()


def speaks_for_need(user, need):
    """An editor of the need's commune, or a community manager: they fill the need's checklist
    and move it along its maturation path."""
    if not user.is_authenticated:
        return False
    return is_community_manager(user) or communes_of(user).filter(hcp_code=need.commune_code).exists()


def mentor_offer(user, need):
    """The offer through which `user` mentors `need` (accepted and still engaged), or None."""

    if not user.is_authenticated:
        return None
    return Offer.objects.filter(
        need__translation_key=need.translation_key, author=user, mentor=True, status__in=Offer.ENGAGED
    ).first()


def can_see_maturation(user, need):
    return speaks_for_need(user, need) or mentor_offer(user, need) is not None
