from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.cache import fragment_cached
from pages.models import BaseIndexPage, BasePage, DocumentLink, TerritoryPage
from pages.models.territory import place_names


class NeedIndexPage(BaseIndexPage):
    """All the need sheets of the platform; faceted search comes with the search app."""

    subpage_types = []

    class Meta:
        verbose_name = _("index des besoins")


class NeedSkillTag(TaggedItemBase):
    content_object = ParentalKey("needs.NeedPage", on_delete=models.CASCADE, related_name="tagged_skills")


class NeedPage(BasePage):
    """A PCD need sheet (fiche besoin): what a commune needs, how much, by when."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identifié")
        SEEKING = "seeking", _("Recherche d'appui")
        IN_PROGRESS = "in_progress", _("En cours")
        COMPLETED = "completed", _("Réalisé")
        CLOSED = "closed", _("Clos")

    # A sheet in one of these takes no more offers, and is suggested to nobody.
    ENDED_STATUSES = (Status.COMPLETED, Status.CLOSED)

    class Maturity(models.TextChoices):
        IDEA = "idea", _("Idée")
        PROJECT_SHEET = "project_sheet", _("Fiche projet")
        FEASIBILITY = "feasibility", _("Étude de faisabilité")
        FINANCING_PLAN = "financing_plan", _("Plan de financement")
        DELIVERY = "delivery", _("Mise en œuvre")
        EVALUATION = "evaluation", _("Évaluation")

    class EngagementMode(models.TextChoices):
        REMOTE = "remote", _("À distance")
        ON_SITE = "on_site", _("Sur place")
        BOTH = "both", _("À distance et sur place")

    # The five kinds of need of the PCD. Booleans rather than a list so that every backend
    # (SQLite, PostgreSQL, Elasticsearch) can filter and count them as facets.
    NEED_TYPES = [
        ("needs_skills", _("Compétences")),
        ("needs_equipment", _("Équipement")),
        ("needs_financing", _("Financement")),
        ("needs_partnership", _("Partenariat / réseau")),
        ("needs_investment", _("Investissement")),
    ]

    route_select_related = ("theme",)  # read with the page when a URL leads to it (home/models.py)

    summary = models.TextField(_("résumé"), max_length=500)
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    pcd_axis = models.CharField(_("axe du PCD"), max_length=200, blank=True)
    pcd_programme = models.CharField(_("programme du PCD"), max_length=200, blank=True)
    pcd_year = models.PositiveSmallIntegerField(
        _("année du PCD"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    theme = models.ForeignKey(
        "pages.Theme",
        verbose_name=_("thème"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sector_code = models.CharField(
        _("code secteur CAD de l'OCDE"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Un code secteur CAD a cinq chiffres, par exemple 14030."))],
    )
    needs_skills = models.BooleanField(_("compétences"), default=False)
    needs_equipment = models.BooleanField(_("équipement"), default=False)
    needs_financing = models.BooleanField(_("financement"), default=False)
    needs_partnership = models.BooleanField(_("partenariat / réseau"), default=False)
    needs_investment = models.BooleanField(_("investissement"), default=False)
    skills = ClusterTaggableManager(
        through=NeedSkillTag,
        blank=True,
        verbose_name=_("compétences recherchées"),
        help_text="",
    )
    estimated_budget = models.PositiveBigIntegerField(_("budget estimé (MAD)"), null=True, blank=True)
    funds_secured = models.PositiveBigIntegerField(_("fonds déjà mobilisés (MAD)"), default=0)
    beneficiaries = models.PositiveIntegerField(_("bénéficiaires"), null=True, blank=True)
    women_share = models.PositiveSmallIntegerField(
        _("part de femmes parmi les bénéficiaires (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    locality = models.CharField(_("localité (douar)"), max_length=150, blank=True)
    local_actor = models.CharField(
        _("porteur local"),
        max_length=200,
        blank=True,
        help_text=_("L’association, la coopérative ou le GIE qui porte le besoin avec la commune, s’il y en a un."),
    )
    engagement_mode = models.CharField(
        _("mode d'engagement"),
        max_length=10,
        choices=EngagementMode.choices,
        default=EngagementMode.BOTH,
    )
    languages = ParentalManyToManyField("pages.Language", blank=True, verbose_name=_("langues souhaitées"))
    deadline = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.IDENTIFIED)
    maturity = models.CharField(
        _("stade de maturité"),
        max_length=14,
        choices=Maturity.choices,
        default=Maturity.IDEA,
    )
    # When the sheet reached its stage (needs/maturation.py moves it, never the page editor).
    maturity_changed_at = models.DateTimeField(_("à cette étape depuis"), null=True, blank=True, editable=False)
    # The HCP codes of the commune above the sheet and of its province and region, kept in step
    # on save: they make the territory facets plain columns on every search engine.
    region_code = models.CharField(max_length=2, blank=True, editable=False, db_index=True)
    province_code = models.CharField(max_length=6, blank=True, editable=False, db_index=True)
    commune_code = models.CharField(max_length=16, blank=True, editable=False, db_index=True)

    parent_page_types = ["pages.TerritoryPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("theme"), FieldPanel("sector_code")]
            + [FieldPanel(name) for name, _label in NEED_TYPES]
            + [FieldPanel("skills")],
            heading=_("Nature du besoin"),
        ),
        InlinePanel("equipment_lines", label=_("Équipement demandé")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("estimated_budget"), FieldPanel("funds_secured")]),
                FieldRowPanel([FieldPanel("beneficiaries"), FieldPanel("women_share")]),
                FieldPanel("locality"),
                FieldPanel("local_actor"),
            ],
            heading=_("Budget et bénéficiaires"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("pcd_axis"),
                FieldPanel("pcd_programme"),
                FieldPanel("pcd_year"),
            ],
            heading=_("Référence PCD"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("maturity", read_only=True)]),
                FieldRowPanel([FieldPanel("engagement_mode"), FieldPanel("deadline")]),
                FieldPanel("languages"),
            ],
            heading=_("Avancement"),
        ),
        InlinePanel("documents", label=_("Document")),
    ]

    marked_text_fields = BasePage.marked_text_fields + ["summary"]
    meta_description_field = "summary"
    search_fields = (
        BasePage.search_fields
        + [
            index.SearchField("summary", boost=2),
            index.SearchField("description"),
            index.SearchField("locality"),
            index.SearchField("local_actor"),
            index.SearchField("pcd_axis"),
            index.SearchField("pcd_programme"),
            index.SearchField("kinds_and_places"),
            index.RelatedFields("theme", [index.SearchField("name"), index.FilterField("slug")]),
            index.RelatedFields(
                "skills",
                [index.SearchField("name", boost=2), index.AutocompleteField("name"), index.FilterField("slug")],
            ),
            # Facets over several values: see `skills__slug` below.
            index.FilterField("skills__slug"),
            index.FilterField("region_code"),
            index.FilterField("province_code"),
            index.FilterField("commune_code"),
            index.FilterField("theme"),
            index.FilterField("status"),
            index.FilterField("maturity"),
            index.FilterField("engagement_mode"),
            index.FilterField("deadline"),
            index.FilterField("sector_code"),
            index.FilterField("first_published_at"),
            index.FilterField("path"),
        ]
        + [index.FilterField(name) for name, _label in NEED_TYPES]
    )

    api_fields = BasePage.api_fields + [
        APIField("summary"),
        APIField("description"),
        APIField("pcd_axis"),
        APIField("pcd_programme"),
        APIField("pcd_year"),
        APIField("theme"),
        APIField("sector_code"),
        APIField("need_types"),
        APIField("skill_names"),
        APIField("equipment_lines"),
        APIField("estimated_budget"),
        APIField("funds_secured"),
        APIField("funding_gap"),
        APIField("beneficiaries"),
        APIField("women_share"),
        APIField("locality"),
        APIField("local_actor"),
        APIField("engagement_mode"),
        APIField("language_codes"),
        APIField("deadline"),
        APIField("status"),
        APIField("maturity"),
        APIField("documents"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("summary"),
        TranslatableField("description"),
        TranslatableField("pcd_axis"),
        TranslatableField("pcd_programme"),
        SynchronizedField("pcd_year"),
        SynchronizedField("theme"),
        SynchronizedField("sector_code"),
        SynchronizedField("needs_skills"),
        SynchronizedField("needs_equipment"),
        SynchronizedField("needs_financing"),
        SynchronizedField("needs_partnership"),
        SynchronizedField("needs_investment"),
        SynchronizedField("skills"),
        SynchronizedField("estimated_budget"),
        SynchronizedField("funds_secured"),
        SynchronizedField("beneficiaries"),
        SynchronizedField("women_share"),
        TranslatableField("locality"),
        SynchronizedField("local_actor"),
        SynchronizedField("engagement_mode"),
        SynchronizedField("deadline"),
        SynchronizedField("status"),
        SynchronizedField("maturity"),
        TranslatableField("equipment_lines"),
        SynchronizedField("documents"),
    ]

    class Meta:
        verbose_name = _("fiche besoin")
        verbose_name_plural = _("fiches besoin")

    @classmethod
    def can_create_at(cls, parent):
        parent = parent.specific
        return super().can_create_at(parent) and isinstance(parent, TerritoryPage) and parent.is_commune

    @classmethod
    def get_indexed_objects(cls):
        # update_index reads every related object of every sheet: fetch them in bulk.
        return super().get_indexed_objects().select_related("theme").prefetch_related("skills", "languages")

    def with_content_json(self, content):
        # The maturity stage moves only along the guided path (needs/maturation.py), which
        # records who moved it and when: publishing an older draft must not move it back.
        page = super().with_content_json(content)
        page.maturity, page.maturity_changed_at = self.maturity, self.maturity_changed_at
        return page

    def save(self, *args, **kwargs):
        self.set_territory_codes()
        return super().save(*args, **kwargs)

    def set_territory_codes(self):
        """HCP codes nest: commune 09.581.11.09 is in province 09.581, in region 09."""
        parent = self.get_parent() if self.path else None
        code = getattr(parent.specific, "hcp_code", "") if parent else ""
        self.commune_code, self.province_code, self.region_code = code, code[:6], code[:2]

    def clean(self):
        super().clean()
        errors = {}
        if self.estimated_budget is not None and self.funds_secured > self.estimated_budget:
            errors["funds_secured"] = _("Les fonds mobilisés ne peuvent pas dépasser le budget estimé.")
        if not any(getattr(self, name) for name, _label in self.NEED_TYPES):
            errors["needs_skills"] = _("Cochez au moins un type de besoin.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        """Still looking for help: neither realised nor closed."""
        return self.status not in self.ENDED_STATUSES

    @property
    def funding_gap(self):
        """What is still missing, in MAD; None when no budget is known."""
        if self.estimated_budget is None:
            return None
        return max(self.estimated_budget - self.funds_secured, 0)

    @property
    def funding_percent(self):
        if not self.estimated_budget:
            return None
        return min(round(100 * self.funds_secured / self.estimated_budget), 100)

    @property
    def need_types(self):
        return [name.removeprefix("needs_") for name, _label in self.NEED_TYPES if getattr(self, name)]

    @property
    def need_type_labels(self):
        return [label for name, label in self.NEED_TYPES if getattr(self, name)]

    def kinds_and_places(self):
        """For the search index: what the sheet asks for and how, in French (the vocabulary
        widens a query in another language to these words: « تمويل » → Financement), and where,
        its commune's, province's and region's names in French and Arabic."""
        with translation.override(settings.LANGUAGE_CODE):
            words = [str(label) for label in self.need_type_labels]
            if self.engagement_mode:
                words.append(str(self.get_engagement_mode_display()))
        return " ".join([*words, *place_names(self.commune_code, self.province_code, self.region_code)])

    def skills__slug(self):
        """The skills' slugs, for the skills facet.

        `.facet()` counts a FilterField by its name: the database backend with
        `values("skills__slug")`, a real ORM lookup across the tags, and Elasticsearch with a
        terms aggregation over what this method indexed. One name, both engines.
        """
        return [tag.slug for tag in self.skills.all()]

    @property
    def skill_names(self):
        return [tag.name for tag in self.skills.all()]

    @property
    def language_codes(self):
        return [language.code for language in self.languages.all()]

    @cached_property
    def commune(self):
        """The commune above the sheet, in one query (get_parent().specific takes two)."""
        return TerritoryPage.objects.filter(path=self.path[: -self.steplen]).first()

    def get_context(self, request, *args, **kwargs):
        # The template reads these relations in a fragment cached until the content changes
        # (templates/needs/need_page.html): fetch each once, and only when it will be rendered.
        if getattr(request, "is_preview", False) or not fragment_cached("need-body", self.pk):
            prefetch_related_objects([self], "skills", "languages", "equipment_lines", "documents__document")
        return super().get_context(request, *args, **kwargs)


