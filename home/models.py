from django.core.cache import cache
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail_localize.fields import TranslatableField

from core import cache as content_cache
from core.i18n import default_locale, in_language, locale_of
from experts.models import ExpertProfilePage
from needs.models import NeedPage, attach_commune_titles
from pages.blocks import BodyBlock
from pages.models import BasePage, ProjectStoryPage, TerritoryPage


class HomePage(BasePage):
    """The platform's front door, one per language."""

    hero_title = models.CharField(_("accroche"), max_length=160)
    hero_text = models.TextField(_("texte d'accueil"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = BasePage.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("body"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("hero_title"),
        APIField("hero_text"),
        APIField("body"),
    ]
    meta_description_field = "hero_text"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.TerritoryIndexPage",
        "needs.NeedIndexPage",
        "experts.ExpertDirectoryPage",
        "pages.StoryIndexPage",
        "impact.ImpactPage",
        "learning.ResourceIndexPage",
        "learning.NetworkIndexPage",
        "learning.EventIndexPage",
        "pages.StandardPage",
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("hero_title"),
        TranslatableField("hero_text"),
        TranslatableField("body"),
    ]

    class Meta:
        verbose_name = _("page d'accueil")

    def route(self, request, path_components):
        """Find the page in this language's tree, else in the source language's tree.

        A need sheet or a story that nobody has translated yet is served in its own language
        under the visitor's language prefix, with a notice (templates/base.html), rather than a
        404. A page that has a translation redirects to it (pages/wagtail_hooks.py).
        """
        page = self.find_by_path(path_components)
        if page is not None:
            return page.route(request, [])
        try:
            return super().route(request, path_components)
        except Http404:
            default = default_locale()
            source = None if self.locale_id == default.pk else self.get_translation_or_none(default)
            if source is None:
                raise
            return source.specific.route(request, path_components)

    def find_by_path(self, path_components):
        """The live page at this path of this language's tree, in two queries (its row, then its
        specific fields) rather than Wagtail's two per level of the tree, and in none while it
        is in the cache. The slug's index finds
        it; the URL path makes sure. None for anything else (a routable page's sub-path, a page
        to find in the source language): Wagtail's routing handles those."""
        if not path_components:
            return None
        url_path = self.url_path + "/".join(path_components) + "/"
        # The page found is kept until the content changes (a publication, an unpublication,
        # a move, a deletion, a privacy change: pages/signals.py); each request gets its own
        # copy from the cache, never one another request has used.
        key = content_cache.key("route", self.pk, url_path)
        page = cache.get(key)
        if page is None:
            page = (
                Page.objects.live()
                .filter(
                    slug=path_components[-1],
                    depth=self.depth + len(path_components),
                    path__startswith=self.path,
                    url_path=url_path,
                )
                .first()
            )
            if page is None:
                return None
            model = page.specific_class or Page
            page = model.objects.select_related(*getattr(model, "route_select_related", ())).get(pk=page.pk)
            cache.set(key, page, content_cache.TIMEOUT)
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = locale_of(self)
        needs = in_language(NeedPage.objects.live(), locale)

        # The latest needs and stories are read only when their cached fragment (kept until
        # the content changes) is missing: templates call these when they first use them.
        def latest_needs():
            latest = needs.select_related("theme").order_by("-first_published_at")[:6]
            return attach_commune_titles(list(latest), locale)

        def latest_stories():
            stories = in_language(ProjectStoryPage.objects.live(), locale)
            return list(stories.select_related("cover_image").order_by("-first_published_at")[:3])

        context["latest_needs"] = latest_needs
        context["latest_stories"] = latest_stories
        # Three counts over every page of the site: kept until the content changes.
        key = content_cache.key("home-counts", self.locale_id)
        counts = cache.get(key)
        if counts is None:
            counts = {
                "needs": needs.count(),
                "experts": in_language(ExpertProfilePage.objects.live(), locale).count(),
                "communes": in_language(
                    TerritoryPage.objects.live().filter(level=TerritoryPage.Level.COMMUNE), locale
                ).count(),
            }
            cache.set(key, counts, content_cache.TIMEOUT)
        context["counts"] = counts
        return context
