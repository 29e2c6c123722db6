from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.i18n import default_locale, in_language, locale_of
from core.text import collation_key
from pages.blocks import KeyFigureBlock

from .base import BaseIndexPage, BasePage


class TerritoryIndexPage(BaseIndexPage):
    """The entry to Morocco's territories: lists the twelve regions."""

    subpage_types = ["pages.TerritoryPage"]

    class Meta:
        verbose_name = _("index des territoires")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regions"] = TerritoryPage.objects.child_of(self).live().order_by("hcp_code")
        return context


class TerritoryPageForm(WagtailAdminPageForm):
    """Keeps the tree right: a region under the index, a province under a region, a commune
    under a province."""

    def clean(self):
        cleaned_data = super().clean()
        level = cleaned_data.get("level")
        parent = self.parent_page.specific if self.parent_page else None
        if level and parent is not None:
            expected = TerritoryPage.level_below(parent)
            if expected and level != expected:
                self.add_error(
                    "level",
                    _("Sous « %(parent)s », un territoire doit être de niveau « %(level)s ».")
                    % {
                        "parent": parent.title,
                        "level": TerritoryPage.Level(expected).label,
                    },
                )
        return cleaned_data


class TerritoryPage(BasePage):
    """A region, a province (or prefecture) or a commune, with its HCP code and census figures.

    The territory import keeps the tree in line with the HCP data. One commune's editors own the
    subtree below their commune: its need sheets and project stories.
    """

    class Level(models.TextChoices):
        REGION = "region", _("Région")
        PROVINCE = "province", _("Province ou préfecture")
        COMMUNE = "commune", _("Commune")

    class Category(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Préfecture")
        PREFECTURE_OF_ARRONDISSEMENTS = "prefecture_of_arrondissements", _("Préfecture d'arrondissements")
        RURAL = "rural", _("Commune rurale")
        URBAN = "urban", _("Commune urbaine")

    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    hcp_code = models.CharField(
        _("code HCP"),
        max_length=16,
        db_index=True,
        help_text=_("Code géographique du Haut-Commissariat au Plan, par exemple 09.581.11.09."),
    )
    name_ar = models.CharField(_("nom en arabe"), max_length=150, blank=True)
    category = models.CharField(_("catégorie"), max_length=32, choices=Category.choices, blank=True)
    population_2024 = models.PositiveIntegerField(_("population (RGPH 2024)"), null=True, blank=True)
    households_2024 = models.PositiveIntegerField(_("ménages (RGPH 2024)"), null=True, blank=True)
    presentation = RichTextField(_("présentation"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    pcd_summary = RichTextField(
        _("résumé du PCD"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Les axes et priorités du Plan Communal de Développement."),
    )
    pcd_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document du PCD"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key_figures = StreamField([("figure", KeyFigureBlock())], blank=True, verbose_name=_("chiffres clés"))
    # A commune's outline as an SVG path (pages/outlines.py), set by the territory import on the
    # source-language page: its page draws the province's communes with it highlighted.
    outline = models.TextField(blank=True, editable=False)
    # The commune's own editors group, made by the territory import. Never shown publicly.
    editors_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    base_form_class = TerritoryPageForm
    parent_page_types = ["pages.TerritoryIndexPage", "pages.TerritoryPage"]
    subpage_types = ["pages.TerritoryPage", "needs.NeedPage", "pages.ProjectStoryPage"]

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("level"), FieldPanel("category")]),
                FieldRowPanel([FieldPanel("hcp_code"), FieldPanel("name_ar")]),
                FieldRowPanel([FieldPanel("population_2024"), FieldPanel("households_2024")]),
            ],
            heading=_("Données du HCP"),
        ),
        FieldPanel("presentation"),
        MultiFieldPanel([FieldPanel("pcd_summary"), FieldPanel("pcd_document")], heading=_("PCD")),
        FieldPanel("key_figures"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("name_ar", boost=2),
        index.AutocompleteField("name_ar"),
        index.SearchField("presentation"),
        index.SearchField("pcd_summary"),
        index.FilterField("level"),
        index.FilterField("hcp_code"),
        index.FilterField("category"),
    ]

    api_fields = BasePage.api_fields + [
        APIField("level"),
        APIField("hcp_code"),
        APIField("name_ar"),
        APIField("category"),
        APIField("population_2024"),
        APIField("households_2024"),
        APIField("presentation"),
        APIField("pcd_summary"),
        APIField("pcd_document"),
        APIField("key_figures"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("level"),
        SynchronizedField("hcp_code"),
        SynchronizedField("name_ar"),
        SynchronizedField("category"),
        SynchronizedField("population_2024"),
        SynchronizedField("households_2024"),
        TranslatableField("presentation"),
        TranslatableField("pcd_summary"),
        SynchronizedField("pcd_document"),
        TranslatableField("key_figures"),
    ]

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")

    def __str__(self):
        return self.title

    @staticmethod
    def level_below(parent):
        """The level a territory created under `parent` must have, or None if none may be."""
        if isinstance(parent, TerritoryIndexPage):
            return TerritoryPage.Level.REGION
        if isinstance(parent, TerritoryPage):
            return {
                TerritoryPage.Level.REGION: TerritoryPage.Level.PROVINCE,
                TerritoryPage.Level.PROVINCE: TerritoryPage.Level.COMMUNE,
            }.get(parent.level)
        return None

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and cls.level_below(parent.specific) is not None

    @property
    def kind_label(self):
        """What this territory is, as its page and the search results name it: its category
        (« Commune rurale », « Province »), else its level."""
        return self.get_category_display() if self.category else self.get_level_display()

    @property
    def is_commune(self):
        return self.level == self.Level.COMMUNE

    @cached_property
    def territory_ancestors(self):
        """The region and province above this territory, from the top."""
        return list(TerritoryPage.objects.ancestor_of(self).order_by("depth"))

    @property
    def region(self):
        if self.level == self.Level.REGION:
            return self
        return next((t for t in self.territory_ancestors if t.level == self.Level.REGION), None)

    @property
    def province(self):
        if self.level == self.Level.PROVINCE:
            return self
        return next(
            (t for t in self.territory_ancestors if t.level == self.Level.PROVINCE),
            None,
        )

    def clean(self):
        super().clean()
        if self.level == self.Level.COMMUNE and self.category not in (
            "",
            self.Category.RURAL,
            self.Category.URBAN,
        ):
            raise ValidationError({"category": _("Une commune est rurale ou urbaine.")})
        if self.level == self.Level.PROVINCE and self.category not in (
            "",
            self.Category.PROVINCE,
            self.Category.PREFECTURE,
            self.Category.PREFECTURE_OF_ARRONDISSEMENTS,
        ):
            raise ValidationError({"category": _("Une province est une province ou une préfecture.")})
        if self.level == self.Level.REGION and self.category:
            raise ValidationError({"category": _("Une région n'a pas de catégorie.")})

    def get_template(self, request, *args, **kwargs):
        return f"pages/territory_{self.level}.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.is_commune:
            # Read only when the cached fragment that shows them is missing.
            context["commune_lists"] = CommuneLists(self)
        else:
            # Read only when the cached fragment that shows them is missing; in the reader's
            # alphabetical order, accents and case ignored.
            context["subterritories"] = SimpleLazyObject(
                lambda: sorted(TerritoryPage.objects.child_of(self).live(), key=lambda page: collation_key(page.title))
            )
        return context


def place_names(*codes):
    """The names of the territories of `codes` (HCP codes), in French and in Arabic, for the
    search index of the pages placed in them: « تزنيت » then finds what was written « Tiznit »."""
    rows = TerritoryPage.objects.filter(hcp_code__in=[code for code in codes if code], locale=default_locale())
    return [name for row in rows.values_list("title", "name_ar") for name in row if name]


class CommuneLists:
    """A commune page's need sheets and project stories, read on first use."""

    def __init__(self, commune):
        self.commune = commune

    @cached_property
    def _by_label(self):
        commune = self.commune
        # Need sheets and stories are written under the source-language commune: each is
        # shown in this page's language when translated, else in its own. Need sheets live
        # in a higher app (needs/): group the children by model label rather than import it.
        default = default_locale()
        source = commune if commune.locale_id == default.pk else (commune.get_translation_or_none(default) or commune)
        children = Page.objects.live().filter(
            Q(path__startswith=commune.path, depth=commune.depth + 1)
            | Q(path__startswith=source.path, depth=source.depth + 1)
        )
        children = in_language(children, locale_of(commune)).specific().order_by("-first_published_at")
        by_label = {}
        for child in children:
            by_label.setdefault(child._meta.label, []).append(child)
        needs, stories = by_label.get("needs.NeedPage", []), by_label.get("pages.ProjectStoryPage", [])
        needs.sort(key=lambda need: not need.is_open)  # those still looking for help first, newest first
        # What each card shows, fetched once for all the cards, however many there are.
        prefetch_related_objects(needs, "theme")
        prefetch_related_objects(stories, "cover_image__renditions")
        for need in needs:
            need.commune_title = commune.title
        return needs, stories

    @property
    def needs(self):
        return self._by_label[0]

    @property
    def stories(self):
        return self._by_label[1]
