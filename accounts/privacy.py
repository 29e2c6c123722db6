from wagtail.models import Locale

from core.i18n import current_locale, localized
from pages.models import StandardPage

PRIVACY_SLUG = "confidentialite"


def privacy_notice():
    """The privacy notice (the standard page `confidentialite`), in the visitor's language when
    translated; None before the site is set up."""
    page = StandardPage.objects.live().filter(slug=PRIVACY_SLUG, locale=Locale.get_default()).first()
    if page is None:
        return None
    return localized([page], current_locale())[0]
