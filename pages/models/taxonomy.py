from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

# The themes of the PCDs the platform starts with (slug, French name, description). The names are
# in the interface catalogues: `setup_site` translates the theme snippets from them.
DEFAULT_THEMES = [
    (
        "eau-potable",
        gettext_noop("Eau potable"),
        gettext_noop("Adduction, puits, châteaux d'eau, gestion communautaire de l'eau."),
    ),
    (
        "assainissement",
        gettext_noop("Assainissement"),
        gettext_noop("Réseaux, stations d'épuration, latrines, gestion des déchets."),
    ),
    (
        "irrigation-agriculture",
        gettext_noop("Irrigation et agriculture"),
        gettext_noop("Seguias, khettaras, goutte-à-goutte, filières agricoles."),
    ),
    (
        "agroecologie",
        gettext_noop("Agroécologie"),
        gettext_noop("Pratiques agricoles durables, semences, sols, oasis."),
    ),
    ("sante", gettext_noop("Santé"), gettext_noop("Dispensaires, maisons d'accouchement, prévention, santé mobile.")),
    (
        "education",
        gettext_noop("Éducation"),
        gettext_noop("Écoles, préscolaire, transport scolaire, internats, alphabétisation."),
    ),
    ("jeunesse", gettext_noop("Jeunesse"), gettext_noop("Maisons des jeunes, sport, emploi et formation des jeunes.")),
    (
        "egalite-femmes-hommes",
        gettext_noop("Égalité femmes-hommes"),
        gettext_noop("Autonomie économique des femmes, gouvernance locale inclusive."),
    ),
    (
        "tourisme-rural",
        gettext_noop("Tourisme rural"),
        gettext_noop("Gîtes, circuits, accueil chez l'habitant, patrimoine."),
    ),
    (
        "produits-du-terroir",
        gettext_noop("Produits du terroir"),
        gettext_noop("Safran, argan, amandes, dattes : qualité et commercialisation."),
    ),
    ("energie", gettext_noop("Énergie"), gettext_noop("Électrification, solaire, efficacité énergétique.")),
    (
        "environnement-climat",
        gettext_noop("Environnement et climat"),
        gettext_noop("Adaptation, reboisement, lutte contre la désertification."),
    ),
    (
        "gouvernance-locale",
        gettext_noop("Gouvernance locale"),
        gettext_noop("Ingénierie de projet, finances communales, participation citoyenne."),
    ),
    ("numerique", gettext_noop("Numérique"), gettext_noop("Connectivité, services en ligne, compétences numériques.")),
    ("infrastructures", gettext_noop("Infrastructures"), gettext_noop("Pistes, ponts, équipements collectifs.")),
    (
        "economie-sociale-solidaire",
        gettext_noop("Économie sociale et solidaire"),
        gettext_noop("Coopératives, GIE, commerce équitable, finance solidaire."),
    ),
    (
        "migrations-droits",
        gettext_noop("Migrations et droits des migrants"),
        gettext_noop("Accès aux droits, accueil, mobilité, lien avec la diaspora."),
    ),
]


class Theme(TranslatableMixin, index.Indexed, models.Model):
    """A development theme of the PCDs (eau potable, santé, tourisme rural...)."""

    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("identifiant"), max_length=100, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    # The slug names the theme in URLs and facets: the same in every language.
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("slug"),
        TranslatableField("description"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_theme_slug_per_locale")]

    def __str__(self):
        return self.name


class Language(models.Model):
    """A language a need wants or an expert speaks. The list is fixed; names go through gettext."""

    class Code(models.TextChoices):
        FRENCH = "fr", _("Français")
        ARABIC = "ar", _("Arabe")
        DARIJA = "ary", _("Darija (arabe marocain)")
        TAMAZIGHT = "zgh", _("Amazighe (tamazight, tachelhit, tarifit)")
        ENGLISH = "en", _("Anglais")
        SPANISH = "es", _("Espagnol")
        GERMAN = "de", _("Allemand")
        ITALIAN = "it", _("Italien")
        DUTCH = "nl", _("Néerlandais")

    code = models.CharField(_("code"), max_length=8, choices=Code.choices, unique=True)

    class Meta:
        verbose_name = _("langue")
        verbose_name_plural = _("langues")
        ordering = ["pk"]

    def __str__(self):
        return str(self.get_code_display())

    @property
    def name(self):
        return self.get_code_display()


class Term(models.Model):
    """An entry of the platform's vocabulary: one skill, theme or notion with its names in the
    four languages and its synonyms and abbreviations in any of them (« AEP », « ماء »). What
    members type as skills (django-taggit tags) is mapped to it, so that a search or a match in
    one language finds what was written in another (pages/vocabulary.py). The community manager
    curates it in the admin: adding a synonym, mapping a tag someone typed, merging duplicates
    (mapping both tags to one entry)."""

    class Kind(models.TextChoices):
        SKILL = "skill", _("Compétence")
        THEME = "theme", _("Thème")
        NEED_TYPE = "need_type", _("Type de besoin")
        MODE = "mode", _("Mode d’engagement")
        OTHER = "other", _("Autre notion")

    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices, default=Kind.SKILL)
    theme = models.OneToOneField(
        "pages.Theme",
        verbose_name=_("thème"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="term",
        help_text=_("Pour une entrée de nature « Thème » : le thème (en français) qu’elle décrit."),
    )
    name_fr = models.CharField(_("nom en français"), max_length=120, unique=True)
    name_ar = models.CharField(_("nom en arabe"), max_length=120, blank=True)
    name_en = models.CharField(_("nom en anglais"), max_length=120, blank=True)
    name_zgh = models.CharField(_("nom en tamazight"), max_length=120, blank=True)
    synonyms = models.TextField(
        _("synonymes et abréviations"),
        blank=True,
        help_text=_("Un par ligne, dans n’importe quelle langue : AEP, eau potable, ماء, water…"),
    )
    tags = models.ManyToManyField(
        "taggit.Tag",
        verbose_name=_("compétences saisies par les membres"),
        blank=True,
        related_name="terms",
        help_text=_("Les mots-clés tapés par les membres qui veulent dire la même chose."),
    )

    class Meta:
        verbose_name = _("entrée du vocabulaire")
        verbose_name_plural = _("vocabulaire")
        ordering = ["name_fr"]

    def __str__(self):
        return self.name_fr

    def name_in(self, language):
        return getattr(self, f"name_{language}", "") or self.name_fr

    def labels(self):
        """Every way of writing it: its names, its synonyms, the tags mapped to it."""
        names = [self.name_fr, self.name_ar, self.name_en, self.name_zgh, *self.synonyms.splitlines()]
        return [name.strip() for name in names if name.strip()]
