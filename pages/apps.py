from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages, territoires et récits")

    def ready(self):
        # Django ships no language info for Standard Moroccan Tamazight (zgh): register it so
        # {% get_language_info %} and the language switcher can name it.
        from django.conf import settings
        from django.conf.locale import LANG_INFO

        from . import signals

        signals.connect_vocabulary_tags()

        for code, info in settings.EXTRA_LANG_INFO.items():
            LANG_INFO.setdefault(code, info)
