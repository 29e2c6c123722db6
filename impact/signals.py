from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import cache

from .models import AdcTraining, ImpactTargets


@receiver(post_save, sender=ImpactTargets)
@receiver(post_save, sender=AdcTraining)
@receiver(post_delete, sender=AdcTraining)
def figures_changed(sender, created=False, **kwargs):
    """Targets and trainings show on the Impact page and the home page: forget cached pages.
    (The targets' row is created with the defaults on first reading: nothing changes then.)"""
    if not (sender is ImpactTargets and created):
        cache.bump()
