from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from pages.blocks import BodyBlock

from .base import BasePage


class StandardPage(BasePage):
    """About, how it works, the charter, the privacy notice."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [APIField("body")]
    parent_page_types = ["home.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("body"),
    ]

    class Meta:
        verbose_name = _("page standard")
        verbose_name_plural = _("pages standard")
