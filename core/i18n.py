"""Languages of content: French is the source, Arabic, English and Tamazight translate it.

Not every page is translated (a need sheet is written once, in French or in Arabic). A visitor
reading in another language sees each page in their language when it exists and in its
original language otherwise, with a notice, never a 404:

- `in_language()` narrows a queryset to one page per translation group, in the visitor's
  language when there is one;
- the home page routes a path it cannot find in its own language through the French tree
  (home/models.py), and `prefixed_url()` gives such a page its URL under the visitor's language
  prefix, so that the interface stays in their language.
"""

from django.conf import settings
from django.db.models import Subquery
from django.utils import translation
from wagtail.models import Locale

from .cache import kept

LOCALES_CACHE_KEY = "cds:locales"


def locales():
    """The site's Locale rows by language code, read once and kept in the cache (they change
    only when a language is added; pages/signals.py clears the entry then), and read from it
    once per request (core/cache.py)."""
    return kept(LOCALES_CACHE_KEY, lambda: {locale.language_code: locale for locale in Locale.objects.all()})


def default_locale():
    return locales().get(settings.LANGUAGE_CODE) or Locale.get_default()


def current_locale():
    """The Locale of the active language, or the default one."""
    return locales().get(translation.get_language()) or default_locale()


def language_of(obj):
    """The language code of a translatable object, without reading its Locale row."""
    for code, locale in locales().items():
        if locale.pk == obj.locale_id:
            return code
    return obj.locale.language_code


def locale_of(obj):
    """The Locale of a translatable object, from the cache rather than its foreign key."""
    for locale in locales().values():
        if locale.pk == obj.locale_id:
            return locale
    return obj.locale


def in_language(queryset, locale=None):
    """The pages (or snippets) of `queryset` as a visitor of `locale` sees them: those in
    `locale`, and those of the source language that have no translation in `locale`.

    Works before `.search()` on every search backend: `locale` and `translation_key` are
    filter fields of every page.
    """
    locale = locale or current_locale()
    default = default_locale()
    if locale.pk == default.pk:
        return queryset.filter(locale=default)
    # Only the translation keys of this queryset's own source pages: the list stays as short as
    # the number of translated pages among them (a search backend needs it as values).
    sources = queryset.filter(locale=default).values("translation_key").order_by()
    translated = list(
        queryset.model.objects.filter(locale=locale, translation_key__in=Subquery(sources))
        .values_list("translation_key", flat=True)
        .order_by()
    )
    queryset = queryset.filter(locale__in=[locale.pk, default.pk])
    if translated:
        queryset = queryset.exclude(locale=default, translation_key__in=translated)
    return queryset


def localized(objects, locale=None):
    """Each object in `locale` when a translation exists, else as it is (one query)."""
    locale = locale or current_locale()
    objects = list(objects)
    keys = [obj.translation_key for obj in objects if obj.locale_id != locale.pk]
    if not keys:
        return objects
    model = type(objects[0])
    translations = {obj.translation_key: obj for obj in _translations_of(model, keys, locale)}
    return [translations.get(obj.translation_key, obj) if obj.locale_id != locale.pk else obj for obj in objects]


def _translations_of(model, keys, locale):
    queryset = model.objects.filter(translation_key__in=keys, locale=locale)
    if hasattr(queryset, "live"):
        queryset = queryset.live()
    return queryset


def prefixed_url(url, language=None):
    """`url`, a path of the unprefixed default language, under `language`'s URL prefix."""
    language = language or translation.get_language()
    if not url or not url.startswith("/") or language == settings.LANGUAGE_CODE:
        return url
    languages = dict(settings.LANGUAGES)
    if language not in languages or url.split("/")[1] in languages:
        return url  # already the URL of a page in another language
    return f"/{language}{url}"


def source_page(page):
    """`page` in the source language (what members' registrations, posts and checklists hang
    on, so that readers of every language see the same ones); itself when untranslated."""
    default = default_locale()
    if page.locale_id == default.pk:
        return page
    return type(page).objects.filter(translation_key=page.translation_key, locale=default).first() or page
