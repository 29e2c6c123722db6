"""Wagtail's search backends, able to count every facet of a search at once.

Wagtail's `.facet(field)` runs the search once per field: a search page with a dozen filters
paid a dozen requests or queries the first time a search was made. `facet_counts()` gives the
total, every field's values and every boolean flag in one Elasticsearch request (here) or one
PostgreSQL statement (`database.py`), built by Wagtail's own query compilers: same query, same
filters, same counts; `facet_counts_and_first()` gives the first page of results with them, so
that a first search asks once. `first_and_count(size)` gives the first results and their total
at once, where Wagtail asks twice (a search, then a count); `first_and_count_each()` does so
for several searches, on Elasticsearch in one multi-search request (the site search's groups).

Settings name the module: `search.backends.database` (PostgreSQL, or Wagtail's SQLite backend),
`search.backends.elasticsearch7` (the tests' Elasticsearch 7.9.2), `...elasticsearch8` or
`...elasticsearch9` after the server's major version (`ELASTICSEARCH_VERSION`).
"""

from collections import OrderedDict

from modelsearch.backends.base import FilterFieldError

# Terms kept per field. A facet shows its first 12 to 20 values and says how many more there
# are: 500 is far more values than any facet of the site has (themes, territories, skills).
TERMS_SIZE = 500


class FacetCountsMixin:
    """For an Elasticsearch SearchResults class."""

    def facet_counts(self, fields=(), flags=()):
        """`(total, {field: {value: count}}, {flag: count})` for these results, in one request.

        `fields`: FilterField names, counted as `.facet(name)` counts them (the value None for
        documents without one). `flags`: boolean FilterField names, each counted where true.
        """
        return self.facet_counts_and_first(fields, flags)[:3]

    def facet_counts_and_first(self, fields=(), flags=(), size=0):
        """`facet_counts()` and the first `size` results, in their order, in the same request:
        a first search asks once, not twice (its counts, then its page of results)."""
        index, body, params = self._request(fields, flags, size)
        return self._read(self._backend_do_search(body, index=index, **params), fields, flags, size)

    def _request(self, fields, flags, size):
        """The index, body and parameters of `facet_counts_and_first()`'s request."""
        body = self._get_es_body(for_count=not size)
        aggregations = {}
        for number, name in enumerate(fields):
            aggregations[f"field{number}"] = {"terms": {"field": self._column(name), "missing": 0, "size": TERMS_SIZE}}
        if flags:
            aggregations["flags"] = {
                "filters": {"filters": {name: {"term": {self._column(name): True}} for name in flags}}
            }
        if aggregations:
            body["aggregations"] = aggregations
        params = {"size": size, "track_total_hits": True}
        if size:
            params.update({"_source": False, self.fields_param_name: "pk"})
        return self.backend.get_index_for_model(self.query_compiler.queryset.model).name, body, params

    def _read(self, response, fields, flags, size):
        """`facet_counts_and_first()`'s answer from the engine's response to `_request()`."""
        found = response.get("aggregations", {})
        counts = {
            name: OrderedDict(
                (bucket["key"] if bucket["key"] != 0 else None, bucket["doc_count"])
                for bucket in found[f"field{number}"]["buckets"]
            )
            for number, name in enumerate(fields)
        }
        flag_counts = {name: found["flags"]["buckets"][name]["doc_count"] for name in flags}
        first = list(self._get_results_from_hits(response["hits"]["hits"])) if size else None
        return response["hits"]["total"]["value"], counts, flag_counts, first

    @staticmethod
    def multi_first_and_count(searches, size):
        """`first_and_count()` of each of these searches of one Elasticsearch backend, in one
        multi-search request: the engine runs them side by side, and the site search's groups
        pay one round trip, not one each. A search the engine answers with an error is asked
        again alone, so that it raises what a search raises."""
        lines = []
        for results in searches:
            index, body, params = results._request((), (), size)
            lines += [{"index": index}, {**body, **params}]
        es = searches[0].backend.es
        if searches[0].backend.use_new_elasticsearch_api:
            responses = es.msearch(searches=lines)["responses"]
        else:
            responses = es.msearch(body=lines)["responses"]
        answers = []
        for results, response in zip(searches, responses, strict=True):
            if "error" in response:
                answers.append(first_and_count(results, size))
            else:
                total, _counts, _flags, first = results._read(response, (), (), size)
                answers.append((first, total))
        return answers

    def _column(self, name):
        return self.query_compiler.mapping.get_field_column_name(filter_field(self.query_compiler, name))


def filter_field(compiler, name):
    """The FilterField of that name on the searched model, or the error `.facet()` raises."""
    field = compiler._get_filterable_field(name)
    if field is None:
        raise FilterFieldError(
            f"Cannot facet search results with field {name!r}: add index.FilterField({name!r}) to "
            f"{compiler.queryset.model.__name__}.search_fields.",
            field_name=name,
        )
    return field


def first_and_count(results, size):
    """The first `size` of these search results and their total: with the total in the same
    request or statement where the engine can (`facet_counts_and_first()` without facets), else
    as Wagtail gives them (a search, then a count)."""
    if hasattr(results, "facet_counts_and_first"):
        total, _counts, _flags, first = results.facet_counts_and_first(size=size)
        if first is None:  # an order the statement cannot give (PostgreSQL): read apart
            first = list(results[:size]) if total else []
        return first, total
    return list(results[:size]), results.count()


def first_and_count_each(searches, size):
    """`[(first, total)]`, `first_and_count()` of each of these search results: on
    Elasticsearch in one request for them all, else one after the other."""
    searches = list(searches)
    if searches and all(isinstance(results, FacetCountsMixin) for results in searches):
        cluster = {(type(results.backend), repr(results.backend.hosts)) for results in searches}
        if len(cluster) == 1:  # one Elasticsearch server (each search names its index)
            return FacetCountsMixin.multi_first_and_count(searches, size)
    return [first_and_count(results, size) for results in searches]
