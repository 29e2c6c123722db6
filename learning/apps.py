from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Espaces d'apprentissage")

    def ready(self):
        from . import signals  # noqa: F401  (in ready(): the app registry is loaded)
