from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import check_for_language, get_language, get_language_info
from wagtail.models import Page

from core import cache as content
from core.i18n import current_locale, default_locale, language_of, localized, prefixed_url
from pages.models import TerritoryPage, Theme
from pages.outlines import view_box

register = template.Library()


@register.inclusion_tag("components/_breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """The trail from the home page to `page`, without the tree's invisible root, in the
    visitor's language: a page shown untranslated still leads back through translated pages."""

    if not page:
        return {"ancestors": [], "page": page}
    request = context.get("request")
    key = content.key("breadcrumbs", page.pk, get_language(), getattr(request, "path", ""))
    trail = cache.get(key)
    if trail is None:
        ancestors = localized(Page.objects.ancestor_of(page).filter(depth__gt=1).order_by("depth"))
        trail = [{"title": ancestor.title, "url": prefixed_url(ancestor.get_url(request))} for ancestor in ancestors]
        cache.set(key, trail, content.TIMEOUT)
    return {"ancestors": trail, "page": page}


@register.inclusion_tag("components/_language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages: the translation when it exists, else the same
    path under the language's prefix (the page shown untranslated, with a notice)."""

    request = context.get("request")
    page = context.get("page")
    current = get_language()
    path = getattr(request, "path", "")
    key = content.key("language-switcher", page.pk if isinstance(page, Page) else None, current, path)
    links = cache.get(key)
    if links is not None:
        return {"links": links}
    links = []
    translations = {}
    if isinstance(page, Page):
        translations = {
            p.locale.language_code: p for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    for code, name in settings.LANGUAGES:
        if not check_for_language(code):
            # No compiled interface catalogue (`make translations` not run): the language's URLs
            # would not resolve, so the switcher does not offer it.
            continue
        if code in translations:
            with translation.override(code):
                url = translations[code].get_url(request)
        elif request is not None:
            url = translate_url(request.path, code)
        else:
            url = "/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    cache.set(key, links, content.TIMEOUT)
    return {"links": links}


@register.simple_tag(takes_context=True)
def content_language(context, page):
    """The language of `page`'s content when it differs from the interface's (a page not yet
    translated), as {"code", "name", "attrs"}; None otherwise."""
    if not isinstance(page, Page):
        return None
    return other_language(page)


@register.filter
def content_lang(obj):
    """` lang="fr" dir="ltr"` for the title or summary of a page (or a translatable snippet)
    listed in another language than the interface's, as an untranslated page is: screen
    readers then read it in its own language, and its punctuation stays in place in a
    right-to-left page. Empty otherwise."""
    language = other_language(obj)
    return language["attrs"] if language else ""


_themes = (None, {})  # (content key, themes) read by this process


@register.filter
def localized_theme(theme):
    """`theme` in the interface's language where it is translated, else as it is (then marked
    by `content_lang`): an untranslated need sheet listed on /ar/ shows « الصحة », not
    « Santé ». Every theme is read once per content version (a theme's change moves it on)
    and kept by the process, so a list of cards asks nothing more (from the cache, the
    themes were unpickled again for every card: about 10 ms for a page of 20 needs)."""
    global _themes

    if theme is None:
        return None
    key = content.key("themes-by-language")
    if _themes[0] != key:
        _themes = (
            key,
            {(t.translation_key, t.locale.language_code): t for t in Theme.objects.select_related("locale")},
        )
    return _themes[1].get((theme.translation_key, get_language()), theme)


def other_language(obj):
    if getattr(obj, "locale_id", None) is None or obj.locale_id == current_locale().pk:
        return None
    code = language_of(obj)
    info = get_language_info(code)
    return {
        "code": code,
        "name": info["name_translated"],
        "attrs": format_html(' lang="{}" dir="{}"', code, "rtl" if info["bidi"] else "ltr"),
    }


@register.inclusion_tag("components/_commune_map.html")
def commune_map(commune):
    """Where a commune lies in its province: the province's communes drawn from their outlines,
    this one highlighted. Nothing when the outlines are missing."""

    # The drawing depends on the territories only: kept until the content changes.
    key = content.key("commune-map", commune.pk)
    drawing = cache.get(key)
    if drawing is None:
        default = default_locale()
        source = commune if commune.locale_id == default.pk else commune.get_translation_or_none(default)
        if source is None or not source.outline:
            drawing = {}
        else:
            province_code = source.hcp_code[:6]
            shapes = list(
                TerritoryPage.objects.filter(
                    level=TerritoryPage.Level.COMMUNE, locale=default, hcp_code__startswith=f"{province_code}."
                )
                .exclude(outline="")
                .values_list("hcp_code", "outline")
            )
            drawing = {
                "view_box": view_box([outline for _code, outline in shapes]),
                "others": [outline for code, outline in shapes if code != source.hcp_code],
                "outline": source.outline,
                "province": {"title": commune.get_parent().title},
            }
        cache.set(key, drawing, content.TIMEOUT)
    return {"commune": commune, **drawing} if drawing else {}
