from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django_countries import countries
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.cache import fragment_cached
from pages.models import BaseIndexPage, BasePage


def country_choices():
    return list(countries)


class ExpertDirectoryPage(BaseIndexPage):
    """The directory of diaspora experts; faceted search comes with the search app."""

    subpage_types = ["experts.ExpertProfilePage"]

    class Meta:
        verbose_name = _("annuaire des experts")


class ExpertSkillTag(TaggedItemBase):
    content_object = ParentalKey(
        "experts.ExpertProfilePage",
        on_delete=models.CASCADE,
        related_name="tagged_skills",
    )


class ExpertProfilePage(BasePage):
    """What a member of the diaspora can give. The page title is the public display name.

    Contact details, gender and the owning account live on ExpertPrivateDetails, never here.
    """

    # Modes of engagement, as booleans so every search backend can filter and count them.
    ENGAGEMENT_MODES = [
        ("offers_remote_advice", _("Conseil à distance")),
        ("offers_on_site_mission", _("Mission sur place")),
        ("offers_financing", _("Financement")),
        ("offers_investment", _("Investissement")),
        ("offers_introductions", _("Mise en relation")),
    ]

    headline = models.CharField(_("titre professionnel"), max_length=160)
    bio = RichTextField(_("présentation"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    skills = ClusterTaggableManager(through=ExpertSkillTag, blank=True, verbose_name=_("compétences"), help_text="")
    themes = ParentalManyToManyField("pages.Theme", blank=True, verbose_name=_("thèmes"))
    languages = ParentalManyToManyField("pages.Language", blank=True, verbose_name=_("langues parlées"))
    # A plain code rather than django-countries' CountryField, whose Country objects the
    # search index cannot store; the names (in every language) still come from django-countries.
    country = models.CharField(_("pays de résidence"), max_length=2, choices=country_choices)
    city = models.CharField(_("ville de résidence"), max_length=100, blank=True)
    origin_territory = models.ForeignKey(
        "pages.TerritoryPage",
        verbose_name=_("territoire d'origine"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    association = models.CharField(_("association (OSIM)"), max_length=200, blank=True)
    years_of_experience = models.PositiveSmallIntegerField(
        _("années d'expérience"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(70)],
    )
    availability_hours = models.PositiveSmallIntegerField(
        _("disponibilité (heures par mois)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(200)],
    )
    offers_remote_advice = models.BooleanField(_("conseil à distance"), default=False)
    offers_on_site_mission = models.BooleanField(_("mission sur place"), default=False)
    offers_financing = models.BooleanField(_("financement"), default=False)
    offers_investment = models.BooleanField(_("investissement"), default=False)
    offers_introductions = models.BooleanField(_("mise en relation"), default=False)

    parent_page_types = ["experts.ExpertDirectoryPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("headline"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        MultiFieldPanel(
            [FieldPanel("skills"), FieldPanel("themes"), FieldPanel("languages")],
            heading=_("Savoir-faire"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("city")]),
                FieldPanel("origin_territory"),
                FieldPanel("association"),
            ],
            heading=_("Où"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("years_of_experience"),
                        FieldPanel("availability_hours"),
                    ]
                )
            ]
            + [FieldPanel(name) for name, _label in ENGAGEMENT_MODES],
            heading=_("Engagement"),
        ),
    ]

    marked_text_fields = BasePage.marked_text_fields + ["headline"]
    meta_description_field = "headline"
    search_fields = (
        BasePage.search_fields
        + [
            index.SearchField("headline", boost=2),
            index.AutocompleteField("headline"),
            index.SearchField("bio"),
            index.SearchField("city"),
            index.SearchField("association"),
            index.SearchField("modes_and_origin"),
            index.RelatedFields(
                "skills",
                [index.SearchField("name", boost=2), index.AutocompleteField("name"), index.FilterField("slug")],
            ),
            index.RelatedFields("themes", [index.SearchField("name"), index.FilterField("slug")]),
            index.RelatedFields("languages", [index.FilterField("code")]),
            # Facets over several values: see `skills__slug` below.
            index.FilterField("skills__slug"),
            index.FilterField("themes__slug"),
            index.FilterField("languages__code"),
            index.FilterField("country"),
            index.FilterField("origin_territory"),
            index.FilterField("years_of_experience"),
            index.FilterField("availability_hours"),
        ]
        + [index.FilterField(name) for name, _label in ENGAGEMENT_MODES]
    )

    api_fields = BasePage.api_fields + [
        APIField("headline"),
        APIField("bio"),
        APIField("photo"),
        APIField("skill_names"),
        APIField("theme_names"),
        APIField("language_codes"),
        APIField("country_code"),
        APIField("city"),
        APIField("origin_territory"),
        APIField("association"),
        APIField("years_of_experience"),
        APIField("availability_hours"),
        APIField("engagement_modes"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("headline"),
        TranslatableField("bio"),
        SynchronizedField("photo"),
        SynchronizedField("skills"),
        SynchronizedField("country"),
        TranslatableField("city"),
        SynchronizedField("origin_territory"),
        TranslatableField("association"),
        SynchronizedField("years_of_experience"),
        SynchronizedField("availability_hours"),
        SynchronizedField("offers_remote_advice"),
        SynchronizedField("offers_on_site_mission"),
        SynchronizedField("offers_financing"),
        SynchronizedField("offers_investment"),
        SynchronizedField("offers_introductions"),
    ]

    class Meta:
        verbose_name = _("profil d'expert")
        verbose_name_plural = _("profils d'experts")

    @classmethod
    def get_indexed_objects(cls):
        # update_index reads every related object of every profile: fetch them in bulk.
        return super().get_indexed_objects().prefetch_related("skills", "themes", "languages")

    # Multi-valued facets. `.facet(name)` counts a FilterField by its name: the database
    # backend with `values(name)`, here a real ORM lookup across the relation, and Elasticsearch
    # with a terms aggregation over the list these methods index. One name for both engines.
    def skills__slug(self):
        return [tag.slug for tag in self.skills.all()]

    def themes__slug(self):
        return [theme.slug for theme in self.themes.all()]

    def languages__code(self):
        return [language.code for language in self.languages.all()]

    def get_context(self, request, *args, **kwargs):
        # The template reads these relations in a fragment cached until the content changes
        # (templates/experts/expert_profile_page.html): fetch each once, only when rendered.
        if getattr(request, "is_preview", False) or not fragment_cached("expert-profile", self.pk):
            prefetch_related_objects([self], "skills", "themes", "languages")
        return super().get_context(request, *args, **kwargs)

    @property
    def skill_names(self):
        return [tag.name for tag in self.skills.all()]

    @property
    def theme_names(self):
        return [theme.name for theme in self.themes.all()]

    @property
    def language_codes(self):
        return [language.code for language in self.languages.all()]

    @property
    def country_code(self):
        return self.country

    def get_country_display(self):
        """The country's name in the visitor's language. Django's own method lists every
        country again at each call, its choices being a callable: a millisecond a card."""
        return countries.name(self.country) or self.country

    def residence(self):
        """Where the expert lives, in the visitor's language: « Lyon, France », « Lyon، فرنسا »."""
        country = self.get_country_display()
        if not self.city:
            return country
        return pgettext("ville, pays", "%(city)s, %(country)s") % {"city": self.city, "country": country}

    @property
    def engagement_modes(self):
        return [name.removeprefix("offers_") for name, _label in self.ENGAGEMENT_MODES if getattr(self, name)]

    @property
    def engagement_mode_labels(self):
        return [label for name, label in self.ENGAGEMENT_MODES if getattr(self, name)]

    def modes_and_origin(self):
        """For the search index: how the expert helps, in French (the vocabulary widens a query
        in another language to these words: « عن بعد » → à distance), and the names of their
        territory of origin in French and Arabic."""
        with translation.override(settings.LANGUAGE_CODE):
            words = [str(label) for label in self.engagement_mode_labels]
        origin = self.origin_territory
        return " ".join([*words, *([origin.title, origin.name_ar] if origin else [])])


class ExpertPrivateDetails(models.Model):
    """Private: who owns a profile and how to reach them. Shown only to the community manager,
    and to a commune once it accepted this expert's offer. Never on a page, in the API, in the
    search index or in logs."""

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Femme")
        MAN = "man", _("Homme")
        OTHER = "other", _("Autre")
        UNSAID = "unsaid", _("Ne souhaite pas le dire")

    profile = models.OneToOneField(ExpertProfilePage, on_delete=models.CASCADE, related_name="private_details")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte propriétaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profiles",
    )
    email = models.EmailField(_("adresse e-mail de contact"))
    phone = models.CharField(
        _("téléphone"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9 ().-]{6,30}$", _("Saisissez un numéro de téléphone valide."))],
    )
    gender = models.CharField(_("genre"), max_length=8, choices=Gender.choices, default=Gender.UNSAID)

    class Meta:
        verbose_name = _("coordonnées privées d'un expert")
        verbose_name_plural = _("coordonnées privées des experts")

    def __str__(self):
        return str(self.profile)
