"""Wagtail's Elasticsearch 8 backend, with facet counts in one request (see __init__)."""

from modelsearch.backends import elasticsearch8

from . import FacetCountsMixin


class Elasticsearch8SearchResults(FacetCountsMixin, elasticsearch8.Elasticsearch8SearchResults):
    pass


class Elasticsearch8SearchBackend(elasticsearch8.Elasticsearch8SearchBackend):
    results_class = Elasticsearch8SearchResults


SearchBackend = Elasticsearch8SearchBackend
