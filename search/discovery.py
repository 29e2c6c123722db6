"""Faceted discovery: text, facets with counts, sorting and pages, on any search engine.

One code path for every backend: Wagtail search (`.search()`, `.filter()` on the concrete
model's queryset, `.facet()`; on Elasticsearch and PostgreSQL, search/backends counts every
facet in one request or statement). Everything the visitor controls lives in the URL; every value is
checked before use, and a value that makes no sense is ignored with a message, never a 500.
"""

import logging
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Q
from django.http import QueryDict
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from wagtail.search.query import MATCH_ALL

from core import cache as content_cache
from core.i18n import current_locale, in_language
from core.restrictions import public
from core.text import collation_key

from . import accelerator
from .query import clean_query, expand

logger = logging.getLogger(__name__)

PER_PAGE = 20
MAX_PAGE = 500
SLUG = re.compile(r"^[-\w]{1,100}$")


def search_errors():
    """The exceptions that mean "the search engine is unreachable", not "the code is wrong"."""
    errors = [ConnectionError, TimeoutError]
    try:
        from elasticsearch import exceptions as es_exceptions  # loaded only with that engine

        # Connection refused or timed out, or the cluster answering with a server error. A
        # rejected query (4xx) is a bug and must surface as one: see `engine_unavailable`.
        errors += [es_exceptions.ConnectionError, es_exceptions.TransportError]
    except ImportError:  # pragma: no cover - the client is a runtime requirement
        pass
    return tuple(errors)


def engine_unavailable(error):
    """True when `error` (one of search_errors()) means the engine is down or overloaded,
    False for a query the engine rejected (HTTP 4xx), which is re-raised by the callers."""
    status = getattr(error, "status_code", None)
    return not (isinstance(status, int) and status < 500)


def note_outage(request):
    """The search engine could not answer `request`: its page says so with a 503 and
    `Retry-After` (search/middleware.py), and no cache keeps it (core/middleware.py)."""
    request.search_outage = True


def relation(model, name):
    """For a field across a many-to-many relation (`skills__slug`): (relation, the related
    model, the related field counted). None for the model's own columns."""
    relation_name, _, attribute = name.partition("__")
    if not attribute:
        return None
    field = model._meta.get_field(relation_name)
    return relation_name, field.related_model, attribute


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class FacetResult:
    param: str
    label: str
    options: list = field(default_factory=list)
    selected: Option | None = None
    remove_url: str = ""
    more: int = 0


class Facet:
    """One filter of a search page: a URL parameter, the FilterField it counts, the ORM filter
    it applies. Subclasses say which values are valid and what they are called."""

    limit = 12  # options shown; the selected one is always shown
    flag_fields = ()  # boolean fields counted where true (FlagsFacet)

    def __init__(self, param, label, field, lookup=None, requires=None, limit=None):
        self.param, self.label, self.field = param, label, field
        self.limit = limit or self.limit
        self.lookup = lookup or field
        self.requires = requires  # another facet's param that must be selected first

    def is_valid(self, value):
        return bool(SLUG.match(value))

    def apply(self, queryset, value):
        return queryset.filter(**{self.lookup: value})

    # What `.facet()` reports for documents without a value: None, or on Elasticsearch the
    # string "0" (its terms aggregation fills missing values with 0).
    MISSING = (None, "", "0")

    def counts(self, results, discovery):
        return self.read(results.facet(self.field))

    def read(self, counts):
        """{value: count} for the URL, from what `.facet(self.field)` reports."""
        return {str(key): count for key, count in counts.items() if key not in self.MISSING}

    def read_counts(self, by_field, by_flag):
        """The same, from `facet_counts()` of search/backends (one request for every facet)."""
        return self.read(by_field[self.field])

    def labels(self, values, locale):
        return {value: value for value in values}

    def stored(self, model, value):
        """`(field, values)`: the pages this filter keeps are those with one of these values of
        the field, as the accelerator keeps them (a related row's key across a relation)."""
        described = relation(model, self.field)
        if described:
            _relation, related, attribute = described
            return self.field, list(related._base_manager.filter(**{attribute: value}).values_list("pk", flat=True))
        return self.field, [value]


