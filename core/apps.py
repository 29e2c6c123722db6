from django.apps import AppConfig
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared infrastructure every app builds on: the content version and the page cache
    (`cache`, `middleware`), the languages of content (`i18n`), mail in the recipient's
    language (`mail`), text for search and addresses (`text`), the staff roles (`roles`), the
    view restrictions (`restrictions`), backups, and the translation check."""

    name = "core"
    verbose_name = _("Socle commun")

    def ready(self):
        # Django ships no language info for Standard Moroccan Tamazight (zgh): register it so
        # {% get_language_info %} and the language switcher can name it.

        for code, info in settings.EXTRA_LANG_INFO.items():
            LANG_INFO.setdefault(code, info)
