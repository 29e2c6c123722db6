"""The library's faceted search (on the search app's engine, search/discovery.py): by theme,
audience, type, stage and language."""

from django.utils.translation import gettext_lazy as _

from needs.models import NeedPage
from pages.models import Language, Theme
from search.discovery import RELEVANCE, ChoiceFacet, Discovery, FlagsFacet, ForeignKeyFacet, Sort

from .models import ResourcePage


class LanguageFacet(ForeignKeyFacet):
    def __init__(self, param, label, field, **kwargs):
        super().__init__(param, label, field, model=Language, key="code", localized=False, **kwargs)

    def labels(self, values, locale):
        names = dict(Language.Code.choices)
        return {value: str(names.get(value, value)) for value in values}


class ResourceDiscovery(Discovery):
    """Faceted search over the library's published resources of the current language."""

    model = ResourcePage
    facets = [
        ForeignKeyFacet("theme", _("Thème"), "theme_id", model=Theme, key="slug", lookup="theme", limit=20),
        FlagsFacet(
            "audience",
            _("Public"),
            [(name.removeprefix("for_"), name, label) for name, label in ResourcePage.AUDIENCES],
        ),
        ChoiceFacet("type", _("Type de ressource"), "kind", ResourcePage.Kind.choices),
        ChoiceFacet("stage", _("Étape du projet"), "stage", NeedPage.Maturity.choices),
        LanguageFacet("language", _("Langue"), "language_id", lookup="language"),
    ]
    sorts = [
        RELEVANCE,
        Sort("newest", _("Les plus récents"), ("-first_published_at", "-id")),
        Sort("title", _("Titre"), ("title", "id")),
    ]

    def __init__(self, request, base_queryset=None):
        super().__init__(request, base_queryset)
        self.base_queryset = self.base_queryset.select_related("theme", "language")
