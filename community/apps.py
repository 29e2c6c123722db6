from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Communauté")

    def ready(self):
        from . import signals  # noqa: F401  (in ready(): the app registry is loaded)
        from .maturation import keep_maturation_documents_out_of_the_search_index  # imports models

        keep_maturation_documents_out_of_the_search_index()
