"""An expert's profile, built and edited on the site, published by the community manager.

A new profile is a draft page submitted to the moderation workflow; a later edit is a new
revision submitted the same way, while the published version stays visible. The contact
details go to the private ExpertPrivateDetails, never to the page.
"""

import html
import re

from django.db import transaction
from django.utils.html import format_html_join, strip_tags
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale
from wagtail.users.models import UserProfile

from core.text import ascii_slug
from experts.models import ExpertDirectoryPage, ExpertPrivateDetails, ExpertProfilePage

from .rules import expert_profile_of

MEMBERS_COLLECTION = "Photos des membres"


def text_to_richtext(text):
    """Plain paragraphs (blank-line separated) as safe rich text: no markup reaches the page."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs))


def richtext_to_text(richtext):
    return html.unescape(strip_tags(re.sub(r"</p>\s*", "\n\n", richtext or ""))).strip()


def initial_data(user, profile):
    """The form's initial values: the latest revision (what the expert last wrote)."""
    if profile is None:
        return {"email": user.email}
    page = profile.get_latest_revision_as_object()
    private = ExpertPrivateDetails.objects.filter(profile=profile).first()
    return {
        "title": page.title,
        "headline": page.headline,
        "bio": richtext_to_text(page.bio),
        "skills": ", ".join(tag.name for tag in page.skills.all()),
        "themes": [theme.pk for theme in page.themes.all()],
        "languages": [language.pk for language in page.languages.all()],
        "country": page.country,
        "city": page.city,
        "origin_territory": page.origin_territory_id or "",
        "association": page.association,
        "years_of_experience": page.years_of_experience,
        "availability_hours": page.availability_hours,
        "engagement": [name for name, _label in ExpertProfilePage.ENGAGEMENT_MODES if getattr(page, name)],
        "email": private.email if private else user.email,
        "phone": private.phone if private else "",
        "gender": private.gender if private else ExpertPrivateDetails.Gender.UNSAID,
    }


def members_collection():
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=MEMBERS_COLLECTION).first() or root.add_child(name=MEMBERS_COLLECTION)


def apply(page, data, user):
    page.title = data["title"]
    page.headline = data["headline"]
    page.bio = text_to_richtext(data["bio"])
    page.skills.set(data["skills"])
    page.themes = list(data["themes"])
    page.languages = list(data["languages"])
    page.country = data["country"]
    page.city = data["city"]
    page.origin_territory = data["origin_territory"]
    page.association = data["association"]
    page.years_of_experience = data["years_of_experience"]
    page.availability_hours = data["availability_hours"]
    for name, _label in ExpertProfilePage.ENGAGEMENT_MODES:
        setattr(page, name, name in data["engagement"])
    if data.get("photo"):
        page.photo = get_image_model().objects.create(
            title=data["title"], file=data["photo"], collection=members_collection(), uploaded_by_user=user
        )
    elif data.get("remove_photo"):
        page.photo = None


def save_profile(user, data):
    """Create or update `user`'s profile from the form's cleaned data and submit it for
    moderation. Returns the profile page."""
    with transaction.atomic():
        profile = expert_profile_of(user)
        if profile is None:
            directory = ExpertDirectoryPage.objects.get(locale=Locale.get_default())
            page = ExpertProfilePage(live=False, owner=user)
            apply(page, data, user)
            page.slug = ascii_slug(page.title) or f"expert-{user.pk}"
            if directory.get_children().filter(slug=page.slug).exists():
                page.slug = f"{page.slug}-{user.pk}"
            directory.add_child(instance=page)
            ExpertPrivateDetails.objects.create(profile=page, owner=user, email=data["email"])
        else:
            page = profile.get_latest_revision_as_object()
            apply(page, data, user)
        ExpertPrivateDetails.objects.filter(profile=page).update(
            email=data["email"], phone=data["phone"], gender=data["gender"]
        )
        page.save_revision(user=user)
        if not user.is_staff:
            quiet_admin_notifications(user)
        submit_for_moderation(page, user)
    return page


def quiet_admin_notifications(user):
    """Members hear about moderation from the platform's own emails, in their language, with
    public links; Wagtail's admin notifications would point them to an admin they cannot open."""
    UserProfile.objects.update_or_create(
        user=user, defaults={"approved_notifications": False, "rejected_notifications": False}
    )


def submit_for_moderation(page, user):
    """Start the site's moderation workflow on the latest revision (restarting it when an
    earlier revision was still waiting)."""
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)


def moderation_status(profile):
    """ "published", "pending" (a revision waits for the community manager) or "draft"."""
    if profile is None:
        return None
    if profile.current_workflow_state is not None:
        return "pending"
    return "published" if profile.live else "draft"
