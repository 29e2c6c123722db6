import logging

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from .query import clean_query

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 20


def search_errors():
    """The exceptions that mean "the search engine is unreachable", not "the code is wrong"."""
    errors = [ConnectionError, TimeoutError]
    try:
        from elasticsearch import exceptions as es_exceptions

        errors += [es_exceptions.ConnectionError, es_exceptions.TransportError]
    except ImportError:  # pragma: no cover - the client is a runtime requirement
        pass
    return tuple(errors)


def site_search(request):
    """Search every published page of the current language."""
    query = clean_query(request.GET.get("q", ""))
    error = None
    results = []
    if query:
        locale = Locale.objects.filter(language_code=get_language()).first() or Locale.get_default()
        try:
            results = list(Page.objects.live().public().filter(locale=locale).search(query, operator="and")[:500])
        except search_errors():
            logger.exception("Search engine unreachable for a site search")
            error = _("La recherche est momentanément indisponible. Réessayez dans quelques minutes.")
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return render(request, "search/search.html", {"search_query": query, "results": page, "search_error": error})
