from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.i18n import current_locale

from .models import ProjectStoryPage, Term, TerritoryPage, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Thèmes")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "locale"]
    search_fields = ["name"]


register_snippet(ThemeViewSet)


class TermViewSet(SnippetViewSet):
    """The vocabulary behind search and matching (pages/vocabulary.py), curated by the
    community manager: names in the four languages, synonyms, the members' tags it covers."""

    model = Term
    icon = "tag"
    menu_label = _("Vocabulaire")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name_fr", "name_ar", "name_en", "name_zgh", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_fr", "name_ar", "name_en", "name_zgh", "synonyms"]
    search_backend_name = None  # a plain filter on the columns: the vocabulary is not indexed


register_snippet(TermViewSet)


@hooks.register("before_serve_page")
def redirect_to_translation(page, request, serve_args, serve_kwargs):
    """A source-language page reached under another language's prefix (HomePage.route) goes
    to its translation in that language when there is one."""
    locale = current_locale()
    if page.locale_id == locale.pk:
        return None
    translation = page.get_translation_or_none(locale)
    if translation is not None and translation.live:
        return redirect(translation.get_url(request), permanent=False)
    return None


@hooks.register("cds_search_groups", order=30)
def story_and_territory_search_groups():
    """The stories' and territories' groups in the site search (search/views.py)."""
    return [
        ("stories", _("Récits de projets"), ProjectStoryPage, None),
        ("territories", _("Territoires"), TerritoryPage, None),
    ]