class ChoiceFacet(Facet):
    def __init__(self, param, label, field, choices, **kwargs):
        super().__init__(param, label, field, **kwargs)
        self.choices = dict(choices)

    def is_valid(self, value):
        return value in self.choices

    def labels(self, values, locale):
        return {value: str(self.choices.get(value, value)) for value in values}


class ModelFacet(Facet):
    """A facet whose values are keys of a model (a theme's slug, a territory's HCP code)."""

    def __init__(self, param, label, field, model, key, name="name", pattern=SLUG, localized=True, **kwargs):
        super().__init__(param, label, field, **kwargs)
        self.model, self.key, self.name, self.pattern, self.localized = model, key, name, pattern, localized

    def is_valid(self, value):
        return bool(self.pattern.match(value)) and self.model.objects.filter(**{self.key: value}).exists()

    def labels(self, values, locale):
        objects = self.model.objects.filter(**{f"{self.key}__in": list(values)})
        if self.localized:
            # The name in the visitor's language, else the source language's.
            objects = in_language(objects, locale)
        return {str(key): str(name) for key, name in objects.values_list(self.key, self.name)}


class ForeignKeyFacet(ModelFacet):
    """A facet over a foreign key, shown and put in the URL by the related object's slug."""

    def apply(self, queryset, value):
        return queryset.filter(**{f"{self.lookup}__{self.key}": value})

    def stored(self, model, value):
        return self.field, list(self.model.objects.filter(**{self.key: value}).values_list("pk", flat=True))

    def read(self, counts):
        by_pk = {key: count for key, count in counts.items() if key is not None}
        keys = dict(self.model.objects.filter(pk__in=by_pk).values_list("pk", self.key))
        return {keys[pk]: count for pk, count in by_pk.items() if pk in keys}


class FlagsFacet(Facet):
    """Several boolean fields shown as one facet ("type of need": skills, equipment...)."""

    def __init__(self, param, label, flags, **kwargs):
        super().__init__(param, label, field=None, **kwargs)
        self.flags = {value: (field_name, flag_label) for value, field_name, flag_label in flags}

    def is_valid(self, value):
        return value in self.flags

    def apply(self, queryset, value):
        return queryset.filter(**{self.flags[value][0]: True})

    def stored(self, model, value):
        return self.flags[value][0], [True]

    def counts(self, results, discovery):
        # SQLite (its results are a queryset): every flag counted in one query, instead of
        # repeating the full-text match once per flag. Elasticsearch and PostgreSQL count them
        # in facet_counts() (search/backends), with the other facets.
        row = (
            results.get_queryset()
            .order_by()
            .aggregate(
                **{f"flag_{value}": Count("pk", filter=Q(**{name: True})) for value, (name, _) in self.flags.items()}
            )
        )
        return {value: row[f"flag_{value}"] for value in self.flags if row[f"flag_{value}"]}

    @property
    def flag_fields(self):
        return [name for name, _label in self.flags.values()]

    def read_counts(self, by_field, by_flag):
        return {value: by_flag[name] for value, (name, _label) in self.flags.items() if by_flag.get(name)}

    def labels(self, values, locale):
        return {value: str(self.flags[value][1]) for value in values if value in self.flags}


class CachedCount:
    """Search results whose total is read from the cache: the paginator asks for it on every
    page, and on the database backend it is a count over every matching row. `first`: the first
    results when the engine gave them with the counts (`facet_counts_and_first()`), which page
    1 shows instead of asking again."""

    def __init__(self, results, key, decorate, first=None):
        self.results, self.key, self.decorate, self.first = results, key, decorate, first

    def count(self):
        total = cache.get(self.key)
        if total is None:
            total = self.results.count()
            cache.set(self.key, total, content_cache.TIMEOUT)
        return total

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self.results[index]
        if self.first is not None and not index.start and index.stop is not None and index.stop <= len(self.first):
            return LazyPage(self.first[: index.stop], self.decorate)
        return LazyPage(self.results[index], self.decorate)


