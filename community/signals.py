from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import translation
from wagtail.signals import page_published, task_rejected

from core import cache as content
from core.mail import preferred_language, send_to_user
from experts.models import ExpertPrivateDetails, ExpertProfilePage

from .models import Offer


def tell_the_expert(sender, instance, revision=None, **kwargs):
    """An expert learns, in their language, that the community manager published their profile
    (or their latest changes)."""
    page = instance.specific
    if not isinstance(page, ExpertProfilePage):
        return
    details = ExpertPrivateDetails.objects.filter(profile=page).select_related("owner").first()
    if details is None or details.owner is None or revision is None or revision.user_id != details.owner_id:
        return  # only what the expert submitted: the community manager's own edits are silent
    with translation.override(preferred_language(details.owner)):
        url = page.get_full_url()
    send_to_user(details.owner, "profile_published", {"profile": page, "url": url})


def tell_the_expert_to_revise(sender, instance, user=None, **kwargs):
    """The community manager asked for changes: the expert learns it, with the comment."""
    workflow_state = instance.workflow_state
    page = workflow_state.content_object
    if not isinstance(page, ExpertProfilePage):
        return
    details = ExpertPrivateDetails.objects.filter(profile=page).select_related("owner").first()
    if details is None or details.owner is None:
        return
    with translation.override(preferred_language(details.owner)):
        url = settings.SITE_URL + reverse("community:profile")
    send_to_user(details.owner, "profile_changes_requested", {"profile": page, "url": url, "comment": instance.comment})


task_rejected.connect(tell_the_expert_to_revise, dispatch_uid="community.tell_the_expert_to_revise")
page_published.connect(tell_the_expert, dispatch_uid="community.tell_the_expert")


def offers_changed(sender, instance, **kwargs):
    """An offer saved or deleted anywhere, the admin included: need sheets show the pledges and
    the indicators count the engaged offers, both cached until the content changes. An offer
    only proposed, declined or withdrawn shows nowhere public: the anonymous pages stay cached
    (each bump empties them all)."""
    if instance.shows_in_public:
        content.bump()  # for this request; and once committed, for what others cached meanwhile
        transaction.on_commit(content.bump)


post_save.connect(offers_changed, sender=Offer, dispatch_uid="community.offers_changed.save")
post_delete.connect(offers_changed, sender=Offer, dispatch_uid="community.offers_changed.delete")
