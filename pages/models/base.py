from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from pages.i18n import current_locale, prefixed_url
from pages.text import strip_arabic_marks


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
        index.SearchField("search_text_without_marks"),
        index.FilterField("locale"),
    ]

    api_fields = [APIField("listing_summary")]

    # wagtail-localize: what a translator translates, and what stays the same in every language.
    # The slug is shared so that every page has the same path in each language (HomePage.route
    # relies on it to show an untranslated page under the visitor's language).
    translatable_fields = [
        TranslatableField("title"),
        SynchronizedField("slug"),
        SynchronizedField("show_in_menus"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("listing_summary"),
    ]

    class Meta:
        abstract = True

    def get_listing_summary(self):
        return self.listing_summary or self.search_description

    # What a search engine shows under the title: the editor's description, else the page's own
    # summary (each page type names the field that says it best).
    meta_description_field = None

    def get_meta_description(self):
        own = getattr(self, self.meta_description_field, "") if self.meta_description_field else ""
        return self.search_description or self.listing_summary or own or ""

    # The texts that Arabic writers may vocalise, and a copy of them without the vowel marks
    # for the search index: every backend then finds a word however it was written.
    marked_text_fields = ["title", "listing_summary", "search_description"]

    def search_text_without_marks(self):
        text = " ".join(str(getattr(self, name, "") or "") for name in self.marked_text_fields)
        plain = strip_arabic_marks(text)
        return plain if plain != text else ""

    @property
    def localized(self):
        """This page in the active language when published there (Wagtail's `localized`, with
        the site's locales read from the cache instead of one query per call)."""
        locale = current_locale()
        if locale.pk == self.locale_id:
            return self
        translation = self.get_translation_or_none(locale)
        return translation if translation is not None and translation.live else self

    def get_view_restrictions(self):
        from pages.restrictions import restrictions_exist

        if not restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_url_parts(self, request=None):
        # A page of the source language keeps the visitor's language prefix: an Arabic reader
        # following a link to an untranslated need sheet reads it with an Arabic interface
        # (the home page routes such paths, see HomePage.route).
        parts = super().get_url_parts(request)
        if not parts or parts[2] is None:
            return parts
        site_id, root_url, path = parts
        return site_id, root_url, prefixed_url(path)


class BaseIndexPage(BasePage):
    """A section of the site under the home page, one per language: territories, needs,
    experts, stories. An introduction, then what the section lists."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]
    translatable_fields = BasePage.translatable_fields + [TranslatableField("intro")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True
