"""Count the facets of the unfiltered search pages again (search/tallies.py)."""

import time

from django.core.management.base import BaseCommand

from search import tallies


class Command(BaseCommand):
    help = "Count again the facets of the needs page and the expert directory without filters."

    def handle(self, *args, **options):
        for model in tallies.discoveries():
            started = time.perf_counter()
            count = tallies.rebuild(model)
            self.stdout.write(
                f"{model._meta.verbose_name_plural}: {count} published pages counted "
                f"in {time.perf_counter() - started:.1f} s."
            )
