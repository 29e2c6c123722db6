from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.models import Page, Site

from . import cache as content_cache


def navigation(request):
    """The site's top-level menu in the current language, cached until the content changes."""

    def menu():
        site = Site.find_for_request(request)
        if site is None:
            return []
        key = content_cache.key("main-menu", site.pk, get_language())
        items = cache.get(key)
        if items is None:
            root = site.root_page.localized
            items = [
                {"pk": page.pk, "title": page.title, "url": page.get_url(request)}
                for page in Page.objects.child_of(root).live().in_menu().order_by("path")
            ]
            cache.set(key, items, content_cache.TIMEOUT)
        return items

    # Template fragments that depend on many pages (the matches) are cached under this version.
    return {"main_menu": menu, "content_version": content_cache.version}
