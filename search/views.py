import logging
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from taggit.models import Tag
from wagtail import hooks
from wagtail.models import Page, get_page_models

from core import cache as content_cache
from core.i18n import current_locale, in_language
from core.restrictions import public
from experts.models import ExpertProfilePage
from needs.models import NeedPage, attach_commune_titles
from pages.models import TerritoryPage

from . import accelerator
from .backends import first_and_count_each
from .discovery import engine_unavailable, note_outage, search_errors
from .query import clean_query, expand

logger = logging.getLogger(__name__)

GROUP_SIZE = 5
SUGGESTIONS = 8

# The site-wide search groups its results by type, in the order the apps register them under
# this Wagtail hook (needs/, experts/, pages/ and learning/ wagtail_hooks.py): each function
# returns (key, label, page model, index page model or None) tuples; a group with an index
# page links to its faceted search there. The search app so never imports the apps above it.
SEARCH_GROUPS_HOOK = "cds_search_groups"


def registered_groups():
    return [group for register in hooks.get_hooks(SEARCH_GROUPS_HOOK) for group in register()]


def site_search(request):
    """Search every published page of the current language, grouped by type. The rendered
    results of a query are kept until the content changes (core/cache.py); an engine outage
    is never kept."""
    query = clean_query(request.GET.get("q", ""))
    results_html, error = "", None
    if query:
        locale = current_locale()
        key = content_cache.key("site-search", locale.pk, query, get_language())
        results_html = cache.get(key)
        if results_html is None:
            try:
                groups, total, expanded = search_groups(query, locale)
            except search_errors() as exc:
                if not engine_unavailable(exc):
                    raise
                logger.exception("Search engine unreachable for a site search")
                note_outage(request)
                error = _("La recherche est momentanément indisponible. Réessayez dans quelques minutes.")
            else:
                results_html = render_to_string(
                    "search/_site_results.html",
                    {
                        "search_query": query,
                        "groups": groups,
                        "total": total,
                        "vocabulary_reasons": expanded.reasons(get_language()),
                    },
                    request=request,
                )
                cache.set(key, results_html, content_cache.TIMEOUT)
    return render(
        request,
        "search/search.html",
        {"search_query": query, "results_html": results_html, "search_error": error},
    )


def search_groups(query, locale):
    """The results of `query` by type: for each group with results, its count, its first
    results and the faceted page that shows them all; the total; the words searched. Words
    searched as typed that find nothing are searched again widened (search/query.py)."""
    expanded = expand(query, locale)  # and every other way of writing what it names (pages/vocabulary.py)
    groups, total = grouped_results(query, locale, expanded)
    if not total and expanded.fallback:
        expanded = expanded.fallback
        groups, total = grouped_results(query, locale, expanded)
    return groups, total, expanded


def grouped_results(query, locale, expanded):
    # Each group's best results and total, and those of the other pages by their own types,
    # not as "not one of the grouped types": the page tree's content type index finds those few
    # pages, where a negation reads every page. On Elasticsearch, in one request.
    groups_asked = [(key, label, model) for key, label, model, _index in registered_groups()]
    typed = tuple(model for _key, _label, model in groups_asked)
    other_types = [model for model in get_page_models() if not issubclass(model, typed)]
    # The needs and experts of a broad word, on PostgreSQL, from the index each process keeps
    # (search/accelerator): the matches of so many profiles are not joined to the page tree.
    kept = {}
    for _key, _label, model in groups_asked if not expanded.others else ():  # the kept index reads plain words
        found = accelerator.search(model, locale, query, [], model.objects.live())
        if found is not None:
            kept[model] = (list(found[:GROUP_SIZE]), found.count())
    searches = [
        in_language(public(model.objects.live()), locale).search(expanded.query, operator="and")
        for *_, model in groups_asked
        if model not in kept
    ]
    searches.append(
        in_language(public(Page.objects.live()).exact_type(*other_types), locale).search(expanded.query, operator="and")
    )
    *asked, (others, others_count) = first_and_count_each(searches, GROUP_SIZE)
    asked = iter(asked)
    answers = [kept[model] if model in kept else next(asked) for *_, model in groups_asked]
    groups, total = [], 0
    for (key, label, model), (first, count) in zip(groups_asked, answers, strict=True):
        if model is NeedPage:
            attach_commune_titles(first, locale)  # which commune each need is in, in one query
        if count:
            groups.append(
                {
                    "key": key,
                    "label": label,
                    "count": count,
                    "results": first,
                    "more_url": faceted_url(key, locale, query),
                }
            )
            total += count
    if others_count:
        # Their summaries are on the specific pages: read in one query per page type.
        specific = Page.objects.filter(pk__in=[page.pk for page in others]).specific().in_bulk()
        results = [specific[page.pk] for page in others if page.pk in specific]
        groups.append({"key": "pages", "label": _("Autres pages"), "count": others_count, "results": results})
        total += others_count
    return groups, total


def faceted_url(key, locale, query):
    """The faceted search page that shows all of a group's results, if there is one."""
    model = {group_key: index for group_key, _label, _model, index in registered_groups()}.get(key)
    page = in_language(model.objects.live(), locale).first() if model else None
    return f"{page.url}?{urlencode({'q': query})}" if page else None


def public_tags():
    """Skills of published need sheets and profiles only: a profile awaiting review shows none."""
    return Tag.objects.filter(
        Q(needs_needskilltag_items__content_object__live=True)
        | Q(experts_expertskilltag_items__content_object__live=True)
    ).distinct()


@cache_control(max_age=300, public=True)
def suggestions(request):
    """Autocomplete for the search boxes: titles of needs, experts and territories, and skills.
    JSON for the small script that fills a <datalist>; without JavaScript the box is a plain
    search."""
    query = clean_query(request.GET.get("q", ""))[:50]
    labels = []
    if len(query) >= 2:
        locale = current_locale()
        try:
            for model in (TerritoryPage, NeedPage, ExpertProfilePage):
                for page in in_language(public(model.objects.live()), locale).autocomplete(query)[:SUGGESTIONS]:
                    labels.append(page.title)
        except search_errors() as exc:
            if not engine_unavailable(exc):
                raise
            logger.exception("Search engine unreachable for suggestions")
            note_outage(request)
        labels += list(public_tags().filter(name__icontains=query).values_list("name", flat=True)[:SUGGESTIONS])
    unique = list(dict.fromkeys(labels))[: SUGGESTIONS * 2]
    return JsonResponse({"query": query, "suggestions": unique})
