from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField

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
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.TerritoryIndexPage",
        "needs.NeedIndexPage",
        "experts.ExpertDirectoryPage",
        "pages.StoryIndexPage",
        "pages.StandardPage",
    ]

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        needs = NeedPage.objects.live().filter(locale=self.locale)
        latest_needs = attach_commune_titles(
            list(needs.select_related("theme").order_by("-first_published_at")[:6]), self.locale
        )
        context["latest_needs"] = latest_needs
        context["latest_stories"] = (
            ProjectStoryPage.objects.live()
            .filter(locale=self.locale)
            .select_related("cover_image")
            .order_by("-first_published_at")[:3]
        )
        context["counts"] = {
            "needs": needs.count(),
            "experts": ExpertProfilePage.objects.live().filter(locale=self.locale).count(),
            "communes": TerritoryPage.objects.live()
            .filter(locale=self.locale, level=TerritoryPage.Level.COMMUNE)
            .count(),
        }
        return context
