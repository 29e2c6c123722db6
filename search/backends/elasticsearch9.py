"""Wagtail's Elasticsearch 9 backend, with facet counts in one request (see __init__)."""

from modelsearch.backends import elasticsearch9

from . import FacetCountsMixin


class Elasticsearch9SearchResults(FacetCountsMixin, elasticsearch9.Elasticsearch9SearchResults):
    pass


class Elasticsearch9SearchBackend(elasticsearch9.Elasticsearch9SearchBackend):
    results_class = Elasticsearch9SearchResults


SearchBackend = Elasticsearch9SearchBackend
