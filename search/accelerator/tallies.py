"""Facet counts of the unfiltered search pages, kept as pages change.

The needs page and the expert directory with no words and no filter are what most visitors
open first, and what costs most to count: every published page of the model, with its skills,
themes and languages (on PostgreSQL at 100,000 profiles, a quarter of a second of grouping at
the least: docs/benchmarks.md). So the counts are kept instead:

- each published page's own values (`FacetContribution`) and, per model, locale, field and
  value, how many published pages have it (`FacetTally`);
- whenever a page of the model is saved, deleted, or its skills, themes or languages change
  (search/accelerator/signals.py), its values are read again and only what changed is added to or taken
  off the tallies, in the same transaction;
- a visitor of a language sees that language's pages and the French pages not translated into
  it (core/i18n.py `in_language`): the tallies of both, less the French pages that are;
- `manage.py rebuild_facet_tallies` counts everything again (after a bulk load that sends no
  signals, such as `generate_scale_data`). Tallies are read only for a model they were built for.

While any page of the site is private (a view restriction), the counts are made as before: a
restriction can hide any part of the tree. Many-to-many values are kept by the related row's
key, so renaming a skill or a theme changes nothing here; deleting one leaves a key nobody
reads.
"""

import json
import threading
from collections import Counter
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Subquery
from wagtail.models import Page

from core.i18n import default_locale
from core.restrictions import restrictions_exist

from ..discovery import relation
from ..experts import ExpertDiscovery
from ..needs import NeedDiscovery
from .models import FacetContribution, FacetRevision, FacetTally, FacetTallyBuilt

TOTAL = ""  # the field of the tally of all pages

_state = threading.local()


def paused():
    return getattr(_state, "paused", False)


@contextmanager
def pause():
    """Leave the tallies alone in this thread (a bulk load or removal), then `rebuild()`."""
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = False


def discoveries():
    """{page model: its Discovery}: the models whose unfiltered counts are kept."""
    return {discovery.model: discovery for discovery in (NeedDiscovery, ExpertDiscovery)}


def counted(model):
    """(fields, flags) the facets of `model`'s search page count."""
    discovery = discoveries()[model]
    fields = [facet.field for facet in discovery.facets if facet.field]
    flags = [name for facet in discovery.facets for name in facet.flag_fields]
    return fields, flags


def values_of(model, pks):
    """{pk: {field: [values]}} of these pages, as their facets count them."""
    fields, flags = counted(model)
    own = [name for name in fields if not relation(model, name)]
    rows = {pk: {} for pk in pks}
    pages = model._base_manager.filter(pk__in=pks).order_by()
    for pk, *values in pages.values_list("pk", *own, *flags):
        for name, value in zip((*own, *flags), values, strict=True):
            if name in flags:
                if value:
                    rows[pk][name] = [True]
            elif value not in (None, ""):
                rows[pk][name] = [value]
    for name in fields:
        if described := relation(model, name):
            for pk, key in pages.values_list("pk", f"{described[0]}__pk"):
                if key is not None:
                    rows[pk].setdefault(name, []).append(key)
    for values in rows.values():
        for name in values:
            values[name] = sorted(set(values[name]), key=json.dumps)
    return rows


def pairs(values):
    """The (field, JSON value) pairs a page's values add to the tallies, its total included."""
    return {(TOTAL, "")} | {(name, json.dumps(value)) for name, listed in values.items() for value in listed}


def _add(content_type_id, locale_id, changes):
    """Add each (field, value): delta of `changes` to the tallies."""
    for (name, value), delta in changes.items():
        if not delta:
            continue
        tallies = FacetTally.objects.filter(
            content_type_id=content_type_id, locale_id=locale_id, field=name, value=value
        )
        if tallies.update(count=F("count") + delta):
            continue
        try:
            with transaction.atomic():
                FacetTally.objects.create(
                    content_type_id=content_type_id, locale_id=locale_id, field=name, value=value, count=delta
                )
        except IntegrityError:  # created meanwhile by another publication
            tallies.update(count=F("count") + delta)


def _one_at_a_time(content_type_id):
    """Lock the model's built row before any contribution or tally row: the changes to one
    model's pages are made one transaction after the other, never two waiting on each other's
    rows, and numbered in the order they are committed (`_revise`)."""
    list(FacetTallyBuilt.objects.select_for_update().filter(content_type_id=content_type_id).values_list("pk"))


def _revise(content_type_id, page_pk):
    """Number this change of a page's contribution, for the web processes' kept indexes
    (search/accelerator/bitmaps.py). The model's built row is locked until the transaction commits
    (`_one_at_a_time`): the changes are numbered in the order they become visible."""
    built = FacetTallyBuilt.objects.filter(content_type_id=content_type_id)
    if not built.update(revision=F("revision") + 1):
        return  # not built: nothing reads its changes
    revision = built.values_list("revision", flat=True).get()
    FacetRevision.objects.update_or_create(
        page_id=page_pk, defaults={"content_type_id": content_type_id, "revision": revision}
    )


