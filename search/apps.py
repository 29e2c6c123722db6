from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "cds_search"
    verbose_name = _("Recherche")

    def ready(self):
        from . import accelerator  # in ready(): the app registry is loaded

        accelerator.connect()
