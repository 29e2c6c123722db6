from django.dispatch import receiver
from django.utils import translation
from wagtail.signals import page_published

from core.mail import preferred_language, send_to_user

from .models import NeedContact, NeedPage


@receiver(page_published)
def tell_the_responsible_person(sender, instance, revision=None, **kwargs):
    """The commune's person in charge learns, in their language, that their need sheet is live
    (first publication only: later edits are theirs)."""
    need = instance.specific
    if not isinstance(need, NeedPage) or need.first_published_at != need.last_published_at:
        return
    contact = NeedContact.objects.filter(need=need).select_related("responsible").first()
    if contact is None or contact.responsible is None:
        return
    with translation.override(preferred_language(contact.responsible)):
        url = need.get_full_url()
    send_to_user(contact.responsible, "need_published", {"need": need, "url": url})
