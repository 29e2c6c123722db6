"""The faceted searches of every published need sheet or expert profile, answered from an index
kept in each web process, on PostgreSQL.

A word that a third of 100,000 profiles contain costs PostgreSQL 0.3 s to count exactly, on the
machines we run on: joining each match to the page tree (is it published, in this language?),
then grouping some 300,000 link rows (its skills, themes, languages). Whatever the schema, exact
counts of so many matches stay over 100 ms there (docs/benchmarks.md). So each process keeps,
for every facet value, the published pages that have it — a bit string over the page keys, or a
set for the values few pages have — read from the facet contributions search/accelerator/tallies.py keeps
as pages change. A search then asks PostgreSQL only for the index entries its words match, with
their rank (Wagtail's own query compiler builds the words' query and rank, so the matches and
their order are Wagtail's), and keeps, counts and ranks them here: a few bit operations per
facet value.

Fresh: before each search the process reads the contributions changed since it last looked
(`FacetRevision`, numbered in commit order: one indexed query, nothing when nothing changed) and
applies them; after `rebuild_facet_tallies` it reads them again whole, and ranks the words of
its searches afresh: `manage.py restore` ends with it, so a process serving a restored
database needs no restart.

The words' matches stay ranked too (`Rankings`): for the words of its last searches a process
keeps their matches best ranked first, and on the next search ranks again only the index
entries written or deleted since (search/migrations/0004 logs them by transaction).

Used when the search backend is Wagtail's database backend on PostgreSQL, the model's tallies
are built and no page is private (a view restriction can hide any part of the tree); otherwise
the engine answers as before. Elasticsearch counts a broad word within the target by itself.
"""

import logging
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from itertools import islice

import psycopg
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connections
from django.db.models import F, IntegerField
from django.db.models.functions import Cast
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.query import MatchAll

from core.i18n import default_locale
from core.restrictions import restrictions_exist

from . import tallies
from .models import FacetContribution, FacetRevision, FacetTallyBuilt

logger = logging.getLogger(__name__)

DENSE = 256  # values of at least this many pages are kept as bit strings, the others as sets

_lock = threading.RLock()  # re-entered: a search under it may reload an index, dropping its rankings
_indexes = {}  # {page model: KeptIndex}


def forget():
    """Drop every kept index and ranking (tests: their database goes back to an earlier state)."""
    with _lock:
        _indexes.clear()
        _rankings.clear()


def to_bits(pks):
    """The bit string (a Python int) with the bits of these page keys set."""
    pks = list(pks)
    if not pks:
        return 0
    bits = bytearray((max(pks) >> 3) + 1)
    for pk in pks:
        bits[pk >> 3] |= 1 << (pk & 7)
    return int.from_bytes(bits, "little")


