from django import template
from django.utils.translation import check_for_language, get_language
from wagtail.models import Page

register = template.Library()


@register.inclusion_tag("components/_breadcrumbs.html")
def breadcrumbs(page):
    """The trail from the home page to `page`, without the tree's invisible root."""
    ancestors = Page.objects.ancestor_of(page).filter(depth__gt=1).order_by("depth") if page else []
    return {"ancestors": ancestors, "page": page}


@register.inclusion_tag("components/_language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages: the translation when it exists, else the
    translated home page."""
    from django.conf import settings
    from django.urls import translate_url

    request = context.get("request")
    page = context.get("page")
    current = get_language()
    links = []
    translations = {}
    if isinstance(page, Page):
        translations = {
            p.locale.language_code: p for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    for code, name in settings.LANGUAGES:
        if not check_for_language(code):
            # No interface catalogue yet (Tamazight until its translations land): its URLs
            # would not resolve, so the switcher does not offer it.
            continue
        if code in translations:
            url = translations[code].get_url(request)
        elif request is not None:
            url = translate_url(request.path, code)
        else:
            url = "/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}