def attach_commune_titles(needs, locale):
    """Set `commune_title` on each need sheet of a list: what a card shows beside the title,
    without one get_parent() per card. The names of just these communes, in `locale`, in one
    query (the lists that call this are themselves cached until the content changes)."""
    codes = {need.commune_code for need in needs}
    titles = dict(
        TerritoryPage.objects.filter(level=TerritoryPage.Level.COMMUNE, locale=locale, hcp_code__in=codes).values_list(
            "hcp_code", "title"
        )
    )
    for need in needs:
        need.commune_title = titles.get(need.commune_code, "")
    return needs


class NeedEquipmentLine(Orderable):
    page = ParentalKey(NeedPage, on_delete=models.CASCADE, related_name="equipment_lines")
    item = models.CharField(_("article"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantité"), default=1, validators=[MinValueValidator(1)])

    panels = [FieldRowPanel([FieldPanel("item"), FieldPanel("quantity")])]
    api_fields = [APIField("item"), APIField("quantity")]

    class Meta(Orderable.Meta):
        verbose_name = _("ligne d'équipement")


class NeedDocument(DocumentLink):
    page = ParentalKey(NeedPage, on_delete=models.CASCADE, related_name="documents")


class NeedContact(models.Model):
    """Private: who, at the commune, answers for a need sheet. Never rendered on a page, never
    in the API or the search index."""

    need = models.OneToOneField(NeedPage, on_delete=models.CASCADE, related_name="private_contact")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable à la commune"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for_needs",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("responsable d'une fiche besoin")
        verbose_name_plural = _("responsables des fiches besoin")

    def __str__(self):
        return f"{self.need} — {self.responsible}"


class ChecklistEntry(models.Model):
    """What the commune gave for one item of a maturation stage's checklist: an answer, or a
    document (needs/maturation.py lists the items). Kept on the sheet in the source language."""

    need = models.ForeignKey(NeedPage, on_delete=models.CASCADE, related_name="checklist_entries")
    item = models.CharField(_("élément"), max_length=40)
    answer = models.TextField(_("réponse"), max_length=3000, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("élément de la liste de maturation")
        verbose_name_plural = _("listes de maturation")
        constraints = [models.UniqueConstraint(fields=["need", "item"], name="one_entry_per_checklist_item")]

    def __str__(self):
        return f"{self.need_id}: {self.item}"

    @property
    def is_complete(self):
        return bool(self.answer.strip() or self.document_id)


class StageChange(models.Model):
    """A need sheet moving to its next maturation stage: when, by whom."""

    need = models.ForeignKey(NeedPage, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("de l'étape"), max_length=14, choices=NeedPage.Maturity.choices)
    to_stage = models.CharField(_("à l'étape"), max_length=14, choices=NeedPage.Maturity.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("passage d'étape")
        verbose_name_plural = _("passages d'étape")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.need_id}: {self.from_stage} → {self.to_stage}"
