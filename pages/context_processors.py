from wagtail.models import Page, Site


def navigation(request):
    """The site's top-level menu, in the current language, computed once per request."""

    def menu():
        site = Site.find_for_request(request)
        if site is None:
            return []
        root = site.root_page.localized
        return list(Page.objects.child_of(root).live().in_menu().order_by("path"))

    return {"main_menu": menu}
