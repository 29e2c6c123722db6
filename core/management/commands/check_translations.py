import shutil
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands import makemessages
from django.test.utils import override_settings

# The interface catalogues that must be complete: every language the site speaks.
COMPLETE_LANGUAGES = ["fr", "ar", "en", "zgh"]
# What `makemessages` must not read: installed packages, tests, benchmarks, collected files.
IGNORED = [".venv", "tests", "benchmarks", "static_collected", "media", "node_modules"]


class Extract(makemessages.Command):
    """Django's makemessages, writing every string it finds into the catalogues of `folder`.
    Left alone, it files the project's strings under the project's own locale/, found while
    walking the project, whatever LOCALE_PATHS says."""

    def __init__(self, folder):
        super().__init__()
        self.folder = str(folder)

    def find_files(self, root):
        files = super().find_files(root)
        for file in files:
            file.locale_dir = self.folder
        return files


class Command(BaseCommand):
    help = (
        "Fail when the French, Arabic, English or Tamazight interface catalogue has an untranslated "
        "or fuzzy entry. The strings are first extracted again from the code and templates (into a "
        "temporary copy of locale/), so a string added without updating the catalogues counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--locale-dir", help="Check the catalogues of this folder instead of the project's.")
        parser.add_argument(
            "--no-extract",
            action="store_true",
            help="Check the catalogues as they are, without extracting the strings again.",
        )

    def handle(self, *args, locale_dir=None, no_extract=False, **options):
        source = Path(locale_dir or settings.LOCALE_PATHS[0])
        with tempfile.TemporaryDirectory() as work:
            folder = source
            if not no_extract:
                folder = Path(work) / "locale"
                shutil.copytree(source, folder)
                with override_settings(LOCALE_PATHS=[folder]):
                    call_command(
                        Extract(folder),
                        locale=[code for code, _name in settings.LANGUAGES],
                        ignore_patterns=IGNORED,
                        add_location="file",
                        no_obsolete=True,
                        verbosity=0,
                    )
            problems = []
            for language in COMPLETE_LANGUAGES:
                path = folder / language / "LC_MESSAGES" / "django.po"
                if not path.exists():
                    problems.append(f"{language}: no catalogue at {path}")
                    continue
                catalogue = polib.pofile(str(path))
                for entry in catalogue.untranslated_entries():
                    problems.append(f"{language}: untranslated: {entry.msgid!r}")
                for entry in catalogue.fuzzy_entries():
                    problems.append(f"{language}: fuzzy: {entry.msgid!r}")
        if problems:
            raise CommandError(
                f"{len(problems)} interface string(s) to translate (run `make messages`, then translate "
                "them in locale/):\n" + "\n".join(problems)
            )
        self.stdout.write(self.style.SUCCESS(f"Catalogues complete: {', '.join(COMPLETE_LANGUAGES)}."))
