from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import cache

from .models import EventRegistration, Post, Reply


@receiver(post_save, sender=Post)
@receiver(post_delete, sender=Post)
@receiver(post_save, sender=Reply)
@receiver(post_delete, sender=Reply)
@receiver(post_save, sender=EventRegistration)
def shown_on_pages(sender, **kwargs):
    """Posts and replies show on network pages, registrations as the places left on event
    pages: the cached pages must follow."""
    cache.bump()
