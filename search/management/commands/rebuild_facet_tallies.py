"""Count the facets of the unfiltered search pages again (search/accelerator/README.md)."""

import time

from django.core.management.base import BaseCommand

from search import accelerator


class Command(BaseCommand):
    help = "Count again the facets of the needs page and the expert directory without filters."

    def handle(self, *args, **options):
        started = time.perf_counter()
        for model, count in accelerator.rebuild():
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count} published pages counted.")
        self.stdout.write(f"In {time.perf_counter() - started:.1f} s.")
