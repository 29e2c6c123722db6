from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail.search import index

# The themes of the PCDs the platform starts with (slug, French name, description).
DEFAULT_THEMES = [
    (
        "eau-potable",
        "Eau potable",
        "Adduction, puits, châteaux d'eau, gestion communautaire de l'eau.",
    ),
    (
        "assainissement",
        "Assainissement",
        "Réseaux, stations d'épuration, latrines, gestion des déchets.",
    ),
    (
        "irrigation-agriculture",
        "Irrigation et agriculture",
        "Seguias, khettaras, goutte-à-goutte, filières agricoles.",
    ),
    (
        "agroecologie",
        "Agroécologie",
        "Pratiques agricoles durables, semences, sols, oasis.",
    ),
    (
        "sante",
        "Santé",
        "Dispensaires, maisons d'accouchement, prévention, santé mobile.",
    ),
    (
        "education",
        "Éducation",
        "Écoles, préscolaire, transport scolaire, internats, alphabétisation.",
    ),
    (
        "jeunesse",
        "Jeunesse",
        "Maisons des jeunes, sport, emploi et formation des jeunes.",
    ),
    (
        "egalite-femmes-hommes",
        "Égalité femmes-hommes",
        "Autonomie économique des femmes, gouvernance locale inclusive.",
    ),
    (
        "tourisme-rural",
        "Tourisme rural",
        "Gîtes, circuits, accueil chez l'habitant, patrimoine.",
    ),
    (
        "produits-du-terroir",
        "Produits du terroir",
        "Safran, argan, amandes, dattes : qualité et commercialisation.",
    ),
    ("energie", "Énergie", "Électrification, solaire, efficacité énergétique."),
    (
        "environnement-climat",
        "Environnement et climat",
        "Adaptation, reboisement, lutte contre la désertification.",
    ),
    (
        "gouvernance-locale",
        "Gouvernance locale",
        "Ingénierie de projet, finances communales, participation citoyenne.",
    ),
    (
        "numerique",
        "Numérique",
        "Connectivité, services en ligne, compétences numériques.",
    ),
    ("infrastructures", "Infrastructures", "Pistes, ponts, équipements collectifs."),
    (
        "economie-sociale-solidaire",
        "Économie sociale et solidaire",
        "Coopératives, GIE, commerce équitable, finance solidaire.",
    ),
    (
        "migrations-droits",
        "Migrations et droits des migrants",
        "Accès aux droits, accueil, mobilité, lien avec la diaspora.",
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
