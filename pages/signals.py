from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.users.models import UserProfile

from core import cache, restrictions
from core.i18n import LOCALES_CACHE_KEY

from .models import Term
from .vocabulary import entries_of_words, map_tags

# Sent with `pks` after pages were changed by a queryset update, which sends no post_save
# (what is kept from pages, such as search/accelerator/tallies.py, reads them again).
pages_updated = Signal()


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
@receiver(post_page_move)
def content_changed(sender, **kwargs):
    cache.bump()


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        cache.bump()


@receiver(post_save, sender="pages.Theme")
@receiver(post_delete, sender="pages.Theme")
def theme_changed(sender, **kwargs):
    cache.bump()  # theme names show on cards and facets


@receiver(post_save, sender="pages.Term")
@receiver(post_delete, sender="pages.Term")
def vocabulary_changed(sender, instance, **kwargs):
    cache.bump()  # searches and matches read the vocabulary (pages/vocabulary.py)
    if kwargs.get("signal") is post_save:
        map_tags([instance])  # the tags members already typed that it now names


@receiver(post_save, sender="taggit.Tag")
def new_tag(sender, instance, created, **kwargs):
    """A skill a member types for the first time joins its vocabulary entry, if it has one."""
    if not created:
        return

    entry = entries_of_words(instance.name)
    if entry is not None:
        sender.terms.through.objects.get_or_create(term_id=entry.pk, tag_id=instance.pk)
        cache.bump()


def vocabulary_tags_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        cache.bump()


@receiver(user_logged_in)
def remember_the_language(sender, request, user, **kwargs):
    """A user's emails are in their preferred language: until they choose one, the language of
    the site when they first log in."""

    language = getattr(request, "LANGUAGE_CODE", "") if request is not None else ""
    if language in dict(settings.LANGUAGES):
        UserProfile.objects.filter(user=user, preferred_language="").update(preferred_language=language)
        UserProfile.objects.get_or_create(user=user, defaults={"preferred_language": language})


@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def locales_changed(sender, **kwargs):
    cache.forget(LOCALES_CACHE_KEY)


@receiver(post_save, sender="wagtailcore.PageViewRestriction")
@receiver(post_delete, sender="wagtailcore.PageViewRestriction")
def view_restrictions_changed(sender, **kwargs):
    restrictions.forget()
    cache.bump()  # pages cached for visitors may have become private


@receiver(post_save, sender="wagtailcore.Site")
@receiver(post_delete, sender="wagtailcore.Site")
def site_changed(sender, **kwargs):
    cache.bump()  # the sites cached per host (core/middleware.py)


def connect_vocabulary_tags():
    """Called once the models are ready (PagesConfig.ready): the through model of Term.tags."""

    m2m_changed.connect(vocabulary_tags_changed, sender=Term.tags.through, dispatch_uid="pages.vocabulary_tags")
