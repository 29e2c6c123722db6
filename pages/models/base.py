from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class BasePage(Page):
    """What every page of the platform shares: a short listing summary and its SEO fields."""

    listing_summary = models.CharField(
        _("résumé pour les listes"),
        max_length=300,
        blank=True,
        help_text=_("Une ou deux phrases montrées dans les listes et les résultats de recherche."),
    )

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
            ],
            heading=_("Référencement"),
        ),
        FieldPanel("listing_summary"),
        FieldPanel("show_in_menus"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("listing_summary"),
        index.FilterField("locale"),
    ]

    api_fields = [APIField("listing_summary")]

    class Meta:
        abstract = True

    def get_listing_summary(self):
        return self.listing_summary or self.search_description


class BaseIndexPage(BasePage):
    """A section of the site under the home page, one per language: territories, needs,
    experts, stories. An introduction, then what the section lists."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True