@transaction.atomic
def update(page_pk):
    """Read a page's values again and carry what changed over to the tallies."""

    page = Page.objects.filter(pk=page_pk).values("content_type_id", "live", "locale_id", "translation_key").first()
    if page:
        _one_at_a_time(page["content_type_id"])
    old = FacetContribution.objects.select_for_update().filter(page_id=page_pk).first()
    model = ContentType.objects.get_for_id(page["content_type_id"]).model_class() if page else None
    new_values = None
    if page and page["live"] and model in discoveries():
        new_values = values_of(model, [page_pk])[page_pk]
    if old is not None and new_values is not None:
        if old.values != new_values:
            changes = Counter(dict.fromkeys(pairs(new_values), 1))
            changes.subtract(dict.fromkeys(pairs(old.values), 1))
            _add(old.content_type_id, old.locale_id, changes)
            old.values = new_values
            old.save(update_fields=["values"])
            _revise(old.content_type_id, page_pk)
        return
    if old is not None:
        withdraw(page_pk)
    if new_values is not None:
        FacetContribution.objects.create(
            page_id=page_pk,
            content_type_id=page["content_type_id"],
            locale_id=page["locale_id"],
            translation_key=page["translation_key"],
            values=new_values,
        )
        _add(page["content_type_id"], page["locale_id"], dict.fromkeys(pairs(new_values), 1))
        _revise(page["content_type_id"], page_pk)


@transaction.atomic
def withdraw(page_pk):
    """Take a page off the tallies (unpublished, or being deleted)."""

    content_type_id = Page.objects.filter(pk=page_pk).values_list("content_type_id", flat=True).first()
    if content_type_id:
        _one_at_a_time(content_type_id)
    old = FacetContribution.objects.select_for_update().filter(page_id=page_pk).first()
    if old is not None:
        _add(old.content_type_id, old.locale_id, dict.fromkeys(pairs(old.values), -1))
        old.delete()
        _revise(old.content_type_id, page_pk)


BATCH = 2000


@transaction.atomic
def rebuild(model):
    """Count every published page of `model` again, and mark its tallies as complete."""
    content_type = ContentType.objects.get_for_model(model)
    FacetContribution.objects.filter(content_type=content_type).delete()
    FacetTally.objects.filter(content_type=content_type).delete()
    FacetRevision.objects.filter(content_type=content_type).delete()  # read again whole: see built_at
    pages = list(model.objects.live().order_by("pk").values_list("pk", "locale_id", "translation_key"))
    tallies = Counter()
    for start in range(0, len(pages), BATCH):
        batch = pages[start : start + BATCH]
        values = values_of(model, [pk for pk, _locale, _key in batch])
        FacetContribution.objects.bulk_create(
            FacetContribution(
                page_id=pk, content_type=content_type, locale_id=locale, translation_key=key, values=values[pk]
            )
            for pk, locale, key in batch
        )
        for pk, locale, _key in batch:
            tallies.update((locale, name, value) for name, value in pairs(values[pk]))
    FacetTally.objects.bulk_create(
        FacetTally(content_type=content_type, locale_id=locale, field=name, value=value, count=count)
        for (locale, name, value), count in tallies.items()
    )
    FacetTallyBuilt.objects.update_or_create(content_type=content_type)
    return len(pages)


def counts(model, locale, fields=None, flags=None):
    """`(total, {field: {value: count}}, {flag: count})` of every published page of `model` as
    visitors of `locale` see them, as `facet_counts()` gives them (search/backends); None when
    they are not kept: never built, or some page is private. `fields` and `flags`: only those
    (a page's shown facets: the communes' counts wait for a province), else all of them."""
    if restrictions_exist():
        return None
    content_type = ContentType.objects.get_for_model(model)
    if not FacetTallyBuilt.objects.filter(content_type=content_type).exists():
        return None
    default = default_locale()
    tallies = Counter()
    kept_fields, kept_flags = counted(model)
    fields = kept_fields if fields is None else [name for name in fields if name in kept_fields]
    flags = kept_flags if flags is None else [name for name in flags if name in kept_flags]
    rows = FacetTally.objects.filter(
        content_type=content_type, locale_id__in={locale.pk, default.pk}, field__in=[TOTAL, *fields, *flags]
    )
    for name, value, count in rows.values_list("field", "value", "count"):
        tallies[(name, value)] += count
    if locale.pk != default.pk:
        # The French pages translated into this language show as their translation instead.
        hidden = FacetContribution.objects.filter(
            content_type=content_type,
            locale=default,
            translation_key__in=Subquery(model.objects.filter(locale=locale).values("translation_key")),
        )
        for values in hidden.values_list("values", flat=True):
            tallies.subtract(pairs(values))
    by_field = {name: {} for name in (*fields, *flags)}
    total = 0
    for (name, value), count in tallies.items():
        if name == TOTAL:
            total = count
        elif name in by_field and count > 0:
            by_field[name][json.loads(value)] = count
    by_values = read_keys(model, {name: by_field[name] for name in fields})
    return total, by_values, {name: by_field[name].get(True, 0) for name in flags}


def read_keys(model, by_field):
    """`{field: {value: count}}` as `facet_counts()` gives them, from counts of the values as
    they are kept: across a many-to-many relation, the related rows' keys become the values
    counted (`skills__slug`: the skill's slug), keys sharing a value summed."""
    read = {}
    for name, counts in by_field.items():
        described = relation(model, name)
        if not described:
            read[name] = counts
            continue
        _relation, related, attribute = described
        keys = dict(related._base_manager.filter(pk__in=counts).values_list("pk", attribute))
        read[name] = {}
        for key, count in counts.items():
            if key in keys:
                read[name][keys[key]] = read[name].get(keys[key], 0) + count
    return read
