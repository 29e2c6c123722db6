from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.i18n import in_language
from pages.blocks import BodyBlock, KeyFigureBlock

from .base import BaseIndexPage, BasePage


class StoryIndexPage(BaseIndexPage):
    """Every project story of the platform, newest first."""

    subpage_types = []

    class Meta:
        verbose_name = _("index des récits de projets")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = (
            in_language(ProjectStoryPage.objects.live(), self.locale)
            .select_related("cover_image")
            .order_by("-date_completed", "-first_published_at")
        )
        return context


class ProjectStoryPage(BasePage):
    """What was done in a commune, with whom, with what money, and what it changed."""

    summary = models.TextField(_("résumé"), max_length=500)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de couverture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme = models.ForeignKey(
        "pages.Theme",
        verbose_name=_("thème"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date_started = models.DateField(_("début"), null=True, blank=True)
    date_completed = models.DateField(_("fin"), null=True, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("récit"))
    needs = ParentalManyToManyField(
        "needs.NeedPage",
        blank=True,
        related_name="stories",
        verbose_name=_("besoins auxquels il a répondu"),
    )
    experts = ParentalManyToManyField(
        "experts.ExpertProfilePage",
        blank=True,
        related_name="stories",
        verbose_name=_("experts impliqués"),
    )
    results = StreamField(
        [("figure", KeyFigureBlock())],
        blank=True,
        verbose_name=_("résultats en chiffres"),
    )
    lessons_learned = RichTextField(
        _("leçons apprises (capitalisation)"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
    )

    parent_page_types = ["pages.TerritoryPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("theme"),
        FieldRowPanel([FieldPanel("date_started"), FieldPanel("date_completed")]),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("needs"),
                FieldPanel("experts"),
                InlinePanel("partners", label=_("Partenaire")),
            ],
            heading=_("Qui"),
        ),
        InlinePanel("funding", label=_("Financement")),
        FieldPanel("results"),
        InlinePanel("gallery_images", label=_("Image de la galerie")),
        FieldPanel("lessons_learned"),
    ]

    marked_text_fields = BasePage.marked_text_fields + ["summary"]
    meta_description_field = "summary"
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("lessons_learned"),
        index.RelatedFields("theme", [index.SearchField("name")]),
        index.FilterField("theme"),
        index.FilterField("date_completed"),
    ]

    api_fields = BasePage.api_fields + [
        APIField("summary"),
        APIField("cover_image"),
        APIField("theme"),
        APIField("date_started"),
        APIField("date_completed"),
        APIField("body"),
        APIField("partners"),
        APIField("funding"),
        APIField("results"),
        APIField("gallery_images"),
        APIField("lessons_learned"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("summary"),
        SynchronizedField("cover_image"),
        SynchronizedField("theme"),
        SynchronizedField("date_started"),
        SynchronizedField("date_completed"),
        TranslatableField("body"),
        TranslatableField("results"),
        TranslatableField("lessons_learned"),
        SynchronizedField("partners"),
        SynchronizedField("funding"),
        TranslatableField("gallery_images"),
    ]

    class Meta:
        verbose_name = _("récit de projet")
        verbose_name_plural = _("récits de projets")

    @classmethod
    def can_create_at(cls, parent):
        parent = parent.specific
        return super().can_create_at(parent) and getattr(parent, "is_commune", False)

    def clean(self):
        super().clean()
        if self.date_started and self.date_completed and self.date_completed < self.date_started:
            raise ValidationError({"date_completed": _("La fin ne peut pas précéder le début.")})

    @property
    def commune(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    def public_needs(self):
        return [need for need in self.needs.all() if need.live]

    def public_experts(self):
        return [expert for expert in self.experts.all() if expert.live]

    @property
    def total_funding(self):
        return sum(line.amount_mad for line in self.funding.all())


class ProjectStoryPartner(Orderable):
    page = ParentalKey(ProjectStoryPage, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("nom"), max_length=200)
    role = models.CharField(_("rôle"), max_length=200, blank=True)
    url = models.URLField(_("site web"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("url")]
    api_fields = [APIField("name"), APIField("role"), APIField("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("partenaire")


class ProjectStoryFunding(Orderable):
    page = ParentalKey(ProjectStoryPage, on_delete=models.CASCADE, related_name="funding")
    funder = models.CharField(_("financeur"), max_length=200)
    amount_mad = models.PositiveBigIntegerField(_("montant (MAD)"), validators=[MinValueValidator(0)])

    panels = [FieldRowPanel([FieldPanel("funder"), FieldPanel("amount_mad")])]
    api_fields = [APIField("funder"), APIField("amount_mad")]

    class Meta(Orderable.Meta):
        verbose_name = _("financement")


class ProjectStoryGalleryImage(Orderable):
    page = ParentalKey(ProjectStoryPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("légende"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
    api_fields = [APIField("image"), APIField("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("image de la galerie")
