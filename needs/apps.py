from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = _("Besoins des PCD")

    def ready(self):
        from . import signals  # noqa: F401  (in ready(): connects the receivers)