def as_bytes(bits):
    """A bit string as bytes, to test single bits cheaply: `has(data, pk)`."""
    return bits.to_bytes((bits.bit_length() + 7) // 8, "little")


def has(data, pk):
    index = pk >> 3
    return index < len(data) and data[index] >> (pk & 7) & 1


class KeptIndex:
    """The published pages of one model, their locale, and for each facet value (a field and a
    value, as search/accelerator/tallies.py keeps them) the pages that have it."""

    def __init__(self, model):
        self.model = model
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        self.built_at, self.revision, self.default_id = None, 0, None
        # Translation keys are kept as ints, not UUIDs: ints and tuples of ints are not objects
        # Python's garbage collector walks through, 120,000 UUIDs are (a full collection of
        # the process took 25 ms more with them).
        self.pages = {}  # {pk: (locale_id, translation key as an int)}
        self.locales = {}  # {locale_id: bit string of its pages}
        self.sources = {}  # {translation key as an int: pk} of the pages in the default locale
        self.value_ids = {}  # {(field, value): value id}
        self.values = []  # [(field, value)], by value id
        self.members = []  # [int bit string or set of pks], by value id
        self.by_field = {}  # {field: [value id, ...]}

    # --- keeping up with the database --------------------------------------------------------
    def refresh(self):
        """Read what changed since the last time; False when the model's tallies are not built."""
        built = FacetTallyBuilt.objects.filter(content_type_id=self.content_type_id)
        built = built.values_list("built_at", "revision").first()
        if built is None:
            return False
        built_at, revision = built
        if built_at != self.built_at or revision < self.revision or default_locale().pk != self.default_id:
            self.load(built_at, revision)
            with _lock:  # counted again (a restored backup, say): its words are ranked afresh too
                _rankings.pop(self.model, None)
        elif revision > self.revision:
            changed = FacetRevision.objects.filter(content_type_id=self.content_type_id, revision__gt=self.revision)
            pks = list(changed.values_list("page_id", flat=True))
            rows = {row[0]: row for row in self.contributions(page_id__in=pks)}
            for pk in pks:
                self.remove(pk)
                if pk in rows:
                    self.add(*rows[pk])
            self.revision = revision
        return True

    def contributions(self, **lookup):
        rows = FacetContribution.objects.filter(content_type_id=self.content_type_id, **lookup)
        return rows.values_list("page_id", "locale_id", "translation_key", "values").iterator(chunk_size=5000)

    def load(self, built_at, revision):
        """Read every contribution again. A change committed meanwhile is numbered after
        `revision`: read again by the next refresh, which reads the page's row as it is then."""
        self.__init__(self.model)
        self.default_id = default_locale().pk
        by_value, by_locale = {}, {}
        for pk, locale_id, key, values in self.contributions():
            self.record(pk, locale_id, key)
            by_locale.setdefault(locale_id, []).append(pk)
            for value_id in self.value_ids_of(values):
                by_value.setdefault(value_id, []).append(pk)
        for value_id, pks in by_value.items():
            self.members[value_id] = to_bits(pks) if len(pks) >= DENSE else set(pks)
        self.locales = {locale_id: to_bits(pks) for locale_id, pks in by_locale.items()}
        self.built_at, self.revision = built_at, revision

    def record(self, pk, locale_id, key):
        key = key.int
        self.pages[pk] = (locale_id, key)
        if locale_id == self.default_id:
            self.sources[key] = pk

    def value_ids_of(self, values):
        """The ids of a page's values, `{field: [value, ...]}` as its contribution keeps them."""
        ids = []
        for name, listed in values.items():
            for value in listed:
                pair = (name, value)
                if pair not in self.value_ids:
                    self.value_ids[pair] = len(self.values)
                    self.values.append(pair)
                    self.members.append(set())
                    self.by_field.setdefault(name, []).append(self.value_ids[pair])
                ids.append(self.value_ids[pair])
        return ids

    def add(self, pk, locale_id, key, values):
        self.record(pk, locale_id, key)
        self.locales[locale_id] = self.locales.get(locale_id, 0) | 1 << pk
        for value_id in self.value_ids_of(values):
            members = self.members[value_id]
            if isinstance(members, int):
                self.members[value_id] = members | 1 << pk
            else:
                members.add(pk)

    def remove(self, pk):
        """Take a page off: its bit cleared in every value (its values are not kept: a few
        hundred bit operations, once per change)."""
        if pk not in self.pages:
            return
        locale_id, key = self.pages.pop(pk)
        if self.sources.get(key) == pk:
            del self.sources[key]
        self.locales[locale_id] &= ~(1 << pk)
        mask = ~(1 << pk)
        for value_id, members in enumerate(self.members):
            if isinstance(members, int):
                if members >> pk & 1:
                    self.members[value_id] = members & mask
            else:
                members.discard(pk)

    # --- reading -----------------------------------------------------------------------------
    def visible(self, locale, translated=()):
        """The bit string of the pages a visitor of `locale` sees (core/i18n.py `in_language`):
        those in `locale`, and the source language's that have no translation in it, published
        or not (`translated`: the translation keys of its pages in `locale`)."""
        bits = self.locales.get(self.default_id, 0)
        if locale.pk != self.default_id:
            hidden = (self.sources.get(key.int) for key in translated)
            bits = (bits & ~to_bits(pk for pk in hidden if pk is not None)) | self.locales.get(locale.pk, 0)
        return bits

    def having(self, field, values):
        """The bit string of the pages with any of these values of `field`."""
        bits = 0
        for value in values:
            value_id = self.value_ids.get((field, value))
            if value_id is not None:
                members = self.members[value_id]
                bits |= members if isinstance(members, int) else to_bits(members)
        return bits

    def count(self, bits, fields, flags):
        """`(total, {field: {value: count}}, {flag: count})` of the pages of `bits`, as
        `facet_counts()` gives them (search/backends)."""
        data = None
        counts = {}
        for name in (*fields, *flags):
            counted = counts[name] = {}
            for value_id in self.by_field.get(name, ()):
                members = self.members[value_id]
                if isinstance(members, int):
                    number = (members & bits).bit_count()
                else:
                    if data is None:
                        data = as_bytes(bits)
                    number = sum(1 for pk in members if has(data, pk))
                if number:
                    counted[self.values[value_id][1]] = number
        by_field = tallies.read_keys(self.model, {name: counts[name] for name in fields})
        return bits.bit_count(), by_field, {name: counts[name].get(True, 0) for name in flags}


def index(model):
    """The kept index of `model`, fresh; None when it cannot answer (see the module's text)."""
    backend = get_search_backend()
    if getattr(backend, "keeps_facets", False) is not True or restrictions_exist():
        return None
    if model not in tallies.discoveries():
        return None
    if model not in _indexes:
        _indexes[model] = KeptIndex(model)
    return _indexes[model] if _indexes[model].refresh() else None


RANKINGS = 64  # the searches whose words each process keeps ranked, per model,
RANKED = 500_000  # and their matches at most (16 bytes each: 8 MiB)
RANK_AGAIN = 2000  # more entries changed than this since a ranking was made: made again whole

_rankings = {}  # {page model: Rankings}


def forget_rankings():
    """Drop the words' rankings every process keeps (the benchmark's cold searches)."""
    with _lock:
        _rankings.clear()


def entries(model, query):
    """`(rank, key)` of `model`'s index entries matching `query`, ranked as Wagtail's database
    backend ranks them on PostgreSQL (its own query compiler builds the words' query and the
    rank); None when `query` matches everything."""
    IndexEntry = get_app_config().get_model("IndexEntry")  # Wagtail's index entries (public API)
    results = model.objects.all().search(query, operator="and")
    compiler = results.query_compiler
    if isinstance(compiler.query, MatchAll):
        return None
    config = compiler.get_config(results.backend)
    words = compiler.build_tsquery(compiler.query, config=config)
    rank = compiler._build_rank_expression([(F("title"), F("title_norm")), (F("body"), 1.0)], config)
    return (
        IndexEntry._default_manager.using(compiler.queryset.db)
        .filter(content_type_id=ContentType.objects.get_for_model(model).pk)
        .annotate(cds_vector=F("title")._combine(F("body"), "||", False))
        .filter(cds_vector=words)
        .annotate(cds_rank=rank, cds_key=Cast("object_id", IntegerField()))
        .values_list("cds_rank", "cds_key")
        .order_by()
    )


def ranked(found):
    """`(snapshot, ranks, keys)` of the entries `found`, best ranked first (by rank, then key,
    both descending, as Wagtail orders them), in one statement that hands over two arrays, not
    a row per match; `snapshot`: what that statement saw (`changed_since`)."""
    connection = connections[found.db]
    # The words and configuration written into the statement as constants (psycopg quotes
    # them), as Django's client-side cursor sends them: PostgreSQL parses the words once.
    sql = connection.ops.compose_sql(*found.query.sql_with_params())
    connection.ensure_connection()
    # A cursor that reads binary results: 31,000 ranks parsed from text cost 10 ms more. Made
    # through Django's wrappers, so that the query is logged and counted as any other.
    raw = psycopg.Cursor(connection.connection)
    raw.format = psycopg.pq.Format.BINARY
    cursor = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with cursor:
        # Sorted once, below the aggregates (nothing above it reorders the rows: no join), so
        # that both arrays are in that order.
        cursor.execute(
            "SELECT pg_current_snapshot()::text, array_agg(cds_rank), array_agg(cds_key)"
            f" FROM (SELECT * FROM ({sql}) AS cds_entries ORDER BY cds_rank DESC, cds_key DESC) AS cds_ranked"
        )
        snapshot, ranks, keys = cursor.fetchone()
    return snapshot, array("d", ranks or ()), array("q", keys or ())


def matching(model, query):
    """The keys of `model`'s pages whose index entries match `query`, best ranked first; None
    when `query` matches everything. Read whole from the database (`Rankings` keeps them)."""
    found = entries(model, query)
    return None if found is None else list(ranked(found)[2])


def changed_since(content_type_id, snapshot, using="default"):
    """`(now, keys)`: the keys of the index entries of a model written or deleted by the
    transactions `snapshot` did not see committed (search/migrations/0004), or by this one;
    `now`: the snapshot of that reading, to give next time. In one statement: a transaction
    committed after it is not seen by it, and read next time."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT pg_current_snapshot()::text, array_agg(object_id) FROM cds_search_entry_change"
            " WHERE content_type_id = %s AND (xact >= pg_snapshot_xmin(%s::pg_snapshot)"
            " AND NOT pg_visible_in_snapshot(xact, %s::pg_snapshot) OR xact = pg_current_xact_id_if_assigned())",
            [content_type_id, snapshot, snapshot],
        )
        now, keys = cursor.fetchone()
    return now, [int(key) for key in keys or () if key.isdigit()]


class Ranking:
    """The pages a search's words match, best ranked first: their keys and ranks (arrays of
    numbers: nothing the garbage collector walks through), and the snapshot they are fresh at."""

    __slots__ = ("keys", "ranks", "snapshot")

    def __init__(self, snapshot, ranks, keys):
        self.snapshot, self.ranks, self.keys = snapshot, ranks, keys

    def position(self, rank, key):
        """Where an entry of this rank and key goes, in order (rank, then key, descending)."""
        ranks, keys = self.ranks, self.keys
        return bisect_left(range(len(keys)), (-rank, -key), key=lambda i: (-ranks[i], -keys[i]))

    def updated(self, snapshot, changed, found):
        """A copy where the `changed` keys are ranked as `found` ((rank, key) pairs) ranks
        them now: taken off, and put back where they go if they still match."""
        ranks, keys = array("d", self.ranks), array("q", self.keys)
        changed = set(changed)
        for index in reversed([index for index, key in enumerate(keys) if key in changed]):
            del ranks[index], keys[index]
        ranking = Ranking(snapshot, ranks, keys)
        for rank, key in found:
            index = ranking.position(rank, key)
            ranks.insert(index, rank)
            keys.insert(index, key)
        return ranking


class Rankings:
    """For the words of the last searches (`RANKINGS`, `RANKED`), the pages of a model they
    match, best ranked first, kept by the process. A broad word costs PostgreSQL most of a search to match
    and rank (« ingénieur »: 31,000 of 100,000 profiles, 45 ms); its ranking kept, the next
    search reads only the entries changed since (search/migrations/0004) and ranks those again:
    exactly what matching again whole would give, in a millisecond or two."""

    def __init__(self, model):
        self.model = model
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        self.kept = OrderedDict()  # {words: Ranking}, the last used last

    def keys(self, query):
        """The keys of the pages whose index entries match `query`, best ranked first; None
        when `query` matches everything."""
        with _lock:
            ranking = self.kept.get(query)
        found = entries(self.model, query)
        if found is None:
            return None
        if ranking is not None:
            snapshot, changed = changed_since(self.content_type_id, ranking.snapshot, found.db)
            if len(changed) > RANK_AGAIN:
                ranking = None
            elif changed:
                ranking = ranking.updated(snapshot, changed, found.filter(object_id__in=[str(key) for key in changed]))
            else:
                ranking = Ranking(snapshot, ranking.ranks, ranking.keys)
        if ranking is None:
            ranking = Ranking(*ranked(found))
        with _lock:
            self.kept[query] = ranking
            self.kept.move_to_end(query)
            while len(self.kept) > RANKINGS or sum(len(kept.keys) for kept in self.kept.values()) > RANKED:
                self.kept.popitem(last=False)
        return ranking.keys


def rankings(model):
    with _lock:
        if model not in _rankings:
            _rankings[model] = Rankings(model)
        return _rankings[model]


class KeptSearch:
    """One search over the published pages of a model, from its kept index: `query` (words, or
    empty), `filters` ((field, [stored values]) pairs, read once when first needed: each kept
    page has one of the values of every filter), as a visitor of `locale` sees them. Its counts, total and pages in order of
    relevance; read from the database when first asked for."""

    def __init__(self, kept, locale, query, filters, queryset):
        self.kept, self.locale, self.query, self.filters = kept, locale, query, filters
        self.queryset = queryset  # where the pages shown are read from
        self._bits = self._ranked = None

    def bits(self):
        if self._bits is None:
            translated = ()  # the queries outside the lock
            if self.locale.pk != default_locale().pk:
                pages = self.kept.model._base_manager.filter(locale=self.locale)
                translated = list(pages.values_list("translation_key", flat=True).order_by())
            filters = list(self.filters)
            with _lock:
                bits = self.kept.visible(self.locale, translated)
                for field, values in filters:
                    bits &= self.kept.having(field, values)
            if self.query:
                self._ranked = rankings(self.kept.model).keys(self.query) or []
                bits &= to_bits(self._ranked)
            self._bits = bits
        return self._bits

    def counts(self, fields=(), flags=()):
        bits = self.bits()
        with _lock:
            return self.kept.count(bits, fields, flags)

    def count(self):
        return self.bits().bit_count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        """Pages of a search by words in order of relevance (rank, then key, both descending, as
        Wagtail orders them), read when something iterates over them. Without words only the
        counts are read here: the pages come from the engine, in the order chosen."""
        if not isinstance(index, slice):
            return self.pages(index, index + 1)[0]
        return KeptSlice(self, index.start or 0, index.stop)

    def pages(self, start, stop):
        data = as_bytes(self.bits())
        stop = self.count() if stop is None else stop
        pks = list(islice((pk for pk in self._ranked if has(data, pk)), start, stop))  # the best ranked first
        found = self.queryset.in_bulk(pks)
        return [found[pk] for pk in pks if pk in found]


class KeptSlice:
    def __init__(self, search, start, stop):
        self.search, self.start, self.stop = search, start, stop

    def __iter__(self):
        return iter(self.search.pages(self.start, self.stop))


def warm():
    """Read the kept indexes now: a web process starting (cds/gunicorn.conf.py), so that no
    visitor's search waits while they are read whole. A database that cannot be read leaves
    them to the first search."""
    try:
        for model in tallies.discoveries():
            with _lock:
                index(model)
    except DatabaseError:
        logger.exception("The kept facet indexes could not be read at start")


def search(model, locale, query, filters, queryset):
    """A KeptSearch of `model`'s published pages, or None when no kept index can answer."""
    with _lock:
        kept = index(model)
    if kept is None:
        return None
    return KeptSearch(kept, locale, query, filters, queryset)
