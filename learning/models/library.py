"""The library: guides, templates and training material, by theme, audience, type and stage."""

import math

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from needs.models import NeedPage
from pages.models import BaseIndexPage, BasePage, DocumentLink

WORDS_PER_MINUTE = 200


class ResourceIndexPage(BaseIndexPage):
    """The library: guides, templates and training material, searchable and faceted."""

    subpage_types = ["learning.ResourcePage"]

    class Meta:
        verbose_name = _("bibliothèque de ressources")


class ResourcePage(BasePage):
    """A guide, a template or training material for communes, experts and associations."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        TEMPLATE = "template", _("Modèle à remplir")
        TRAINING = "training", _("Support de formation")

    AUDIENCES = [
        ("for_communes", _("Communes")),
        ("for_experts", _("Experts de la diaspora")),
        ("for_associations", _("Associations")),
    ]

    summary = models.TextField(_("résumé"), max_length=500)
    kind = models.CharField(_("type de ressource"), max_length=10, choices=Kind.choices, default=Kind.GUIDE)
    theme = models.ForeignKey(
        "pages.Theme", verbose_name=_("thème"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    for_communes = models.BooleanField(_("pour les communes"), default=False)
    for_experts = models.BooleanField(_("pour les experts"), default=False)
    for_associations = models.BooleanField(_("pour les associations"), default=False)
    language = models.ForeignKey(
        "pages.Language",
        verbose_name=_("langue des documents"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage = models.CharField(
        _("modèle pour l'étape"),
        max_length=14,
        choices=NeedPage.Maturity.choices,
        blank=True,
        help_text=_("Proposée sur la fiche besoin quand celle-ci est à cette étape de maturation."),
    )
    body = RichTextField(
        _("contenu"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]
    )
    reading_minutes = models.PositiveSmallIntegerField(
        _("temps de lecture (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Laissez vide pour le calculer à partir du texte."),
    )

    parent_page_types = ["learning.ResourceIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("theme")]),
                FieldRowPanel([FieldPanel(name) for name, _label in AUDIENCES]),
                FieldRowPanel([FieldPanel("language"), FieldPanel("stage")]),
                FieldPanel("reading_minutes"),
            ],
            heading=_("Classement"),
        ),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Document à télécharger")),
    ]

    marked_text_fields = BasePage.marked_text_fields + ["summary"]
    meta_description_field = "summary"
    search_fields = (
        BasePage.search_fields
        + [
            index.SearchField("summary", boost=2),
            index.SearchField("body"),
            index.RelatedFields("theme", [index.SearchField("name"), index.FilterField("slug")]),
            index.FilterField("theme"),
            index.FilterField("kind"),
            index.FilterField("language"),
            index.FilterField("stage"),
            index.FilterField("first_published_at"),
        ]
        + [index.FilterField(name) for name, _label in AUDIENCES]
    )

    api_fields = BasePage.api_fields + [
        APIField("summary"),
        APIField("kind"),
        APIField("theme"),
        APIField("audiences"),
        APIField("stage"),
        APIField("body"),
        APIField("reading_time"),
        APIField("documents"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("summary"),
        TranslatableField("body"),
        SynchronizedField("kind"),
        SynchronizedField("theme"),
        SynchronizedField("for_communes"),
        SynchronizedField("for_experts"),
        SynchronizedField("for_associations"),
        SynchronizedField("language"),
        SynchronizedField("stage"),
        SynchronizedField("reading_minutes"),
        SynchronizedField("documents"),
    ]

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")

    def clean(self):
        super().clean()
        if not any(getattr(self, name) for name, _label in self.AUDIENCES):
            raise ValidationError({"for_communes": _("Cochez au moins un public.")})

    @property
    def audiences(self):
        return [name.removeprefix("for_") for name, _label in self.AUDIENCES if getattr(self, name)]

    @property
    def audience_labels(self):
        return [label for name, label in self.AUDIENCES if getattr(self, name)]

    @property
    def reading_time(self):
        """Minutes: the editor's figure, else the text's length at 200 words a minute."""
        if self.reading_minutes:
            return self.reading_minutes
        words = len(strip_tags(f"{self.summary} {self.body}").split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = self.documents.select_related("document")
        return context


class ResourceDocument(DocumentLink):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="documents")
