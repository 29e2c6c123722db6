from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from . import cache


@receiver(page_published)
def reindex_published_page(sender, instance, **kwargs):
    """Index a page again once it is published with its tags and other cluster relations.

    The search index is updated on post_save, but modelcluster commits a page's child relations
    (skills, languages, themes) only after that signal: without this, a need's skills would reach
    the index one publication late.
    """
    index.insert_or_update_object(instance.specific)


@receiver(page_published)
@receiver(page_unpublished)
def content_changed(sender, **kwargs):
    cache.bump()


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        cache.bump()
