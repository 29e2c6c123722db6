from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages, territoires et récits")

    def ready(self):
        from . import signals  # in ready(): the app registry is loaded

        signals.connect_vocabulary_tags()
