from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from . import cache


@receiver(page_published)
@receiver(page_unpublished)
def content_changed(sender, **kwargs):
    cache.bump()


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        cache.bump()
