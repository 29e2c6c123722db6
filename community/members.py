"""A member's rights over their data: download all of it, delete the account.

Deleting an account removes the expert profile at once (site, API, search index: deleting the
page does all three), keeps the offers for the communes' records without the person (the name
becomes "anonymised", the links to the account and profile are cut), and removes follows,
consents and email addresses with the account, and every image and document the member
uploaded (files included; a need's maturation documents stay with the commune, unsigned).
"""

from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.users.models import UserProfile

from experts.models import ExpertPrivateDetails
from needs.models import ChecklistEntry

from .models import Invitation, Message, Offer
from .rules import expert_profile_of


def _when(value):
    return value.isoformat() if value else None


def export_data(user):
    """Everything the platform keeps about `user`, as JSON-ready data."""
    profile = expert_profile_of(user)
    data = {
        "exported_at": timezone.now().isoformat(),
        # Files first: what a member uploaded is what they most often want back.
        "uploads": uploads_of(user),
        "account": {
            "email": user.email,
            "username": user.get_username(),
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "preferred_language": UserProfile.get_for_user(user).preferred_language,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in user.emailaddress_set.all()
            ],
        },
        "privacy_consents": [
            {"given_at": _when(c.given_at), "language": c.language} for c in user.privacy_consents.all()
        ],
        "expert_profile": None,
        "offers": [],
        "messages": [
            {"offer": m.offer_id, "sent_at": _when(m.created_at), "body": m.body}
            for m in Message.objects.filter(author=user)
        ],
        "follows": [
            {"territory": f.territory.title, "hcp_code": f.territory.hcp_code}
            if f.territory_id
            else {"theme": f.theme.name}
            for f in user.follows.select_related("territory", "theme")
        ],
        "digest": {
            "active": getattr(getattr(user, "digest", None), "active", False),
        },
    }
    if profile is not None:
        page = profile.get_latest_revision_as_object()
        private = ExpertPrivateDetails.objects.filter(profile=profile).first()
        data["expert_profile"] = {
            "url": profile.full_url if profile.live else None,
            "published": profile.live,
            "display_name": page.title,
            "headline": page.headline,
            "bio": page.bio,
            "skills": [tag.name for tag in page.skills.all()],
            "themes": [theme.name for theme in page.themes.all()],
            "languages": [language.code for language in page.languages.all()],
            "country": page.country,
            "city": page.city,
            "origin_territory": page.origin_territory.title if page.origin_territory else None,
            "association": page.association,
            "years_of_experience": page.years_of_experience,
            "availability_hours": page.availability_hours,
            "engagement_modes": page.engagement_modes,
            "photo": page.photo.file.name if page.photo else None,
            "private": {
                "email": private.email if private else None,
                "phone": private.phone if private else None,
                "gender": private.gender if private else None,
            },
        }
        data["invitations_received"] = [
            {"need": invitation.need.title, "received_at": _when(invitation.created_at), "message": invitation.message}
            for invitation in Invitation.objects.filter(expert=profile).select_related("need")
        ]
    for offer in Offer.objects.filter(author=user).select_related("need").prefetch_related("events"):
        data["offers"].append(
            {
                "id": offer.pk,
                "need": offer.need.title,
                "kind": offer.kind,
                "message": offer.message,
                "hours": offer.hours,
                "amount": offer.amount,
                "currency": offer.currency or None,
                "items": offer.items,
                "status": offer.status,
                "created_at": _when(offer.created_at),
                "history": [{"status": e.status, "at": _when(e.at), "note": e.note} for e in offer.events.all()],
            }
        )
    # Other apps add what they keep about the member (network posts, event registrations...).
    for add_member_data in hooks.get_hooks("member_data"):
        data.update(add_member_data(user))
    return data


def uploads_of(user):
    images = get_image_model().objects.filter(uploaded_by_user=user).order_by("created_at")
    documents = get_document_model().objects.filter(uploaded_by_user=user).order_by("created_at")
    return {
        "images": [{"title": i.title, "file": i.file.name, "uploaded_at": _when(i.created_at)} for i in images],
        "documents": [{"title": d.title, "file": d.file.name, "uploaded_at": _when(d.created_at)} for d in documents],
    }


def delete_uploads(user):
    """Every image (with its renditions) and document `user` uploaded, from the database and,
    once the deletion commits, the disk (Wagtail's file clean-up). A need's maturation documents
    are the commune's record, like its offers: kept, without the link to the person."""
    get_image_model().objects.filter(uploaded_by_user=user).delete()
    documents = get_document_model().objects.filter(uploaded_by_user=user)
    commune_records = documents.filter(pk__in=ChecklistEntry.objects.values("document"))
    commune_records.update(uploaded_by_user=None)
    documents.exclude(pk__in=commune_records.values("pk")).delete()


def delete_account(user):
    """Delete `user` and their profile; anonymise what the communes keep. One transaction."""
    with transaction.atomic():
        profile = expert_profile_of(user)
        offers = Offer.objects.filter(author=user)
        if profile is not None:
            offers = offers | Offer.objects.filter(expert=profile)
        offers.update(author=None, expert=None, expert_name="")
        Message.objects.filter(author=user).update(author=None)
        # Other apps anonymise or remove what they keep (network posts, event registrations...).
        for forget_member in hooks.get_hooks("before_member_deletion"):
            forget_member(user)
        if profile is not None:
            for page in profile.get_translations(inclusive=True):
                page.delete()
        delete_uploads(user)
        user.delete()