class LazyPage:
    """One page of results, read from the engine only when something iterates over it (a
    template whose rendered result list is cached never does), then decorated once."""

    def __init__(self, results, decorate):
        self.results, self.decorate, self.pages = results, decorate, None

    def evaluate(self):
        if self.pages is None:
            self.pages = list(self.results)
            self.decorate(self.pages)
        return self.pages

    def __iter__(self):
        return iter(self.evaluate())

    def __len__(self):
        return len(self.evaluate())

    def __getitem__(self, index):
        return self.evaluate()[index]


@dataclass
class Sort:
    value: str
    label: str
    order_by: tuple = ()  # empty: by relevance


RELEVANCE = Sort("relevance", gettext_lazy("Pertinence"))


class Discovery:
    """A faceted search over one page model. Subclasses declare `model`, `facets`, `sorts`."""

    model = None
    facets = []
    sorts = [RELEVANCE]
    per_page = PER_PAGE

    def __init__(self, request, base_queryset=None):
        self.request = request
        self.locale = current_locale()
        self.base_queryset = base_queryset if base_queryset is not None else public(self.model.objects.live())
        self.every_page = base_queryset is None  # all the published pages: their counts are kept
        self.kept = False  # the search kept in this process (search/accelerator), once asked for
        self.first_results = None  # page 1, when the engine gave it with the counts
        self.messages = []
        self.invalid = []  # (parameter, message) for what was ignored: the API refuses it instead

    # --- reading the URL -------------------------------------------------------------------
    def read_params(self):
        params = self.request.GET
        self.query = clean_query(params.get("q", ""))
        self.expanded = expand(self.query, self.locale)  # and every other way of writing what it names
        self.selected = {}
        for facet in self.facets:
            value = params.get(facet.param, "").strip()
            if not value:
                continue
            if facet.is_valid(value):
                self.selected[facet.param] = value
            else:
                self.messages.append(
                    _("Le filtre « %(label)s » ne connaît pas la valeur « %(value)s » : il a été ignoré.")
                    % {"label": facet.label, "value": value[:50]}
                )
                self.invalid.append((facet.param, "Unknown value."))
        self.complete_selection()
        sorts = {sort.value: sort for sort in self.sorts}
        default_sort = self.sorts[0] if self.query else self.sorts[min(1, len(self.sorts) - 1)]
        sort_value = params.get("sort", "")
        if sort_value and sort_value not in sorts:
            self.messages.append(_("Ce tri n’existe pas : les résultats sont triés par défaut."))
            self.invalid.append(("sort", f"One of {', '.join(sorts)}."))
        self.sort = sorts.get(sort_value, default_sort)
        if self.sort is RELEVANCE and not self.query:
            self.sort = default_sort
        page = params.get("page", "1")
        self.page_number = int(page) if page.isdigit() and 0 < int(page) <= MAX_PAGE else 1
        if page not in ("", "1") and str(self.page_number) != page:
            self.messages.append(_("Cette page de résultats n’existe pas : voici la première."))
            self.invalid.append(("page", f"A whole number from 1 to {MAX_PAGE}."))

    def decorate(self, pages):
        """Attach what the result cards show to the pages of one result page, in few queries."""

    def complete_selection(self):
        """Fill in what a selected value implies (a commune implies its province)."""

    # --- running the search ----------------------------------------------------------------
    def filtered_queryset(self):
        queryset = in_language(self.base_queryset, self.locale)
        for facet in self.facets:
            if facet.param in self.selected:
                queryset = facet.apply(queryset, self.selected[facet.param])
        return queryset

    def search(self, queryset):
        if self.sort.order_by:
            queryset = queryset.order_by(*self.sort.order_by)
        if self.query:
            return queryset.search(self.expanded.query, operator="and", order_by_relevance=not self.sort.order_by)
        return queryset.search(MATCH_ALL, order_by_relevance=False)

    def kept_search(self):
        """This search answered by the index kept in this process (search/accelerator), or None
        where it cannot answer: not every published page, not PostgreSQL, a page private."""
        if self.kept is False:
            self.kept = None
            if self.every_page and not self.expanded.others:  # the kept index reads plain words
                filters = (  # read when the search is first run, not for a page served from the cache
                    facet.stored(self.model, self.selected[facet.param])
                    for facet in self.facets
                    if facet.param in self.selected
                )
                self.kept = accelerator.search(self.model, self.locale, self.query, filters, self.base_queryset)
        return self.kept

    def run(self, rendered=False):
        """The context of a search page; `rendered`: for the site's template, which caches the
        rendered result list (the API reads the results themselves). Words searched as typed
        that find nothing are searched again widened by the vocabulary (search/query.py)."""
        self.read_params()
        messages, invalid = list(self.messages), list(self.invalid)
        context = self.results_context(rendered)
        if not context["result_count"] and not context["search_error"] and self.expanded.fallback:
            self.expanded = self.expanded.fallback
            self.kept, self.first_results = False, None
            self.messages, self.invalid = messages, invalid
            context = self.results_context(rendered)
        return context

    def results_context(self, rendered):
        context = {
            "search_query": self.query,
            "sorts": [],
            "facets": [],
            "results": None,
            "result_count": 0,
            "search_error": None,
            "loosen": [],
        }
        try:
            results = self.search(self.filtered_queryset())
            if self.query and self.sort is RELEVANCE and self.kept_search() is not None:
                results = self.kept  # the best ranked, read by key; any other order by the engine
            # Counted first: with search/backends the same request gives the total, cached for
            # the paginator.
            context["facets"] = self.facet_results(results)
            paginator = Paginator(
                CachedCount(results, self.count_key(), self.decorate, self.first_results), self.per_page
            )
            try:
                page = paginator.page(self.page_number)
            except EmptyPage:
                if self.page_number != 1:
                    self.messages.append(_("Cette page de résultats n’existe pas : voici la première."))
                    self.invalid.append(("page", "Beyond the last page of results."))
                page = paginator.page(1)
            context["results"] = page
            # The rendered result list (templates/search/_discovery.html) is cached until the
            # content changes: while it is, the page of results is not read from the engine.
            # Otherwise it is read here, where an engine outage is caught, not while rendering.
            context["results_key"] = self.cache_key("result-list", self.sort.value, page.number, self.per_page)
            if rendered:
                context["results_html"] = cache.get(make_template_fragment_key("result-list", [context["results_key"]]))
            if not context.get("results_html"):
                page.object_list.evaluate()
            if page.has_previous():
                context["previous_url"] = self.page_url(page.previous_page_number())
            if page.has_next():
                context["next_url"] = self.page_url(page.next_page_number())
            context["result_count"] = paginator.count
        except search_errors() as error:
            if not engine_unavailable(error):
                raise
            logger.exception("Search engine unreachable for %s", type(self).__name__)
            note_outage(self.request)
            context["search_error"] = _("La recherche est momentanément indisponible. Réessayez dans quelques minutes.")
        context["sorts"] = [
            {"value": sort.value, "label": sort.label, "selected": sort is self.sort}
            for sort in self.sorts
            if sort is not RELEVANCE or self.query
        ]
        context["active_filters"] = self.active_filters()
        if not context["result_count"] and not context["search_error"]:
            context["loosen"] = context["active_filters"]
        # The rendered filter panel is cached with the counts it shows (templates/search/_discovery.html).
        context["facets_key"] = self.cache_key("facet-panel")
        context["search_messages"] = self.messages
        context["vocabulary_reasons"] = self.expanded.reasons(get_language())
        context["selected"] = self.selected
        context["sort"] = self.sort.value
        return context

    def cache_key(self, *what):
        """A key for what this search shows, kept until the content changes (core/cache.py);
        the links it holds carry the path and whether the URL chose the sort (`url_with`)."""
        return content_cache.key(
            type(self).__name__,
            what,
            self.request.path,
            self.sort.value if self.request.GET.get("sort") else "",
            self.locale.pk,
            self.query,
            bool(self.expanded.others),  # widened after finding nothing as typed, or not
            sorted(self.selected.items()),
            get_language(),
        )

    def count_key(self):
        """Where the total of this search is kept: by CachedCount, or by facet_counts()."""
        return self.cache_key("count")

    def facet_results(self, results):
        """The facets with their counts; cached until the content changes (core/cache.py)."""
        cache_key = self.cache_key("facets")
        facet_results = cache.get(cache_key)
        if facet_results is None:
            facet_results = self.compute_facet_results(results)
            cache.set(cache_key, facet_results, content_cache.TIMEOUT)
        return facet_results

    def count_facets(self, results, facets):
        """{param: {value: count}} for these facets. On Elasticsearch and PostgreSQL
        (search/backends) one request or statement counts them all, and the total with them,
        kept for the paginator; on SQLite one `.facet()` each."""
        fields = [facet.field for facet in facets if facet.field]
        flags = [name for facet in facets for name in facet.flag_fields]
        # No words and no filter: every published page, whose counts are kept (search/accelerator).
        kept = None
        if self.every_page and not (self.query or self.selected):
            kept = accelerator.counts(self.model, self.locale, fields, flags)
        if kept is None and self.kept_search() is not None:
            kept = self.kept.counts(fields, flags)
        if kept is None and not hasattr(results, "facet_counts"):
            return {facet.param: facet.counts(results, self) for facet in facets}
        if kept:
            total, by_field, by_flag = kept
        else:  # page 1 asked for with the counts: a first search asks the engine once
            total, by_field, by_flag, self.first_results = results.facet_counts_and_first(
                fields=fields, flags=flags, size=self.per_page if self.page_number == 1 else 0
            )
        cache.set(self.count_key(), total, content_cache.TIMEOUT)
        return {facet.param: facet.read_counts(by_field, by_flag) for facet in facets}

    def compute_facet_results(self, results):
        facet_results = []
        shown = [facet for facet in self.facets if not facet.requires or facet.requires in self.selected]
        all_counts = self.count_facets(results, shown)
        for facet in shown:
            counts = all_counts[facet.param]
            selected_value = self.selected.get(facet.param)
            values = sorted(counts, key=lambda v: (-counts[v], v))[: facet.limit]
            labels = facet.labels({*values, *([selected_value] if selected_value else [])}, self.locale)
            # Equal counts in the reader's alphabetical order (« Éducation » before « Santé »).
            values.sort(key=lambda v: (-counts[v], collation_key(str(labels.get(v, v)))))
            if selected_value and selected_value not in values:
                values.append(selected_value)
            options = [
                Option(
                    value=value,
                    label=labels.get(value, value),
                    count=counts.get(value, 0),
                    selected=value == selected_value,
                    url=self.url_with(**{facet.param: None if value == selected_value else value}),
                )
                for value in values
            ]
            result = FacetResult(
                param=facet.param, label=facet.label, options=options, more=max(len(counts) - len(values), 0)
            )
            if selected_value:
                result.selected = next((o for o in options if o.selected), None)
                result.remove_url = self.url_with(**{facet.param: None})
            if options:
                facet_results.append(result)
        return facet_results

    def active_filters(self):
        filters = []
        if self.query:
            filters.append({"label": _("les mots « %(q)s »") % {"q": self.query}, "url": self.url_with(q=None)})
        for facet in self.facets:
            if facet.param in self.selected:
                value = self.selected[facet.param]
                label = facet.labels({value}, self.locale).get(value, value)
                # Translators: an active filter, e.g. « Thème : Eau potable ».
                text = _("%(facet)s : %(value)s") % {"facet": facet.label, "value": label}
                filters.append({"label": text, "url": self.url_with(**{facet.param: None})})
        return filters

    # --- URLs ------------------------------------------------------------------------------
    def page_url(self, number):
        url = self.url_with()
        if number == 1:
            return url
        return f"{url}{'&' if '?' in url else '?'}page={number}"

    def url_with(self, **changes):
        """This page's URL with some parameters changed (None removes one); any change of
        filter goes back to the first page, and removing a territory removes what is below it."""
        params = {"q": self.query, "sort": self.sort.value if self.request.GET.get("sort") else "", **self.selected}
        params.update(changes)
        changed = set(changes)
        while changed:  # a territory's change empties the territories below it
            below = {facet.param for facet in self.facets if facet.requires in changed and facet.param not in changes}
            for param in below:
                params[param] = None
            changed = below - changed
        query = QueryDict(mutable=True)
        for key, value in params.items():
            if value:
                query[key] = value
        encoded = query.urlencode()
        return f"{self.request.path}?{encoded}" if encoded else self.request.path
