"""Wagtail's Elasticsearch 7 backend, with facet counts in one request (see __init__)."""

from modelsearch.backends import elasticsearch7

from . import FacetCountsMixin


class Elasticsearch7SearchResults(FacetCountsMixin, elasticsearch7.Elasticsearch7SearchResults):
    pass


class Elasticsearch7SearchBackend(elasticsearch7.Elasticsearch7SearchBackend):
    results_class = Elasticsearch7SearchResults


SearchBackend = Elasticsearch7SearchBackend
