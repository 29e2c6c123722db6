from django.utils.translation import gettext_lazy as _
from django_countries import countries

from experts.models import ExpertProfilePage
from pages.models import Language, Theme

from .discovery import RELEVANCE, ChoiceFacet, Discovery, FlagsFacet, ModelFacet, Sort
from .needs import TagFacet


class CountryFacet(ChoiceFacet):
    def __init__(self, param, label, field):
        super().__init__(param, label, field, choices=[])

    def is_valid(self, value):
        return value in dict(countries)

    def labels(self, values, locale):
        names = dict(countries)
        return {value: str(names.get(value, value)) for value in values}


class ExpertDiscovery(Discovery):
    """Faceted search over the published expert profiles of the current language."""

    model = ExpertProfilePage
    facets = [
        TagFacet("skill", _("Compétence"), "skills__slug", lookup="skills__slug"),
        ModelFacet("theme", _("Thème"), "themes__slug", model=Theme, key="slug", lookup="themes__slug"),
        ChoiceFacet("language", _("Langue parlée"), "languages__code", Language.Code.choices, lookup="languages__code"),
        CountryFacet("country", _("Pays de résidence"), "country"),
        FlagsFacet(
            "mode",
            _("Peut aider par"),
            [(name.removeprefix("offers_"), name, label) for name, label in ExpertProfilePage.ENGAGEMENT_MODES],
        ),
    ]
    sorts = [
        RELEVANCE,
        Sort("newest", _("Les plus récents"), ("-first_published_at", "-id")),
        Sort("name", _("Nom"), ("title", "id")),
    ]

    def __init__(self, request, base_queryset=None):
        super().__init__(request, base_queryset)
        self.base_queryset = self.base_queryset.select_related("photo")
