import re

from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from needs.models import NeedPage, attach_commune_titles
from pages.models import TerritoryPage, Theme

from .discovery import RELEVANCE, ChoiceFacet, Discovery, FlagsFacet, ForeignKeyFacet, ModelFacet, Sort


class TagFacet(ModelFacet):
    def __init__(self, param, label, field, **kwargs):
        super().__init__(param, label, field, model=Tag, key="slug", localized=False, **kwargs)

    limit = 15


class TerritoryFacet(ModelFacet):
    """A territory level, by HCP code: `region` counts the sheets' `region_code`, and so on."""

    def __init__(self, level, label, code_pattern, **kwargs):
        super().__init__(
            level,
            label,
            f"{level}_code",
            model=TerritoryPage,
            key="hcp_code",
            name="title",
            pattern=re.compile(f"^{code_pattern}$"),
            **kwargs,
        )


class NeedDiscovery(Discovery):
    """Faceted search over the published need sheets of the current language."""

    model = NeedPage
    facets = [
        ForeignKeyFacet("theme", _("Thème"), "theme_id", model=Theme, key="slug", lookup="theme", limit=20),
        TerritoryFacet("region", _("Région"), r"\d{2}"),
        TerritoryFacet("province", _("Province"), r"\d{2}\.\d{3}", requires="region"),
        TerritoryFacet("commune", _("Commune"), r"\d{2}\.\d{3}\.\d{2}\.\d{1,2}", requires="province"),
        FlagsFacet(
            "type",
            _("Type de besoin"),
            [(name.removeprefix("needs_"), name, label) for name, label in NeedPage.NEED_TYPES],
        ),
        ChoiceFacet("status", _("Statut"), "status", NeedPage.Status.choices),
        ChoiceFacet("maturity", _("Maturité"), "maturity", NeedPage.Maturity.choices),
        TagFacet("skill", _("Compétence"), "skills__slug", lookup="skills__slug"),
    ]
    sorts = [
        RELEVANCE,
        Sort("newest", _("Les plus récents"), ("-first_published_at", "-id")),
        Sort("deadline", _("Échéance la plus proche"), ("deadline", "id")),
    ]

    def complete_selection(self):
        # HCP codes nest: commune 09.581.11.09 is in province 09.581, in region 09. The most
        # precise territory chosen decides the ones above it.
        code = self.selected.get("commune") or self.selected.get("province")
        if code:
            self.selected["province"] = code[:6]
            self.selected["region"] = code[:2]

    def decorate(self, pages):
        attach_commune_titles(pages, self.locale)

    def __init__(self, request, base_queryset=None):
        super().__init__(request, base_queryset)
        self.base_queryset = self.base_queryset.select_related("theme")
